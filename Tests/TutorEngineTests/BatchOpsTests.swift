import Foundation
import TestSupport
import Testing

@testable import TutorEngine

/// Values, tie rules and refusals of the batch-shaped ops; their gradients are in
/// the gradient-check table.
@Suite("Batch-shaped ops")
struct BatchOpsTests {
  /// `[1 2 3; 4 5 9]`.
  static let x = try! Tensor(rows: [[1, 2, 3], [4, 5, 9]])

  static func reduced(_ reduction: Op.Reduction, dim: Int) throws -> Tensor {
    var graph = Graph()
    let x = try graph.input(x)
    return try graph.adding { try $0.reduce(x, reduction, dim: dim) }
  }

  static let reductions: [(Op.Reduction, Int, [[Double]])] = [
    (.sum, 1, [[5, 7, 12]]),
    (.sum, 2, [[6], [18]]),
    (.mean, 1, [[2.5, 3.5, 6]]),
    (.mean, 2, [[2], [6]]),
    // Population variance: Σ(x − μ)²/n.
    (.variance, 1, [[2.25, 2.25, 9]]),
    (.variance, 2, [[2.0 / 3], [14.0 / 3]]),
    (.max, 1, [[4, 5, 9]]),
    (.max, 2, [[3], [9]]),
    (.min, 2, [[1], [4]]),
  ]

  @Test(
    "dim = 1 gives a row over the rows, dim = 2 a column over the columns",
    arguments: reductions)
  func reductionValues(_ reduction: Op.Reduction, dim: Int, expected: [[Double]]) throws {
    let value = try Self.reduced(reduction, dim: dim)
    let want = try Tensor(rows: expected)
    #expect(value.shape == want.shape)
    #expect(firstDifference(value.scalars, want.scalars) == nil)
  }

  @Test("logsumexp is log Σ eˣ and does not overflow")
  func logSumExp() throws {
    let value = try Self.reduced(.logSumExp, dim: 2)
    #expect(abs(value.scalars[0] - log(exp(1) + exp(2) + exp(3))) < 1e-12)
    var graph = Graph()
    let big = try graph.input(Tensor(rows: [[1000, 1000]]))
    let lse = try graph.adding { try $0.reduce(big, .logSumExp, dim: 2) }
    #expect(abs(lse.scalars[0] - (1000 + log(2))) < 1e-9)
  }

  @Test("softmax(X, dim = 2) makes every row sum to 1; dim = 1 every column")
  func softmaxRows() throws {
    var graph = Graph()
    let x = try graph.input(Self.x)
    let rows = try graph.adding { try $0.softmax(x, dim: 2) }
    let columns = try graph.adding { try $0.softmax(x, dim: 1) }
    #expect(rows.shape == [2, 3])
    for r in 0..<2 { #expect(abs(rows.scalars[(r * 3)..<(r * 3 + 3)].reduce(0, +) - 1) < 1e-12) }
    for c in 0..<3 { #expect(abs(columns.scalars[c] + columns.scalars[3 + c] - 1) < 1e-12) }
    // The first row is softmax([1, 2, 3]), as the vector softmax gives it.
    let v = try graph.input(Tensor.row([1, 2, 3]))
    let s = try graph.adding { try $0.softmax(v) }
    for k in 0..<3 { #expect(abs(rows.scalars[k] - s.scalars[k]) < 1e-15) }
  }

  @Test("max over a dimension and max(a, b) send the gradient to the first of tied entries")
  func tiesGoFirst() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(rows: [[2, 7, 7], [3, 3, 1]]))
    let m = try graph.reduce(x, .max, dim: 2)
    #expect(try graph.value(of: m) == Tensor(rows: [[7], [3]]))
    let total = try graph.unary(.sum, m)
    #expect(
      try graph.gradient(of: total, withRespectTo: x) == Tensor(rows: [[0, 1, 0], [1, 0, 0]]))

    let a = try graph.input(Tensor.row([1, 5, 2]))
    let b = try graph.input(Tensor(2))
    let both = try graph.unary(.sum, graph.maximum(a, b))
    #expect(try graph.value(of: both) == Tensor(9))
    // a wins where a ≥ b (the tie at 2 included); b collects the rest through the broadcast.
    #expect(try graph.gradient(of: both, withRespectTo: a) == Tensor.row([0, 1, 1]))
    #expect(try graph.gradient(of: both, withRespectTo: b) == Tensor(1))
    let low = try graph.minimum(a, b)
    #expect(try graph.value(of: low) == Tensor.row([1, 2, 2]))
  }

