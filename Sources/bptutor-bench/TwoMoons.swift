import Foundation
import TutorEngine

/// micrograd's two-moons demo: 100 points, a 2-16-16-1 ReLU MLP, mean hinge
/// loss plus 1e-4·Σp², 100 SGD steps with lr = 1 − 0.9·k/100.
struct TwoMoons {
  var graph = Graph()
  let parameters: [Graph.NodeID]
  let loss: Graph.NodeID
  let scores: Graph.NodeID
  let labels: [Double]

  /// Builds the data (fixed seed) and the network (fixed seed).
  init(points: Int = 100, seed: UInt64 = 1337) throws {
    var random = SeededGenerator(seed: seed)
    var inputs: [Double] = []
    var labels: [Double] = []
    for i in 0..<points {
      let t = Double.pi * random.nextUnit()
      let noise = (random.gaussian(deviation: 0.1), random.gaussian(deviation: 0.1))
      if i % 2 == 0 {
        inputs += [cos(t) + noise.0, sin(t) + noise.1]
        labels.append(1)
      } else {
        inputs += [1 - cos(t) + noise.0, 0.5 - sin(t) + noise.1]
        labels.append(-1)
      }
    }
    self.labels = labels
    var g = Graph()
    let x = try g.constant(Tensor(shape: [points, 2], scalars: inputs), name: "X")
    let y = try g.constant(Tensor(shape: [points, 1], scalars: labels), name: "Y")
    var weights = SeededGenerator(seed: 0)
    let w1 = try g.input(weights.tensor(shape: [2, 16]), name: "W1")
    let b1 = try g.input(Tensor(repeating: 0, shape: [1, 16]), name: "b1")
    let w2 = try g.input(weights.tensor(shape: [16, 16]), name: "W2")
    let b2 = try g.input(Tensor(repeating: 0, shape: [1, 16]), name: "b2")
    let w3 = try g.input(weights.tensor(shape: [16, 1]), name: "W3")
    let b3 = try g.input(Tensor(repeating: 0, shape: [1, 1]), name: "b3")
    let h1 = try g.relu(g.add(g.matmul(x, w1), b1))
    let h2 = try g.relu(g.add(g.matmul(h1, w2), b2))
    let s = try g.add(g.matmul(h2, w3), b3, name: "s")
    let one = try g.constant(Tensor(1))
    let hinge = try g.relu(g.subtract(one, g.multiply(y, s)))
    let dataLoss = try g.unary(.mean, hinge)
    var penalty = try g.unary(.sum, g.multiply(w1, w1))
    for p in [b1, w2, b2, w3, b3] {
      penalty = try g.add(penalty, g.unary(.sum, g.multiply(p, p)))
    }
    let alpha = try g.constant(Tensor(1e-4))
    loss = try g.add(dataLoss, g.multiply(alpha, penalty), name: "loss")
    parameters = [w1, b1, w2, b2, w3, b3]
    scores = s
    graph = g
  }

  /// One SGD step at learning rate `rate`: backward toward the parameters, an in-place
  /// update, and the forward pass at the new parameters (buffers reused throughout).
  mutating func step(rate: Double) throws {
    try graph.backward(from: loss, toward: parameters)
    try graph.descend(parameters, rate: rate)
    try graph.reevaluate()
  }

  /// The same step compiled once (``TrainingPlan``): the figure the benchmark leads with.
  func compiled() throws -> TrainingPlan {
    try TrainingPlan(graph, loss: loss, parameters: parameters)
  }

  /// The current loss.
  var currentLoss: Double { (try? graph.value(of: loss).scalars[0]) ?? .nan }

  /// The fraction of points on the right side of the decision boundary.
  var accuracy: Double {
    guard let s = try? graph.value(of: scores) else { return .nan }
    let right = zip(s.scalars, labels).filter { ($0 > 0) == ($1 > 0) }.count
    return Double(right) / Double(labels.count)
  }
}
