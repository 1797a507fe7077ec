import Foundation
import Testing

@testable import TutorEngine

/// A compiled training plan gives what the plain graph gives: every value after every
/// forward pass, every gradient after every backward pass and the parameters after every
/// step, to 1e-12 (relative, with an absolute floor of 1e-12 near zero).
@Suite("Training plan")
struct TrainingPlanTests {
  static let tolerance = 1e-12

  /// micrograd's two moons (the bench's workload): 100 points, 2-16-16-1 ReLU, mean hinge
  /// loss plus 1e-4·Σp².
  static func twoMoons() throws -> (Graph, Graph.NodeID, [Graph.NodeID]) {
    var random = SeededGenerator(seed: 1337)
    var inputs: [Double] = []
    var labels: [Double] = []
    for i in 0..<100 {
      let t = Double.pi * random.nextUnit()
      let noise = (random.gaussian(deviation: 0.1), random.gaussian(deviation: 0.1))
      inputs +=
        i % 2 == 0
        ? [cos(t) + noise.0, sin(t) + noise.1] : [1 - cos(t) + noise.0, 0.5 - sin(t) + noise.1]
      labels.append(i % 2 == 0 ? 1 : -1)
    }
    var g = Graph()
    let x = try g.constant(Tensor(shape: [100, 2], scalars: inputs))
    let y = try g.constant(Tensor(shape: [100, 1], scalars: labels))
    var weights = SeededGenerator(seed: 0)
    let w1 = try g.input(weights.tensor(shape: [2, 16]))
    let b1 = try g.input(Tensor(repeating: 0, shape: [1, 16]))
    let w2 = try g.input(weights.tensor(shape: [16, 16]))
    let b2 = try g.input(Tensor(repeating: 0, shape: [1, 16]))
    let w3 = try g.input(weights.tensor(shape: [16, 1]))
    let b3 = try g.input(Tensor(repeating: 0, shape: [1, 1]))
    let h1 = try g.relu(g.add(g.matmul(x, w1), b1))
    let h2 = try g.relu(g.add(g.matmul(h1, w2), b2))
    let s = try g.add(g.matmul(h2, w3), b3)
    let hinge = try g.relu(g.subtract(g.constant(Tensor(1)), g.multiply(y, s)))
    var penalty = try g.unary(.sum, g.multiply(w1, w1))
    for p in [b1, w2, b2, w3, b3] {
      penalty = try g.add(penalty, g.unary(.sum, g.multiply(p, p)))
    }
    let loss = try g.add(
      g.unary(.mean, hinge), g.multiply(g.constant(Tensor(1e-4)), penalty))
    return (g, loss, [w1, b1, w2, b2, w3, b3])
  }

  /// A ReLU MLP with biases, wide enough for the blocked matrix products (k above 256),
  /// and a squared-error loss (an op the plan runs the general way).
  static func wideMLP(batch: Int) throws -> (Graph, Graph.NodeID, [Graph.NodeID]) {
    var g = Graph()
    var random = SeededGenerator(seed: 7)
    let widths = [600, 300, 300, 10]
    var h = try g.constant(random.tensor(shape: [batch, widths[0]]))
    var parameters: [Graph.NodeID] = []
    for layer in 1..<widths.count {
      let scale = 1 / Double(widths[layer - 1]).squareRoot()
      let w = try g.input(
        random.tensor(shape: [widths[layer - 1], widths[layer]], in: -scale...scale))
      let b = try g.input(random.tensor(shape: [1, widths[layer]], in: -0.1...0.1))
      parameters += [w, b]
      h = try g.add(g.matmul(h, w), b)
      if layer < widths.count - 1 { h = try g.relu(h) }
    }
    let loss = try g.squaredError(h, g.constant(random.tensor(shape: [batch, widths.last!])))
    return (g, loss, parameters)
  }

