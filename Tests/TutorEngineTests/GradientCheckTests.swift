import Testing

@testable import TutorEngine

/// One op under test: builds a graph on seeded random inputs and names the
/// output to differentiate and the inputs to differentiate with respect to.
struct OpCase: Sendable, CustomTestStringConvertible {
  let name: String
  let build: @Sendable (inout Graph, inout SeededGenerator) throws -> (Graph.NodeID, [Graph.NodeID])
  var testDescription: String { name }

  /// Entries in ±[0.2, 1.2]: away from the kinks of relu, abs and sign at 0.
  static func awayFromZero(_ shape: [Int], _ random: inout SeededGenerator) throws -> Tensor {
    var t = try random.tensor(shape: shape, in: 0.2...1.2)
    for i in 0..<t.count where random.nextUnit() < 0.5 { t[offset: i] = -t[offset: i] }
    return t
  }

  static func unary(_ op: Op, positive: Bool = false) -> OpCase {
    OpCase(name: op.name) { g, r in
      let value =
        positive ? try r.tensor(shape: [3, 2], in: 0.5...2) : try awayFromZero([3, 2], &r)
      let a = try g.input(value, name: "a")
      return (try g.unary(op, a), [a])
    }
  }

  static func binary(_ op: Op, _ lhs: [Int], _ rhs: [Int], positiveRight: Bool = false) -> OpCase {
    OpCase(name: "\(op.name) \(lhs.shapeDescription) with \(rhs.shapeDescription)") { g, r in
      let a = try g.input(r.tensor(shape: lhs, in: 0.5...2), name: "a")
      let right = positiveRight ? try r.tensor(shape: rhs, in: 0.5...2) : try awayFromZero(rhs, &r)
      let b = try g.input(right, name: "b")
      return (try g.apply(op, [a, b]), [a, b])
    }
  }

