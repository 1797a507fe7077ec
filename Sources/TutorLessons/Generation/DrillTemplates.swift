/// The shapes of graph a drill draws from, by level: each a graph with its givens drawn
/// (``DrillDraw``). Together they use every function of the language (a test checks it).
struct DrillTemplate: Sendable {
  let level: Int
  let name: String
  /// The functions it calls besides an activation and the always-allowed `sum` and `mean`.
  let required: Set<String>
  /// Whether it applies an activation drawn from those `--ops` allows.
  let usesActivation: Bool
  /// The skills its steps train (for the BKT weighting).
  let skills: [String]
  let make: @Sendable (inout DrillDraw) -> (graph: String, sets: [String])

  /// Functions every drill may use whatever `--ops` says.
  static let basic: Set<String> = ["sum", "mean"]

  func fits(_ ops: Set<String>) -> Bool {
    required.isSubset(of: ops.union(Self.basic))
      && (!usesActivation || DrillDraw.activations.contains { ops.contains($0.name) })
  }
}

enum DrillTemplates {
  static let all: [DrillTemplate] = scalars + vectors + matrices + batches + reductions + norms

  // MARK: - 1 Scalar chains

  static let scalars: [DrillTemplate] = [
    DrillTemplate(
      level: 1, name: "a neuron", required: [], usesActivation: true,
      skills: ["activation-forward", "chain-rule-scalar", "activation-backward"]
    ) { draw in
      let f = draw.activation()
      return (
        "a = w * x + b; h = \(f.apply("a")); L = (h - y)^2",
        ["w=\(draw.int())", "x=\(draw.int())", "b=\(draw.int())", "y=\(draw.int())"]
      )
    },
    DrillTemplate(
      level: 1, name: "two units in a chain", required: [], usesActivation: true,
      skills: ["activation-forward", "chain-rule-scalar", "activation-backward"]
    ) { draw in
      let f = draw.activation()
      let g = draw.activation()
      return (
        "a = w * x; h = \(f.apply("a")); c = v * h; g = \(g.apply("c")); L = (g - y)^2 / 2",
        ["w=\(draw.int())", "x=\(draw.int())", "v=\(draw.int())", "y=\(draw.int())"]
      )
    },
    DrillTemplate(
      level: 1, name: "the larger of two", required: ["max"], usesActivation: false,
      skills: ["chain-rule-scalar", "pooling"]
    ) { draw in
      (
        "a = w * x; c = max(a, b); L = (c - y)^2",
        ["w=\(draw.int())", "x=\(draw.int())", "b=\(draw.int())", "y=\(draw.int())"]
      )
    },
    DrillTemplate(
      level: 1, name: "the smaller of two", required: ["min"], usesActivation: false,
      skills: ["chain-rule-scalar", "pooling"]
    ) { draw in
      (
        "a = w * x + b; c = min(a, u); L = (c - y)^2 / 2",
        [
          "w=\(draw.int())", "x=\(draw.int())", "b=\(draw.int())", "u=\(draw.int())",
          "y=\(draw.int())",
        ]
      )
    },
  ]

  // MARK: - 2 Vectors