  /// A seeded random graph of the ops the plan compiles (and a few it does not), reusing
  /// nodes so gradients add up from several readers.
  static func randomGraph(seed: UInt64) throws -> (Graph, Graph.NodeID, [Graph.NodeID]) {
    var random = SeededGenerator(seed: seed)
    var g = Graph()
    let (rows, columns) = (3 + Int(random.nextUnit() * 4), 2 + Int(random.nextUnit() * 4))
    var matrices = [
      try g.input(random.tensor(shape: [rows, columns])),
      try g.input(random.tensor(shape: [rows, columns])),
    ]
    let parameters =
      matrices + [
        try g.input(random.tensor(shape: [1, columns])),
        try g.input(random.tensor(shape: [columns, columns])),
        try g.input(random.tensor(shape: [])),
      ]
    let (row, square, scalar) = (parameters[2], parameters[3], parameters[4])
    func pick() -> Graph.NodeID { matrices[Int(random.nextUnit() * Double(matrices.count))] }
    for _ in 0..<14 {
      let choice = Int(random.nextUnit() * 10)
      let next: Graph.NodeID
      switch choice {
      case 0: next = try g.add(pick(), pick())
      case 1: next = try g.relu(g.add(pick(), row))
      case 2: next = try g.subtract(pick(), row)
      case 3: next = try g.multiply(pick(), pick())
      case 4: next = try g.relu(pick())
      case 5: next = try g.matmul(pick(), square)
      case 6: next = try g.multiply(scalar, pick())
      case 7: next = try g.subtract(scalar, pick())
      case 8: next = try g.unary(.tanh, pick())
      default: next = try g.multiply(pick(), row)
      }
      matrices.append(next)
    }
    var loss = try g.unary(.mean, matrices.last!)
    for node in matrices.suffix(6) {
      loss = try g.add(loss, g.unary(.sum, g.multiply(node, node)))
    }
    // The parameters the loss depends on (a plan, like `descend`, refuses the others).
    let reaches = g.ancestors(of: loss)
    return (g, loss, parameters.filter { reaches[$0.index] })
  }