  static let all: [OpCase] =
    [
      binary(.add, [3, 4], [3, 4]),
      binary(.add, [3, 4], [1, 4]),
      binary(.add, [3, 4], [3, 1]),
      binary(.subtract, [3, 4], [1, 4]),
      binary(.subtract, [], [2, 2]),
      binary(.multiply, [3, 4], [3, 4]),
      binary(.multiply, [3, 4], []),
      binary(.multiply, [2, 3], [2, 1]),
      binary(.divide, [3, 4], [1, 4], positiveRight: true),
      binary(.divide, [], [2, 2], positiveRight: true),
      binary(.power, [2, 3], [2, 3]),
      binary(.power, [2, 3], []),
      unary(.negate), unary(.exp), unary(.log, positive: true), unary(.sqrt, positive: true),
      unary(.abs), unary(.sign), unary(.relu), unary(.sigmoid), unary(.tanh),
      unary(.softplus), unary(.silu), unary(.gelu), unary(.leakyRelu),
      unary(.transpose), unary(.sum), unary(.mean),
      OpCase(name: "diag") { g, r in
        let v = try g.input(r.tensor(shape: [3, 1]), name: "v")
        return (try g.unary(.diag, v), [v])
      },
      OpCase(name: "matmul 3×4 @ 4×2") { g, r in
        let a = try g.input(r.tensor(shape: [3, 4]), name: "A")
        let b = try g.input(r.tensor(shape: [4, 2]), name: "B")
        return (try g.matmul(a, b), [a, b])
      },
      OpCase(name: "matmul 2×1 @ scalar") { g, r in
        let a = try g.input(r.tensor(shape: [2, 1]), name: "W")
        let b = try g.input(r.tensor(shape: []), name: "x")
        return (try g.matmul(a, b), [a, b])
      },
      OpCase(name: "matmul 1×5 @ 5×3 (row vector)") { g, r in
        let a = try g.input(r.tensor(shape: [1, 5]), name: "x")
        let b = try g.input(r.tensor(shape: [5, 3]), name: "W")
        return (try g.matmul(a, b), [a, b])
      },
      OpCase(name: "matmul 4×3 @ 3×1 (matrix times column)") { g, r in
        let a = try g.input(r.tensor(shape: [4, 3]), name: "W")
        let b = try g.input(r.tensor(shape: [3, 1]), name: "x")
        return (try g.matmul(a, b), [a, b])
      },
      OpCase(name: "matmul 1×4 @ 4×1 (row times column)") { g, r in
        let a = try g.input(r.tensor(shape: [1, 4]), name: "u")
        let b = try g.input(r.tensor(shape: [4, 1]), name: "v")
        return (try g.matmul(a, b), [a, b])
      },
      OpCase(name: "softmax with β") { g, r in
        let v = try g.input(r.tensor(shape: [4, 1], in: -2...2), name: "v")
        let beta = try g.input(Tensor(1.7), name: "beta")
        return (try g.softmax(v, beta: beta), [v, beta])
      },
      OpCase(name: "cross-entropy of a softmax") { g, r in
        let v = try g.input(r.tensor(shape: [1, 4]), name: "v")
        let t = try g.input(r.tensor(shape: [1, 4], in: 0...1), name: "t")
        return (try g.crossEntropy(g.softmax(v), target: t), [v, t])
      },
      OpCase(name: "squared error") { g, r in
        let a = try g.input(r.tensor(shape: [3, 1]), name: "a")
        let b = try g.input(r.tensor(shape: [3, 1]), name: "b")
        return (try g.squaredError(a, b), [a, b])
      },
      OpCase(name: "Σ|w|ᵖ") { g, r in
        let w = try awayFromZero([4, 1], &r)
        let wNode = try g.input(w, name: "w")
        let p = try g.input(Tensor(2.5), name: "p")
        return (try g.pNormPower(wNode, p: p), [wNode, p])
      },
      OpCase(name: "pick w₂,₃") { g, r in
        let w = try g.input(r.tensor(shape: [2, 3]), name: "W")
        return (try g.pick(w, [2, 3]), [w])
      },
      OpCase(name: "reshape 2×3 → 3×2") { g, r in
        let w = try g.input(r.tensor(shape: [2, 3]), name: "W")
        return (try g.reshape(w, to: [3, 2]), [w])
      },
      OpCase(name: "conv2d 4×4 ⋆ 2×2") { g, r in
        let i = try g.input(r.tensor(shape: [4, 4]), name: "I")
        let k = try g.input(r.tensor(shape: [2, 2]), name: "K")
        return (try g.conv2d(i, kernel: k), [i, k])
      },
      OpCase(name: "conv2d stride 2, padding 1, 2 channels, 3 filters, bias") { g, r in
        let i = try g.input(r.tensor(shape: [2, 5, 5]), name: "I")
        let k = try g.input(r.tensor(shape: [3, 2, 3, 3]), name: "K")
        let b = try g.input(r.tensor(shape: [3]), name: "b")
        return (try g.conv2d(i, kernel: k, bias: b, stride: 2, padding: 1), [i, k, b])
      },
      binary(.maximum, [3, 4], [1, 4]),
      binary(.maximum, [2, 3], []),
      binary(.minimum, [3, 4], [3, 1]),
      binary(.minimum, [], [2, 2]),
    ]
    + Op.Reduction.allCases.flatMap { reduction in
      [1, 2].map { dim in
        OpCase(name: "\(reduction.rawValue)(X, dim = \(dim)) of 3×4") { g, r in
          let x = try g.input(r.tensor(shape: [3, 4], in: -2...2), name: "X")
          return (try g.reduce(x, reduction, dim: dim), [x])
        }
      }
    }
    + [
      OpCase(name: "sum(x, dim = 1) of a scalar") { g, r in
        let x = try g.input(r.tensor(shape: []), name: "x")
        return (try g.reduce(x, .sum, dim: 1), [x])
      },
      OpCase(name: "softmax(X, dim = 2) of 3×4") { g, r in
        let x = try g.input(r.tensor(shape: [3, 4], in: -2...2), name: "X")
        return (try g.softmax(x, dim: 2), [x])
      },
      OpCase(name: "softmax(X, dim = 1) of 3×4") { g, r in
        let x = try g.input(r.tensor(shape: [3, 4], in: -2...2), name: "X")
        return (try g.softmax(x, dim: 1), [x])
      },
      OpCase(name: "slice X[1:2, 2:3] of 3×4") { g, r in
        let x = try g.input(r.tensor(shape: [3, 4]), name: "X")
        return (try g.slice(x, [1...2, 2...3]), [x])
      },
      OpCase(name: "slice X[:, 2] of 3×4") { g, r in
        let x = try g.input(r.tensor(shape: [3, 4]), name: "X")
        return (try g.slice(x, [1...3, 2...2]), [x])
      },
      OpCase(name: "maxpool2d 4×4, 2×2 windows, stride 2") { g, r in
        let x = try g.input(r.tensor(shape: [4, 4]), name: "X")
        return (try g.maxPool2d(x, size: 2), [x])
      },
      OpCase(name: "maxpool2d 2×5×5, overlapping 3×3 windows, stride 1") { g, r in
        let x = try g.input(r.tensor(shape: [2, 5, 5]), name: "X")
        return (try g.maxPool2d(x, size: 3, stride: 1), [x])
      },
      OpCase(name: "onehot labels picking log-probabilities (cross-entropy over a batch)") { g, r in
        let z = try g.input(r.tensor(shape: [3, 4], in: -2...2), name: "Z")
        let y = try g.input(Tensor.column([2, 4, 1]), name: "y")
        let logP = try g.subtract(z, g.reduce(z, .logSumExp, dim: 2))
        let picked = try g.multiply(g.oneHot(y, classes: 4), logP)
        return (try g.unary(.negate, g.unary(.mean, g.reduce(picked, .sum, dim: 2))), [z, y])
      },
      OpCase(name: "a small MLP with a hinge loss") { g, r in
        let x = try g.input(r.tensor(shape: [5, 2]), name: "X")
        let w = try g.input(r.tensor(shape: [2, 3]), name: "W")
        let b = try g.input(r.tensor(shape: [1, 3]), name: "b")
        let h = try g.unary(.tanh, g.add(g.matmul(x, w), b))
        return (try g.unary(.mean, h), [x, w, b])
      },
    ]
}