  static let vectors: [DrillTemplate] = [
    DrillTemplate(
      level: 2, name: "an element-wise layer", required: [], usesActivation: true,
      skills: ["activation-forward", "activation-backward", "chain-rule-scalar"]
    ) { draw in
      let n = draw.int(in: 2...3)
      let f = draw.activation()
      return (
        "a = w * x + b; h = \(f.apply("a")); L = sum((h - y)^2) / 2",
        [
          "w=\(draw.matrix(n, 1))", "x=\(draw.matrix(n, 1))", "b=\(draw.matrix(n, 1))",
          "y=\(draw.matrix(n, 1))",
        ]
      )
    },
    DrillTemplate(
      level: 2, name: "a dot product", required: [], usesActivation: true,
      skills: ["forward-matmul", "activation-backward", "chain-rule-scalar"]
    ) { draw in
      let n = draw.int(in: 2...3)
      let f = draw.activation()
      return (
        "s = sum(w * x); h = \(f.apply("s")); L = (h - y)^2",
        ["w=\(draw.matrix(n, 1))", "x=\(draw.matrix(n, 1))", "y=\(draw.int())"]
      )
    },
    DrillTemplate(
      level: 2, name: "a norm", required: ["norm"], usesActivation: true,
      skills: ["regularizer-gradient", "activation-backward"]
    ) { draw in
      let n = draw.int(in: 2...3)
      let f = draw.activation()
      return (
        "h = \(f.apply("w * x")); L = norm(h - y)",
        ["w=\(draw.matrix(n, 1))", "x=\(draw.matrix(n, 1))", "y=\(draw.matrix(n, 1))"]
      )
    },
    DrillTemplate(
      level: 2, name: "two branches joined", required: ["concat"], usesActivation: true,
      skills: ["residual-gradient", "activation-backward"]
    ) { draw in
      let f = draw.activation()
      let g = draw.activation()
      return (
        "h = concat(\(f.apply("u * x")), \(g.apply("v * x"))); L = sum((h - y)^2) / 2",
        [
          "u=\(draw.matrix(2, 1))", "v=\(draw.matrix(1, 1))", "x=\(draw.int())",
          "y=\(draw.matrix(3, 1))",
        ]
      )
    },
  ]

  // MARK: - 3 Matrices

  static let matrices: [DrillTemplate] = [
    DrillTemplate(
      level: 3, name: "a dense layer", required: [], usesActivation: true,
      skills: ["forward-matmul", "matmul-backward", "relu-mask", "activation-backward"]
    ) { draw in
      let (m, n) = (draw.int(in: 2...3), draw.int(in: 2...3))
      let f = draw.activation()
      return (
        "a = W @ x + b; h = \(f.apply("a")); L = sum((h - y)^2) / 2",
        [
          "W=\(draw.matrix(m, n))", "x=\(draw.matrix(n, 1))", "b=\(draw.matrix(m, 1))",
          "y=\(draw.matrix(m, 1))",
        ]
      )
    },
    DrillTemplate(
      level: 3, name: "two layers", required: [], usesActivation: true,
      skills: ["forward-matmul", "matmul-backward", "relu-mask"]
    ) { draw in
      let f = draw.activation()
      return (
        "a = W1 @ x; h = \(f.apply("a")); o = W2 @ h; L = (o - y)^2 / 2",
        [
          "W1=\(draw.matrix(2, 2))", "x=\(draw.matrix(2, 1))", "W2=\(draw.matrix(1, 2))",
          "y=\(draw.int())",
        ]
      )
    },
    DrillTemplate(
      level: 3, name: "a transposed layer", required: ["transpose"], usesActivation: true,
      skills: ["forward-matmul", "matmul-backward", "jacobian-layout"]
    ) { draw in
      let f = draw.activation()
      return (
        "a = transpose(W) @ x; h = \(f.apply("a")); L = sum((h - y)^2) / 2",
        ["W=\(draw.matrix(3, 2))", "x=\(draw.matrix(3, 1))", "y=\(draw.matrix(2, 1))"]
      )
    },
    DrillTemplate(
      level: 3, name: "softmax and cross-entropy", required: ["softmax", "crossentropy"],
      usesActivation: false,
      skills: ["forward-matmul", "softmax-forward", "cross-entropy-gradient", "matmul-backward"]
    ) { draw in
      (
        "z = W @ x; p = softmax(z); L = crossentropy(p, t)",
        ["W=\(draw.matrix(3, 2))", "x=\(draw.matrix(2, 1))", "t=\(draw.oneHot(3))"]
      )
    },
    DrillTemplate(
      level: 3, name: "a diagonal scale and a skip", required: ["diag", "eye"],
      usesActivation: true, skills: ["forward-matmul", "matmul-backward", "residual-gradient"]
    ) { draw in
      let f = draw.activation()
      return (
        "a = (diag(d) + eye(2)) @ x; h = \(f.apply("a")); L = sum((h - y)^2) / 2",
        ["d=\(draw.matrix(2, 1))", "x=\(draw.matrix(2, 1))", "y=\(draw.matrix(2, 1))"]
      )
    },
  ]

  // MARK: - 4 Batches

