import Foundation
import TutorEngine

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
  /// The table's rows, then the drills the op families declare beside their functions
  /// (``LanguageFunction/drill``).
  static let all: [DrillTemplate] =
    (table.split(separator: "\n") + Op.languageFunctions.compactMap(\.drill).map { $0[...] })
    .map(DrillTemplate.init(row:))

  /// One template a line: `level | name | required | skills | draws | graph | givens`.
  ///
  /// - required, skills: words (`-` for none).
  /// - draws, in the order they are drawn: `$f` an activation (`$f(a)` in the graph is it
  ///   applied to `a`), `n=2...3` a whole number in a range, `r=sum/mean` one of the words;
  ///   `$n` in the graph and in a given's shape is the drawn value.
  /// - givens, in the order they are drawn: `w` a whole number, `W=m×n` a matrix,
  ///   `t=onehot(3)` a one-hot column, `c=labels(2,3)` a column of 2 labels from 1 to 3,
  ///   `y=(1×3,2×1)[d]` the first shape when `d` is 1, the second when it is 2.
  static let table = """
    1 | a neuron | - | activation-forward chain-rule-scalar activation-backward | $f | \
    a = w * x + b; h = $f(a); L = (h - y)^2 | w x b y
    1 | two units in a chain | - | activation-forward chain-rule-scalar activation-backward \
    | $f $g | a = w * x; h = $f(a); c = v * h; g = $g(c); L = (g - y)^2 / 2 | w x v y
    1 | the larger of two | max | chain-rule-scalar pooling | - | \
    a = w * x; c = max(a, b); L = (c - y)^2 | w x b y
    1 | the smaller of two | min | chain-rule-scalar pooling | - | \
    a = w * x + b; c = min(a, u); L = (c - y)^2 / 2 | w x b u y
    2 | an element-wise layer | - | activation-forward activation-backward chain-rule-scalar \
    | n=2...3 $f | a = w * x + b; h = $f(a); L = sum((h - y)^2) / 2 | \
    w=$n×1 x=$n×1 b=$n×1 y=$n×1
    2 | a dot product | - | forward-matmul activation-backward chain-rule-scalar | n=2...3 $f \
    | s = sum(w * x); h = $f(s); L = (h - y)^2 | w=$n×1 x=$n×1 y
    2 | a norm | norm | regularizer-gradient activation-backward | n=2...3 $f | \
    h = $f(w * x); L = norm(h - y) | w=$n×1 x=$n×1 y=$n×1
    2 | two branches joined | concat | residual-gradient activation-backward | $f $g | \
    h = concat($f(u * x), $g(v * x)); L = sum((h - y)^2) / 2 | u=2×1 v=1×1 x y=3×1
    3 | a dense layer | - | forward-matmul matmul-backward relu-mask activation-backward | \
    m=2...3 n=2...3 $f | a = W @ x + b; h = $f(a); L = sum((h - y)^2) / 2 | \
    W=$m×$n x=$n×1 b=$m×1 y=$m×1
    3 | two layers | - | forward-matmul matmul-backward relu-mask | $f | \
    a = W1 @ x; h = $f(a); o = W2 @ h; L = (o - y)^2 / 2 | W1=2×2 x=2×1 W2=1×2 y
    3 | a transposed layer | transpose | forward-matmul matmul-backward jacobian-layout | $f | \
    a = transpose(W) @ x; h = $f(a); L = sum((h - y)^2) / 2 | W=3×2 x=3×1 y=2×1
    3 | softmax and cross-entropy | softmax crossentropy | \
    forward-matmul softmax-forward cross-entropy-gradient matmul-backward | - | \
    z = W @ x; p = softmax(z); L = crossentropy(p, t) | W=3×2 x=2×1 t=onehot(3)
    3 | a diagonal scale and a skip | diag eye | forward-matmul matmul-backward residual-gradient \
    | $f | a = (diag(d) + eye(2)) @ x; h = $f(a); L = sum((h - y)^2) / 2 | d=2×1 x=2×1 y=2×1
    4 | a layer on a batch | - | forward-matmul matmul-backward broadcast-sum relu-mask | \
    k=2...3 m=1...2 $f | A = X @ W + b; H = $f(A); L = mean((H - Y)^2) | \
    X=$k×2 W=2×$m b=1×$m Y=$k×$m
    4 | classifying a batch | softmax crossentropy onehot | \
    softmax-forward cross-entropy-gradient matmul-backward broadcast-sum | - | \
    Z = X @ W; P = softmax(Z, dim = 2); L = crossentropy(P, onehot(c, 2)) / 2 | \
    X=2×2 W=2×2 c=labels(2,2)
    4 | an embedding | lookup | embedding-lookup forward-matmul matmul-backward | $f | \
    V = lookup(E, ids); h = $f(V @ w); L = sum((h - y)^2) / 2 | \
    E=3×2 ids=labels(2,3) w=2×1 y=2×1
    4 | summing over the batch | ones | broadcast-sum forward-matmul matmul-backward | $f | \
    H = $f(X @ W); s = ones(1, 2) @ H; L = sum((s - y)^2) / 2 | X=2×2 W=2×2 y=1×2
    5 | row sums | - | broadcast-sum forward-matmul matmul-backward | $f r=sum/mean d=1...2 | \
    H = $f(X @ W); s = $r(H, dim = $d); L = sum((s - y)^2) / 2 | X=2×2 W=2×3 y=(1×3,2×1)[d]
    5 | a maximum per row | max | pooling forward-matmul matmul-backward | e=max/min | \
    Z = X @ W; m = $e(Z, dim = 2); L = sum((m - y)^2) / 2 | X=2×2 W=2×3 y=2×1
    5 | a minimum per column | min | pooling forward-matmul | - | \
    Z = X @ W; m = min(Z, dim = 1); L = sum((m - y)^2) / 2 | X=3×2 W=2×2 y=1×2
    5 | log-sum-exp | logsumexp | softmax-forward softmax-jacobian | - | \
    Z = X @ W; s = logsumexp(Z, dim = 2); L = sum(s * y) | X=2×2 W=2×2 y=2×1
    5 | a convolution | conv2d | conv-forward conv-backward | $f | \
    C = conv2d(I, K); H = $f(C); L = sum((H - Y)^2) / 2 | I=3×3 K=2×2 Y=2×2
    5 | max pooling | maxpool2d | pooling | - | \
    Z = A * I; P = maxpool2d(Z, 2); L = sum((P - Y)^2) / 2 | A=4×4 I=4×4 Y=2×2
    5 | reshaped weights | reshape flatten | forward-matmul matmul-backward | $f | \
    M = reshape(w, 2, 2); h = flatten($f(M @ X)); L = sum((h - y)^2) / 2 | w=4×1 X=2×2 y=4×1
    6 | batch normalisation | var sqrt | normalization broadcast-sum | - | \
    mu = mean(X, dim = 1); v = var(X, dim = 1); Z = (X - mu) / sqrt(v + 1); L = sum(Z * Y) \
    | X=2×2 Y=2×2
    6 | layer normalisation | var sqrt | normalization broadcast-sum | - | \
    mu = mean(X, dim = 2); v = var(X, dim = 2); Z = (X - mu) / sqrt(v + 1); \
    L = sum((g * Z - Y)^2) / 2 | X=2×3 g=1×3 Y=2×3
    6 | a softmax over rows | softmax | softmax-forward softmax-jacobian | - | \
    S = X @ W; P = softmax(S, dim = 2); L = sum(P * Y) | X=2×2 W=2×2 Y=2×2
    6 | a unit vector | sqrt | normalization chain-rule-scalar | - | \
    r = sqrt(sum(x^2)); u = x / r; L = sum((u - y)^2) | x=3×1 y=3×1
    6 | normalised by zeros and ones | zeros ones | normalization forward-matmul | - | \
    c = ones(1, 2) @ X / 2; D = X - ones(2, 1) @ c + zeros(2, 2); L = sum(D^2 * Y) | \
    X=2×2 Y=2×2
    """
}