@Suite("Gradient check")
struct GradientCheckTests {
  @Test("analytic gradients match central differences", arguments: OpCase.all)
  func everyOp(_ opCase: OpCase) throws {
    var graph = Graph()
    var random = SeededGenerator(seed: 42)
    let (output, inputs) = try opCase.build(&graph, &random)
    let report = try GradientCheck().run(on: graph, output: output, inputs: inputs)
    #expect(report.passed, "worst: \(String(describing: report.worst))")
    #expect(report.kinks.isEmpty)
    #expect(report.comparedCount > 0)
  }

  @Test("every op is in the table above: a new op needs a gradient check")
  func everyOpIsChecked() throws {
    var covered: Set<Op.Kind> = [.input, .constant]
    for opCase in OpCase.all {
      var graph = Graph()
      var random = SeededGenerator(seed: 42)
      _ = try opCase.build(&graph, &random)
      covered.formUnion(graph.nodes.map(\.op.kind))
    }
    let missing = Op.Kind.allCases.filter { !covered.contains($0) }
    #expect(missing.isEmpty, "no gradient check for: \(missing.map(\.rawValue))")
  }

  @Test("with zero tolerance the check fails: it can tell numbers apart")
  func zeroToleranceFails() throws {
    var graph = Graph()
    let x = try graph.input(Tensor.column([0.3, 1.7]), name: "x")
    let y = try graph.unary(.sum, graph.unary(.exp, x))
    var check = GradientCheck()
    check.absoluteTolerance = 0
    check.relativeTolerance = 0
    let report = try check.run(on: graph, output: y, inputs: [x])
    #expect(!report.passed)
    #expect(report.worst?.input == "x")
    #expect(report.failures.count >= 1)
  }

  @Test("an input that sits on a ReLU kink is named, not failed")
  func reluKink() throws {
    var graph = Graph()
    let x = try graph.input(Tensor.column([0, 2]), name: "x")
    let h = try graph.relu(x, name: "h")
    let y = try graph.unary(.sum, h)
    let report = try GradientCheck().run(on: graph, output: y, inputs: [x])
    #expect(report.passed)
    #expect(report.kinks == [GradientCheck.Kink(input: "x", inputEntry: 1, at: "h")])
    #expect(report.comparedCount == 1)
  }

  @Test("a tie in max(a, b), in a maximum over a row or in a pooling window is a kink")
  func tieKinks() throws {
    var graph = Graph()
    let a = try graph.input(Tensor.row([2, 1]), name: "a")
    let b = try graph.input(Tensor(2), name: "b")
    let m = try graph.maximum(a, b, name: "m")
    let x = try graph.input(Tensor(rows: [[3, 3, 1]]), name: "X")
    let r = try graph.reduce(x, .max, dim: 2, name: "r")
    let i = try graph.input(Tensor(rows: [[1, 4], [4, 0]]), name: "I")
    let p = try graph.maxPool2d(i, size: 2, name: "p")
    let y = try graph.add(graph.add(graph.unary(.sum, m), r), p)
    let report = try GradientCheck().run(on: graph, output: y, inputs: [a, b, x, i])
    #expect(report.passed, "worst: \(String(describing: report.worst))")
    #expect(
      report.kinks == [
        GradientCheck.Kink(input: "a", inputEntry: 1, at: "m"),
        GradientCheck.Kink(input: "b", inputEntry: 1, at: "m"),
        GradientCheck.Kink(input: "X", inputEntry: 1, at: "r"),
        GradientCheck.Kink(input: "X", inputEntry: 2, at: "r"),
        GradientCheck.Kink(input: "I", inputEntry: 2, at: "p"),
        GradientCheck.Kink(input: "I", inputEntry: 3, at: "p"),
      ])
    #expect(try Op.maximum.sitsOnKink([Tensor.row([2, 1]), Tensor(2)]))
    #expect(try !Op.maximum.sitsOnKink([Tensor.row([3, 1]), Tensor(2)]))
    #expect(try Op.maxPool2d(size: 2, stride: 2).sitsOnKink([Tensor(rows: [[1, 4], [4, 0]])]))
    #expect(try !Op.reduce(.max, dim: 1).sitsOnKink([Tensor(rows: [[3, 3, 1]])]))
    #expect(try Op.relu.sitsOnKink([Tensor.column([0, 1])]))
    #expect(!Op.exp.sitsOnKink([Tensor(0)]))
  }

  @Test("abs at 0 is a kink too; a far-away zero elsewhere is not")
  func absKink() throws {
    var graph = Graph()
    let w = try graph.input(Tensor.column([0, -1]), name: "w")
    let c = try graph.input(Tensor.column([0, 5]), name: "c")
    let y = try graph.add(graph.unary(.sum, graph.unary(.abs, w)), graph.unary(.sum, c))
    let report = try GradientCheck().run(on: graph, output: y, inputs: [w, c])
    #expect(report.kinks.map(\.inputEntry) == [1])
    #expect(report.kinks.map(\.input) == ["w"])
    #expect(report.passed)
  }
}
