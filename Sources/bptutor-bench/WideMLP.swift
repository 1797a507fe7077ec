import TutorEngine

/// The 3072-700-700-700-10 ReLU MLP from the seeds (CIFAR-10 sized), with a
/// squared-error loss, for one forward + backward pass at a given batch size.
struct WideMLP {
  var graph: Graph
  let weights: [Graph.NodeID]
  let loss: Graph.NodeID

  init(batch: Int, widths: [Int] = [3072, 700, 700, 700, 10]) throws {
    var g = Graph(limits: EngineLimits(maxElements: 4_000_000, maxOperations: 1_000_000_000))
    var random = SeededGenerator(seed: 7)
    var h = try g.constant(random.tensor(shape: [batch, widths[0]]), name: "X")
    var weights: [Graph.NodeID] = []
    for layer in 1..<widths.count {
      let scale = 1 / Double(widths[layer - 1]).squareRoot()
      let w = try g.input(
        random.tensor(shape: [widths[layer - 1], widths[layer]], in: -scale...scale))
      weights.append(w)
      h = try g.matmul(h, w)
      if layer < widths.count - 1 { h = try g.relu(h) }
    }
    let target = try g.constant(random.tensor(shape: [batch, widths.last!]))
    loss = try g.squaredError(h, target)
    self.weights = weights
    graph = g
  }

  /// The same forward and backward pass compiled once (``TrainingPlan``).
  func compiled() throws -> TrainingPlan {
    try TrainingPlan(graph, loss: loss, parameters: weights)
  }

  /// Recomputes the forward pass and every weight gradient.
  mutating func forwardBackward() throws -> Double {
    try graph.reevaluate()
    try graph.backward(from: loss, toward: weights)
    return graph.nodes[weights[0].index].gradient?.scalars[0] ?? .nan
  }
}