extension DrillTemplate {
  /// The template of one line of ``DrillTemplates/table``.
  init(row: Substring) {
    let fields = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    let words = { (field: String) in
      field == "-" ? [] : field.split(separator: " ").map(String.init)
    }
    let draws = words(fields[4])
    let (graph, givens) = (fields[5], words(fields[6]))
    level = Int(fields[0]) ?? 0
    name = fields[1]
    required = Set(words(fields[2]))
    skills = words(fields[3])
    usesActivation = draws.contains { $0.hasPrefix("$") }
    make = { draw in
      var text = graph
      var values: [String: Int] = [:]
      for item in draws {
        if item.hasPrefix("$") {
          text = Self.applying(draw.activation().apply, as: item, in: text)
          continue
        }
        let (variable, spec) = Self.split(item)
        if let range = Self.range(spec) {
          values[variable] = draw.int(in: range)
          text = text.replacingOccurrences(of: "$" + variable, with: String(values[variable]!))
        } else {
          let choice = draw.pick(spec.split(separator: "/").map(String.init))
          text = text.replacingOccurrences(of: "$" + variable, with: choice)
        }
      }
      let sets = givens.map { given in
        let (variable, spec) = Self.split(given)
        return variable + "=" + Self.drawn(spec, values, &draw)
      }
      return (text, sets)
    }
  }