  @Test("maxpool2d takes each window's maximum; on ties the gradient goes to the first")
  func maxPool() throws {
    var graph = Graph()
    let x = try graph.input(
      Tensor(rows: [
        [1, 3, 2, 2],
        [3, 0, 1, 2],
        [0, 0, 5, 4],
        [1, 1, 4, 5],
      ]))
    let pooled = try graph.maxPool2d(x, size: 2)
    #expect(try graph.value(of: pooled) == Tensor(rows: [[3, 2], [1, 5]]))
    let grad = try graph.gradientOfSum(pooled, withRespectTo: x)
    #expect(
      try grad
        == Tensor(rows: [
          [0, 1, 1, 0],
          [0, 0, 0, 0],
          [0, 0, 1, 0],
          [1, 0, 0, 0],
        ]))
    // Overlapping windows (stride 1) add up where they share a maximum.
    let overlapping = try graph.maxPool2d(x, size: 3, stride: 1)
    #expect(try graph.value(of: overlapping) == Tensor(rows: [[5, 5], [5, 5]]))
    let shared = try graph.gradientOfSum(overlapping, withRespectTo: x)
    #expect(shared.entry(at: [3, 3]) == 4)
    #expect(shared.scalars.reduce(0, +) == 4)
  }

  @Test("slices keep the rank: X[:, 2] is a column, X[2, :] a row")
  func slices() throws {
    var graph = Graph()
    let x = try graph.input(Self.x)
    #expect(try graph.adding { try $0.slice(x, [1...2, 2...2]) } == Tensor.column([2, 5]))
    #expect(try graph.adding { try $0.slice(x, [2...2, 1...3]) } == Tensor.row([4, 5, 9]))
    let block = try graph.slice(x, [1...2, 2...3])
    #expect(try graph.value(of: block) == Tensor(rows: [[2, 3], [5, 9]]))
    let grad = try graph.gradientOfSum(block, withRespectTo: x)
    #expect(try grad == Tensor(rows: [[0, 1, 1], [0, 1, 1]]))
  }

  @Test("onehot gives one row per label; its labels get no gradient")
  func oneHot() throws {
    var graph = Graph()
    let y = try graph.input(Tensor.column([2, 1, 3]))
    let t = try graph.oneHot(y, classes: 3)
    #expect(try graph.value(of: t) == Tensor(rows: [[0, 1, 0], [1, 0, 0], [0, 0, 1]]))
    let e = try graph.input(Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
    let looked = try graph.matmul(t, e)
    #expect(try graph.value(of: looked) == Tensor(rows: [[3, 4], [1, 2], [5, 6]]))
  }

  @Test(
    "bad dims, ranges, windows and labels are refused with a message",
    arguments: [
      ("sum dim 3", "sum: dim must be 1 (down the rows) or 2 (along each row), got 3"),
      ("softmax of a 3-D value", "softmax: got a 2×2×2 operand; expected a matrix (or a vector)"),
      ("slice past the end", "index [2, 4] is outside a 2×3 tensor (indices are 1-based)"),
      ("window too large", "maxpool2d: a 3×3 window does not fit in a 2×3 input"),
      ("label 4 of 3", "onehot: label 4 (entry 2) is not a class from 1 to 3"),
      ("label 1.5", "onehot: label 1.5 (entry 1) is not a class from 1 to 3"),
    ])
  func refusals(_ what: String, message: String) throws {
    var graph = Graph()
    let x = try graph.input(Self.x)
    do {
      switch what {
      case "sum dim 3": try graph.reduce(x, .sum, dim: 3)
      case "softmax of a 3-D value":
        try graph.softmax(graph.input(Tensor(repeating: 1, shape: [2, 2, 2])), dim: 2)
      case "slice past the end": try graph.slice(x, [1...1, 2...4])
      case "window too large": try graph.maxPool2d(x, size: 3)
      case "label 4 of 3": try graph.oneHot(graph.input(Tensor.column([1, 4])), classes: 3)
      default: try graph.oneHot(graph.input(Tensor.column([1.5])), classes: 3)
      }
      Issue.record("\(what) should be refused")
    } catch {
      #expect(error.description == message)
    }
  }
}

extension Graph {
  /// The value of the node `build` adds.
  fileprivate mutating func adding(_ build: (inout Graph) throws -> NodeID) throws -> Tensor {
    let id = try build(&self)
    return try value(of: id)
  }

  /// `∂(Σ node)/∂input`.
  fileprivate mutating func gradientOfSum(_ node: NodeID, withRespectTo input: NodeID) throws
    -> Tensor
  {
    let total = try unary(.sum, node)
    return try gradient(of: total, withRespectTo: input)
  }
}
