import Testing

@testable import TutorEngine

/// The in-place passes (evaluation into existing buffers, ``Graph/backward(from:toward:)``,
/// ``Graph/descend(_:rate:)``) give exactly what the allocating paths give.
@Suite("In-place evaluation and backward")
struct InPlaceTests {
  /// Each op case under a scalar loss `Σ output ⊙ R` with fixed random weights `R`, so
  /// the upstream gradient differs from entry to entry.
  static func lossGraph(_ opCase: OpCase) throws -> (Graph, Graph.NodeID, [Graph.NodeID]) {
    var graph = Graph()
    var random = SeededGenerator(seed: 42)
    let (output, inputs) = try opCase.build(&graph, &random)
    let weights = try graph.constant(random.tensor(shape: graph.value(of: output).shape))
    let loss = try graph.unary(.sum, graph.multiply(output, weights))
    return (graph, loss, inputs)
  }

  @Test("backward toward the inputs equals the allocating gradients", arguments: OpCase.all)
  func backwardMatches(_ opCase: OpCase) throws {
    var (graph, loss, inputs) = try Self.lossGraph(opCase)
    let expected = try graph.gradients(of: loss, withRespectTo: inputs)
    for _ in 0..<2 {
      try graph.backward(from: loss, toward: inputs)
      let got = inputs.map { graph.nodes[$0.index].gradient }
      #expect(got == expected.map { Optional($0) })
    }
    try graph.backward(from: loss)
    #expect(inputs.map { graph.nodes[$0.index].gradient } == expected.map { Optional($0) })
  }

  @Test("in-place re-evaluation equals building the graph afresh", arguments: OpCase.all)
  func reevaluateMatches(_ opCase: OpCase) throws {
    var (graph, loss, inputs) = try Self.lossGraph(opCase)
    var fresh = graph
    var random = SeededGenerator(seed: 7)
    for input in inputs {
      // Whole-number inputs are labels or indices (onehot, lookup): keep them valid.
      if try graph.value(of: input).scalars.allSatisfy({ $0 == $0.rounded() }) { continue }
      let shape = try graph.value(of: input).shape
      let value = try random.tensor(shape: shape, in: 0.3...1.1)
      try graph.setValue(value, of: input)
      try fresh.setValue(value, of: input)
    }
    try graph.reevaluate()
    // `fresh` recomputes every node through the allocating Op.forward.
    for index in fresh.nodes.indices where !fresh.nodes[index].op.isLeaf {
      let inputsOfNode = fresh.nodes[index].parents.map { fresh.nodes[$0.index].value }
      fresh.nodes[index].value = try fresh.nodes[index].op.forward(
        inputsOfNode, limits: fresh.limits)
    }
    for index in graph.nodes.indices {
      #expect(graph.nodes[index].value == fresh.nodes[index].value, "node \(index)")
    }
    #expect(try graph.value(of: loss) == fresh.value(of: loss))
  }

  /// A 2-4-1 tanh network on 6 points with a bias row and a squared-error loss.
  static func network() throws -> (Graph, Graph.NodeID, [Graph.NodeID]) {
    var g = Graph()
    var random = SeededGenerator(seed: 3)
    let x = try g.constant(random.tensor(shape: [6, 2]))
    let y = try g.constant(random.tensor(shape: [6, 1]))
    let w1 = try g.input(random.tensor(shape: [2, 4]), name: "W1")
    let b1 = try g.input(random.tensor(shape: [1, 4]), name: "b1")
    let w2 = try g.input(random.tensor(shape: [4, 1]), name: "W2")
    let h = try g.relu(g.add(g.matmul(x, w1), b1))
    let loss = try g.squaredError(g.matmul(h, w2), y, name: "loss")
    return (g, loss, [w1, b1, w2])
  }

  @Test("a training loop in place gives the same parameters as one that allocates")
  func trainingLoop() throws {
    var (inPlace, loss, parameters) = try Self.network()
    var allocating = inPlace
    for step in 0..<5 {
      let rate = 0.1 / Double(step + 1)
      try inPlace.backward(from: loss, toward: parameters)
      try inPlace.descend(parameters, rate: rate)
      try inPlace.reevaluate()

      let grads = try allocating.gradients(of: loss, withRespectTo: parameters)
      for (p, grad) in zip(parameters, grads) {
        var value = try allocating.value(of: p)
        for i in 0..<value.count { value[offset: i] -= rate * grad[offset: i] }
        try allocating.setValue(value, of: p)
      }
      try allocating.reevaluate()
    }
    for p in parameters { #expect(try inPlace.value(of: p) == allocating.value(of: p)) }
    #expect(try inPlace.value(of: loss) == allocating.value(of: loss))
  }

  @Test("values and gradients a caller holds are not changed by later passes")
  func heldCopiesStay() throws {
    var (graph, loss, parameters) = try Self.network()
    try graph.backward(from: loss, toward: parameters)
    let heldGradient = graph.nodes[parameters[0].index].gradient
    let heldValue = try graph.value(of: loss)
    try graph.descend(parameters, rate: 0.5)
    try graph.reevaluate()
    try graph.backward(from: loss, toward: parameters)
    #expect(graph.nodes[parameters[0].index].gradient != heldGradient)
    #expect(try graph.value(of: loss) != heldValue)
    var again = try Self.network().0
    try again.backward(from: loss, toward: parameters)
    #expect(again.nodes[parameters[0].index].gradient == heldGradient)
    #expect(try again.value(of: loss) == heldValue)
  }

  @Test("backward toward some nodes leaves the others without a gradient")
  func onlyTowardTargets() throws {
    var (graph, loss, parameters) = try Self.network()
    try graph.backward(from: loss, toward: [parameters[2]])
    #expect(graph.nodes[parameters[2].index].gradient != nil)
    #expect(graph.nodes[parameters[0].index].gradient == nil)
    #expect(graph.nodes[0].gradient == nil)
  }

  @Test("ReLU in place: NaN, −0 and −∞ give +0, +∞ passes, in value and gradient")
  func reluSpecialValues() throws {
    var graph = Graph()
    let values: [Double] = [.nan, -0.0, -.infinity, .infinity, 2, -3]
    let x = try graph.input(Tensor.column(values), name: "x")
    let weights = try graph.constant(Tensor.column([1, 2, 3, 4, 5, .nan]))
    let h = try graph.relu(x)
    let loss = try graph.unary(.sum, graph.multiply(h, weights))
    try graph.setValue(Tensor.column(values), of: x)
    try graph.reevaluate()
    let expected: [Double] = [0, 0, 0, .infinity, 2, 0]
    #expect(try graph.value(of: h).scalars.map(\.bitPattern) == expected.map(\.bitPattern))
    try graph.backward(from: loss, toward: [x])
    let gradient = graph.nodes[x.index].gradient?.scalars ?? []
    // ∂/∂x = weight where x > 0, else +0 (even where the weight is NaN).
    #expect(gradient.map(\.bitPattern) == [0, 0, 0, 4, 5, 0].map { ($0 as Double).bitPattern })
  }

  @Test("descend refuses non-givens and givens without a gradient")
  func descendErrors() throws {
    var (graph, loss, parameters) = try Self.network()
    #expect(throws: EngineError.self) { try graph.descend([parameters[0]], rate: 1) }
    try graph.backward(from: loss, toward: parameters)
    #expect(throws: EngineError.notALeaf(node: "loss")) { try graph.descend([loss], rate: 1) }
  }
}