  /// `name=spec` as its two sides (`spec` empty without `=`).
  private static func split(_ item: String) -> (String, String) {
    guard let equals = item.firstIndex(of: "=") else { return (item, "") }
    return (String(item[..<equals]), String(item[item.index(after: equals)...]))
  }

  /// `2...3` as a range.
  private static func range(_ spec: String) -> ClosedRange<Int>? {
    let bounds = spec.components(separatedBy: "...").compactMap { Int($0) }
    return bounds.count == 2 ? bounds[0]...bounds[1] : nil
  }

  /// Every `$f(operand)` in `text` as `apply(operand)`.
  private static func applying(
    _ apply: (String) -> String, as marker: String, in text: String
  ) -> String {
    var text = text
    while let start = text.range(of: marker + "("),
      let end = text[start.upperBound...].firstIndex(of: ")")
    {
      text.replaceSubrange(
        start.lowerBound...end, with: apply(String(text[start.upperBound..<end])))
    }
    return text
  }

  /// A given's value drawn by its spec (see ``DrillTemplates/table``).
  private static func drawn(_ spec: String, _ values: [String: Int], _ draw: inout DrillDraw)
    -> String
  {
    let number = { (word: Substring) -> Int in
      word.hasPrefix("$") ? values[String(word.dropFirst())] ?? 1 : Int(word) ?? 1
    }
    let arguments = { (call: String) -> [Int] in
      call.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }.split(separator: ",").map(number)
    }
    if spec.isEmpty { return String(draw.int()) }
    if spec.hasPrefix("onehot(") { return draw.oneHot(arguments(spec)[0]) }
    if spec.hasPrefix("labels(") {
      let counts = arguments(spec)
      return draw.labels(counts[0], classes: counts[1])
    }
    var shape = spec
    if spec.hasPrefix("("), let close = spec.firstIndex(of: ")") {
      // `(1×3,2×1)[d]`: the shape the drawn d picks.
      let shapes = spec[spec.index(after: spec.startIndex)..<close].split(separator: ",")
      let key = spec[spec.index(after: close)...].dropFirst().dropLast()
      shape = String(shapes[(values[String(key)] ?? 1) - 1])
    }
    let sides = shape.split(separator: "×").map(number)
    return draw.matrix(sides[0], sides[1])
  }
}
