import Foundation
import Testing

@testable import TutorEngine

@Suite("Graph")
struct GraphTests {
  @Test("a node used twice accumulates: b = a + a, c = b + b gives ∂c/∂a = 4")
  func sharedSubexpression() throws {
    var graph = Graph()
    let a = try graph.input(Tensor(3), name: "a")
    let b = try graph.add(a, a, name: "b")
    let c = try graph.add(b, b, name: "c")
    #expect(try graph.value(of: c) == Tensor(12))
    #expect(try graph.gradient(of: c, withRespectTo: a) == Tensor(4))
    #expect(try graph.gradient(of: c, withRespectTo: b) == Tensor(2))
  }

  @Test("cross-entropy with a one-hot target: 0·log 0 counts as 0, in value and gradient")
  func crossEntropyZeroTerms() throws {
    var graph = Graph()
    let z = try graph.input(Tensor.column([0.5, 0, 0.5]), name: "z")
    let t = try graph.constant(Tensor.column([1, 0, 0]), name: "t")
    let loss = try graph.crossEntropy(z, target: t)
    let value = try graph.value(of: loss).scalars[0]
    #expect(abs(value - Foundation.log(2)) < 1e-15)
    // ∂L/∂zᵢ = −tᵢ/zᵢ: −2 for the true class, 0 where tᵢ = 0 (even at zᵢ = 0).
    #expect(try graph.gradient(of: loss, withRespectTo: z) == Tensor.column([-2, 0, 0]))
  }

  @Test("x·x differentiates to 2x")
  func productWithItself() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(-1.5), name: "x")
    let y = try graph.multiply(x, x)
    #expect(try graph.gradient(of: y, withRespectTo: x) == Tensor(-3))
  }

  @Test("backward twice gives the same gradients, stored on every node")
  func backwardTwice() throws {
    var graph = Graph()
    let a = try graph.input(Tensor(2), name: "a")
    let b = try graph.multiply(a, a, name: "b")
    let c = try graph.add(b, a, name: "c")
    let unused = try graph.input(Tensor.column([1, 2]), name: "unused")
    try graph.backward(from: c)
    let first = graph.nodes.map(\.gradient)
    try graph.backward(from: c)
    let second = graph.nodes.map(\.gradient)
    #expect(first == second)
    #expect(graph.nodes[a.index].gradient == Tensor(5))
    #expect(graph.nodes[unused.index].gradient == Tensor.zeros(like: try graph.value(of: unused)))
  }

  @Test("changing a given re-evaluates every value without rebuilding")
  func reevaluate() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(3), name: "x")
    let y = try graph.power(x, 2, name: "y")
    let z = try graph.add(y, x, name: "z")
    #expect(try graph.value(named: "z") == Tensor(12))
    try graph.setValues(["x": Tensor(2)])
    #expect(try graph.value(of: z) == Tensor(6))
    #expect(try graph.gradient(of: z, withRespectTo: x) == Tensor(5))
    // x, the constant 2, y and z: nothing was added by the change.
    #expect(graph.nodes.count == 4)
  }

  @Test("a graph is a value: a copy explores a change without touching the original")
  func valueSemantics() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(3), name: "x")
    let y = try graph.unary(.exp, x, name: "y")
    var copy = graph
    try copy.setValue(Tensor(0), of: x)
    try copy.reevaluate()
    #expect(try copy.value(of: y) == Tensor(1))
    #expect(try graph.value(of: x) == Tensor(3))
  }

  @Test("gradient with respect to a node the output does not use is zero, shaped like it")
  func unrelatedNode() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(3), name: "x")
    let w = try graph.input(Tensor(rows: [[1, 2], [3, 4]]), name: "W")
    let y = try graph.unary(.exp, x)
    #expect(try graph.gradient(of: y, withRespectTo: w) == Tensor(rows: [[0, 0], [0, 0]]))
  }

  @Test("a 20,000-node chain backpropagates without recursion")
  func deepChain() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(0.5), name: "x")
    var node = x
    for _ in 0..<20_000 { node = try graph.unary(.negate, node) }
    #expect(try graph.gradient(of: node, withRespectTo: x) == Tensor(1))
  }

  @Test("same inputs give bit-identical outputs and gradients")
  func determinism() throws {
    func run() throws -> [Double] {
      var graph = Graph()
      var random = SeededGenerator(seed: 9)
      let x = try graph.input(random.tensor(shape: [8, 5]))
      let w = try graph.input(random.tensor(shape: [5, 7]))
      let s = try graph.unary(.sum, graph.unary(.tanh, graph.matmul(x, w)))
      let grads = try graph.gradients(of: s, withRespectTo: [x, w])
      return try graph.value(of: s).scalars + grads.flatMap(\.scalars)
    }
    let first = try run()
    let second = try run()
    #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
  }

  @Test("nodes keep their op and their parents in order")
  func nodeRecords() throws {
    var graph = Graph()
    let a = try graph.input(Tensor(1), name: "a")
    let b = try graph.input(Tensor(2), name: "b")
    let d = try graph.subtract(b, a, name: "d")
    #expect(graph.nodes[d.index].op == .subtract)
    #expect(graph.nodes[d.index].parents == [b, a])
    #expect(try graph.value(of: d) == Tensor(1))
    #expect(graph.names == ["a", "b", "d"])
  }

  @Test("the seeded generator is portable: fixed first draws")
  func seededGenerator() {
    var random = SeededGenerator(seed: 0)
    // SplitMix64's published first outputs for seed 0.
    #expect(random.next() == 0xE220_A839_7B1D_CDAF)
    #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
  }
}