  static let batches: [DrillTemplate] = [
    DrillTemplate(
      level: 4, name: "a layer on a batch", required: [], usesActivation: true,
      skills: ["forward-matmul", "matmul-backward", "broadcast-sum", "relu-mask"]
    ) { draw in
      let (batch, n, m) = (draw.int(in: 2...3), 2, draw.int(in: 1...2))
      let f = draw.activation()
      return (
        "A = X @ W + b; H = \(f.apply("A")); L = mean((H - Y)^2)",
        [
          "X=\(draw.matrix(batch, n))", "W=\(draw.matrix(n, m))", "b=\(draw.matrix(1, m))",
          "Y=\(draw.matrix(batch, m))",
        ]
      )
    },
    DrillTemplate(
      level: 4, name: "classifying a batch", required: ["softmax", "crossentropy", "onehot"],
      usesActivation: false,
      skills: ["softmax-forward", "cross-entropy-gradient", "matmul-backward", "broadcast-sum"]
    ) { draw in
      (
        "Z = X @ W; P = softmax(Z, dim = 2); L = crossentropy(P, onehot(c, 2)) / 2",
        ["X=\(draw.matrix(2, 2))", "W=\(draw.matrix(2, 2))", "c=\(draw.labels(2, classes: 2))"]
      )
    },
    DrillTemplate(
      level: 4, name: "an embedding", required: ["lookup"], usesActivation: true,
      skills: ["embedding-lookup", "forward-matmul", "matmul-backward"]
    ) { draw in
      let f = draw.activation()
      return (
        "V = lookup(E, ids); h = \(f.apply("V @ w")); L = sum((h - y)^2) / 2",
        [
          "E=\(draw.matrix(3, 2))", "ids=\(draw.labels(2, classes: 3))", "w=\(draw.matrix(2, 1))",
          "y=\(draw.matrix(2, 1))",
        ]
      )
    },
    DrillTemplate(
      level: 4, name: "summing over the batch", required: ["ones"], usesActivation: true,
      skills: ["broadcast-sum", "forward-matmul", "matmul-backward"]
    ) { draw in
      let f = draw.activation()
      return (
        "H = \(f.apply("X @ W")); s = ones(1, 2) @ H; L = sum((s - y)^2) / 2",
        ["X=\(draw.matrix(2, 2))", "W=\(draw.matrix(2, 2))", "y=\(draw.matrix(1, 2))"]
      )
    },
  ]

  // MARK: - 5 Reductions

  static let reductions: [DrillTemplate] = [
    DrillTemplate(
      level: 5, name: "row sums", required: [], usesActivation: true,
      skills: ["broadcast-sum", "forward-matmul", "matmul-backward"]
    ) { draw in
      let f = draw.activation()
      let reduction = draw.pick(["sum", "mean"])
      let dim = draw.int(in: 1...2)
      return (
        "H = \(f.apply("X @ W")); s = \(reduction)(H, dim = \(dim)); L = sum((s - y)^2) / 2",
        [
          "X=\(draw.matrix(2, 2))", "W=\(draw.matrix(2, 3))",
          "y=\(draw.matrix(dim == 1 ? 1 : 2, dim == 1 ? 3 : 1))",
        ]
      )
    },
    DrillTemplate(
      level: 5, name: "a maximum per row", required: ["max"], usesActivation: false,
      skills: ["pooling", "forward-matmul", "matmul-backward"]
    ) { draw in
      let extremum = draw.pick(["max", "min"])
      return (
        "Z = X @ W; m = \(extremum)(Z, dim = 2); L = sum((m - y)^2) / 2",
        ["X=\(draw.matrix(2, 2))", "W=\(draw.matrix(2, 3))", "y=\(draw.matrix(2, 1))"]
      )
    },
    DrillTemplate(
      level: 5, name: "a minimum per column", required: ["min"], usesActivation: false,
      skills: ["pooling", "forward-matmul"]
    ) { draw in
      (
        "Z = X @ W; m = min(Z, dim = 1); L = sum((m - y)^2) / 2",
        ["X=\(draw.matrix(3, 2))", "W=\(draw.matrix(2, 2))", "y=\(draw.matrix(1, 2))"]
      )
    },
    DrillTemplate(
      level: 5, name: "log-sum-exp", required: ["logsumexp"], usesActivation: false,
      skills: ["softmax-forward", "softmax-jacobian"]
    ) { draw in
      (
        "Z = X @ W; s = logsumexp(Z, dim = 2); L = sum(s * y)",
        ["X=\(draw.matrix(2, 2))", "W=\(draw.matrix(2, 2))", "y=\(draw.matrix(2, 1))"]
      )
    },
    DrillTemplate(
      level: 5, name: "a convolution", required: ["conv2d"], usesActivation: true,
      skills: ["conv-forward", "conv-backward"]
    ) { draw in
      let f = draw.activation()
      return (
        "C = conv2d(I, K); H = \(f.apply("C")); L = sum((H - Y)^2) / 2",
        ["I=\(draw.matrix(3, 3))", "K=\(draw.matrix(2, 2))", "Y=\(draw.matrix(2, 2))"]
      )
    },
    DrillTemplate(
      level: 5, name: "max pooling", required: ["maxpool2d"], usesActivation: false,
      skills: ["pooling"]
    ) { draw in
      (
        "Z = A * I; P = maxpool2d(Z, 2); L = sum((P - Y)^2) / 2",
        ["A=\(draw.matrix(4, 4))", "I=\(draw.matrix(4, 4))", "Y=\(draw.matrix(2, 2))"]
      )
    },
    DrillTemplate(
      level: 5, name: "reshaped weights", required: ["reshape", "flatten"], usesActivation: true,
      skills: ["forward-matmul", "matmul-backward"]
    ) { draw in
      let f = draw.activation()
      return (
        "M = reshape(w, 2, 2); h = flatten(\(f.apply("M @ X"))); L = sum((h - y)^2) / 2",
        ["w=\(draw.matrix(4, 1))", "X=\(draw.matrix(2, 2))", "y=\(draw.matrix(4, 1))"]
      )
    },
  ]