  static func close(_ a: Tensor?, _ b: Tensor?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.shape == b.shape
      && zip(a.scalars, b.scalars).allSatisfy { x, y in
        x == y || Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(x), Swift.abs(y))
      }
  }

  /// Checks every node's value (and, after a backward pass, its gradient) of the plan
  /// against the graph's.
  static func expectAgreement(
    _ plan: TrainingPlan, _ graph: Graph, _ what: String, gradients: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    for index in graph.nodes.indices {
      let id = Graph.NodeID(index: index)
      #expect(
        close(try plan.value(of: id), graph.nodes[index].value), "\(what): value of node \(index)",
        sourceLocation: sourceLocation)
      guard gradients else { continue }
      #expect(
        close(try plan.gradient(of: id), graph.nodes[index].gradient),
        "\(what): gradient of node \(index)", sourceLocation: sourceLocation)
    }
  }

  /// Runs `steps` SGD steps both ways, comparing after every forward and backward pass.
  static func expectSameTraining(
    _ built: (Graph, Graph.NodeID, [Graph.NodeID]), steps: Int, rate: Double,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> TrainingPlan {
    var (graph, loss, parameters) = built
    let plan = try TrainingPlan(graph, loss: loss, parameters: parameters)
    try plan.forward()
    try expectAgreement(
      plan, graph, "at the start", gradients: false, sourceLocation: sourceLocation)
    for step in 0..<steps {
      try graph.backward(from: loss, toward: parameters)
      plan.backward()
      try expectAgreement(plan, graph, "backward \(step)", sourceLocation: sourceLocation)
      try graph.descend(parameters, rate: rate)
      try graph.reevaluate()
      plan.descend(rate: rate)
      try plan.forward()
      // reevaluate() clears the graph's gradients; compare values only.
      try expectAgreement(
        plan, graph, "step \(step)", gradients: false, sourceLocation: sourceLocation)
    }
    #expect(
      close(Tensor(plan.lossValue), Tensor(try graph.value(of: loss).scalars[0])),
      sourceLocation: sourceLocation)
    return plan
  }

  @Test("two moons: the compiled step agrees with the graph's for 20 steps, fully compiled")
  func twoMoonsAgree() throws {
    let plan = try Self.expectSameTraining(Self.twoMoons(), steps: 20, rate: 0.5)
    #expect(plan.fallbackNodes.isEmpty)
    #expect(plan.fusedPairs == 2)
    // X W1 and h1 W2 are read only by their bias add: each shares the add's gradient, and
    // each layer runs in one pass storing only its relu (the values compared above
    // include the products and sums it recomputes when read). So do h2 W3 (in h2 W3 + b3),
    // the loss's two terms and both sides of the penalty's five additions: 15 gradients
    // never copied.
    #expect(plan.sharedGradients == 15)
    // X has two columns: ∂W1 = Xᵀ ∂z1 is summed in the first layer's backward pass.
    #expect(plan.fusedWeightGradients == 1)
    #expect(plan.fusedLayers == 2)
  }

  /// A ReLU MLP with biases whose every extent is odd (1, 3, 7, 17, 33): micro-tiles cut
  /// short in every direction, k = 1 and 3 products, transposes read in place.
  static func oddMLP(batch: Int, widths: [Int]) throws -> (Graph, Graph.NodeID, [Graph.NodeID]) {
    var g = Graph()
    var random = SeededGenerator(seed: UInt64(batch * 100 + widths.count))
    var h = try g.constant(random.tensor(shape: [batch, widths[0]]))
    var parameters: [Graph.NodeID] = []
    for layer in 1..<widths.count {
      let w = try g.input(random.tensor(shape: [widths[layer - 1], widths[layer]]))
      let b = try g.input(random.tensor(shape: [1, widths[layer]], in: -0.1...0.1))
      parameters += [w, b]
      h = try g.relu(g.add(g.matmul(h, w), b))
    }
    let loss = try g.unary(.mean, h)
    return (g, loss, parameters)
  }

  @Test(
    "odd shapes (1, 3, 7, 17, 33): values and gradients agree, shared gradients included",
    arguments: [1, 3, 7, 17, 33])
  func oddShapesAgree(batch: Int) throws {
    for widths in [[1, 3, 7, 17, 33], [33, 17, 7, 3, 1], [3, 33, 1, 17, 7]] {
      let plan = try Self.expectSameTraining(
        Self.oddMLP(batch: batch, widths: widths), steps: 2, rate: 0.01)
      // A bias is added as a row (and fused) where the batch and the layer are both wider
      // than 1; a 1×1 bias is a scalar, a batch of 1 adds like shapes.
      let rowBiases = batch == 1 ? 0 : widths.dropFirst().filter { $0 > 1 }.count
      #expect(plan.fusedPairs == rowBiases)
      // Every product is read by its add alone and has its shape, so every product shares
      // the add's gradient (fused or not), as does every bias at a batch of 1 (a 1×n bias
      // then has the sum's shape); every k is within one block: each fused pair takes in
      // its product.
      let layers = widths.count - 1
      #expect(plan.sharedGradients == layers + (batch == 1 ? layers : 0))
      #expect(plan.fusedLayers == rowBiases)
      // A fused layer whose input is 2 to 4 columns wide sums its weight gradient in its
      // add's backward pass.
      let narrowInputs = zip(widths, widths.dropFirst()).filter { (2...4).contains($0) && $1 > 1 }
      #expect(plan.fusedWeightGradients == (batch > 1 ? narrowInputs.count : 0))
    }
  }

  @Test("two moons: step(rate:) trains as the graph's backward, descend and reevaluate do")
  func twoMoonsStep() throws {
    var (graph, loss, parameters) = try Self.twoMoons()
    let plan = try TrainingPlan(graph, loss: loss, parameters: parameters)
    for k in 0..<30 {
      let rate = 1 - 0.9 * Double(k) / 100
      try graph.backward(from: loss, toward: parameters)
      try graph.descend(parameters, rate: rate)
      try graph.reevaluate()
      try plan.step(rate: rate)
    }
    for p in parameters { #expect(Self.close(try plan.value(of: p), try graph.value(of: p))) }
    #expect(plan.lossValue < 0.9, "training lowers the hinge loss from about 1")
  }

  @Test("a wide MLP with biases: values and gradients agree; squared error runs the general way")
  func wideMLPAgrees() throws {
    let built = try Self.wideMLP(batch: 8)
    let plan = try Self.expectSameTraining(built, steps: 2, rate: 0.01)
    #expect(plan.fallbackNodes == [built.1.index])
    #expect(plan.fusedPairs == 2)
    // k = 600 and 300: past one block of the product's sums, the products stay separate.
    #expect(plan.fusedLayers == 0)
  }

  @Test("random graphs of the plan's ops agree with the graph", arguments: 1...12)
  func randomGraphsAgree(seed: Int) throws {
    _ = try Self.expectSameTraining(Self.randomGraph(seed: UInt64(seed)), steps: 3, rate: 0.05)
  }

  @Test("every op, compiled or not, agrees under Σ output ⊙ R", arguments: OpCase.all)
  func everyOpAgrees(_ opCase: OpCase) throws {
    let built = try InPlaceTests.lossGraph(opCase)
    var graph = built.0
    // The plan is compiled at the graph's values and checked before any step changes them
    // (some ops' inputs are labels or indices that a step would spoil).
    let plan = try TrainingPlan(graph, loss: built.1, parameters: built.2)
    try plan.forward()
    try graph.backward(from: built.1, toward: built.2)
    plan.backward()
    try Self.expectAgreement(plan, graph, opCase.name)
  }

  @Test("a family that returns a gradient nobody asked for: conv2d trained toward its kernel")
  func unaskedGradient() throws {
    var g = Graph()
    var random = SeededGenerator(seed: 9)
    let image = try g.input(random.tensor(shape: [1, 3, 4]))
    let kernel = try g.input(random.tensor(shape: [1, 1, 2, 2]))
    let feature = try g.apply(.conv2d(stride: 1, padding: 0), [image, kernel])
    let loss = try g.unary(.sum, g.multiply(feature, feature))
    let plan = try Self.expectSameTraining((g, loss, [kernel]), steps: 3, rate: 0.01)
    #expect(plan.fallbackNodes.contains(feature.index))
  }

  @Test("reading a fused layer's product and sum between steps changes nothing in training")
  func readingDeferredValues() throws {
    let (graph, loss, parameters) = try Self.twoMoons()
    let (read, unread) = (
      try TrainingPlan(graph, loss: loss, parameters: parameters),
      try TrainingPlan(graph, loss: loss, parameters: parameters)
    )
    #expect(read.fusedLayers == 2)
    for k in 0..<5 {
      try read.step(rate: 0.5)
      try unread.step(rate: 0.5)
      // Every value, the recomputed products and sums among them, after each step.
      for index in graph.nodes.indices { _ = try read.value(of: Graph.NodeID(index: index)) }
      #expect(read.lossValue.bitPattern == unread.lossValue.bitPattern, "step \(k)")
    }
    for p in parameters {
      let (x, y) = (try read.value(of: p).scalars, try unread.value(of: p).scalars)
      #expect(zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
  }

  @Test("a given changed with setValue is read by the next forward pass")
  func setValueAgrees() throws {
    var (graph, loss, parameters) = try Self.twoMoons()
    let plan = try TrainingPlan(graph, loss: loss, parameters: parameters)
    var random = SeededGenerator(seed: 5)
    let value = try random.tensor(shape: [16, 16])
    try plan.setValue(value, of: parameters[2])
    try graph.setValue(value, of: parameters[2])
    try graph.reevaluate()
    try plan.forward()
    try Self.expectAgreement(plan, graph, "after setValue", gradients: false)
  }

  @Test("a parameter that does not reach the loss is refused with its name")
  func unreachableParameter() throws {
    var g = Graph()
    let a = try g.input(Tensor(2), name: "a")
    let b = try g.input(Tensor(3), name: "b")
    let loss = try g.multiply(a, a)
    #expect(throws: EngineError.self) { try TrainingPlan(g, loss: loss, parameters: [a, b]) }
    #expect(throws: EngineError.self) { try TrainingPlan(g, loss: a, parameters: [b]) }
    _ = b
  }
}