  // MARK: - 6 Normalisation

  static let norms: [DrillTemplate] = [
    DrillTemplate(
      level: 6, name: "batch normalisation", required: ["var", "sqrt"], usesActivation: false,
      skills: ["normalization", "broadcast-sum"]
    ) { draw in
      (
        "mu = mean(X, dim = 1); v = var(X, dim = 1); Z = (X - mu) / sqrt(v + 1); L = sum(Z * Y)",
        ["X=\(draw.matrix(2, 2))", "Y=\(draw.matrix(2, 2))"]
      )
    },
    DrillTemplate(
      level: 6, name: "layer normalisation", required: ["var", "sqrt"], usesActivation: false,
      skills: ["normalization", "broadcast-sum"]
    ) { draw in
      (
        "mu = mean(X, dim = 2); v = var(X, dim = 2); Z = (X - mu) / sqrt(v + 1); "
          + "L = sum((g * Z - Y)^2) / 2",
        ["X=\(draw.matrix(2, 3))", "g=\(draw.matrix(1, 3))", "Y=\(draw.matrix(2, 3))"]
      )
    },
    DrillTemplate(
      level: 6, name: "a softmax over rows", required: ["softmax"], usesActivation: false,
      skills: ["softmax-forward", "softmax-jacobian"]
    ) { draw in
      (
        "S = X @ W; P = softmax(S, dim = 2); L = sum(P * Y)",
        ["X=\(draw.matrix(2, 2))", "W=\(draw.matrix(2, 2))", "Y=\(draw.matrix(2, 2))"]
      )
    },
    DrillTemplate(
      level: 6, name: "a unit vector", required: ["sqrt"], usesActivation: false,
      skills: ["normalization", "chain-rule-scalar"]
    ) { draw in
      (
        "r = sqrt(sum(x^2)); u = x / r; L = sum((u - y)^2)",
        ["x=\(draw.matrix(3, 1))", "y=\(draw.matrix(3, 1))"]
      )
    },
    DrillTemplate(
      level: 6, name: "normalised by zeros and ones", required: ["zeros", "ones"],
      usesActivation: false, skills: ["normalization", "forward-matmul"]
    ) { draw in
      (
        "c = ones(1, 2) @ X / 2; D = X - ones(2, 1) @ c + zeros(2, 2); L = sum(D^2 * Y)",
        ["X=\(draw.matrix(2, 2))", "Y=\(draw.matrix(2, 2))"]
      )
    },
  ]
}
