import Foundation
import Testing

@testable import TutorEngine

/// The worked values of ../shared/seeds, recomputed by the engine.
@Suite("Seed values")
struct SeedValueTests {
  /// The 1-2-2-1 ReLU network of seed 004 at x = 3, y = 6.
  struct ReluNetwork {
    var graph = Graph()
    let x, y, w1, w2, w3, a1, h1, a2, h2, h3, j: Graph.NodeID

    init() throws {
      x = try graph.input(Tensor(3), name: "x")
      y = try graph.input(Tensor(6), name: "y")
      w1 = try graph.input(Tensor.column([1, -1]), name: "W1")
      w2 = try graph.input(Tensor(rows: [[-1, 1], [1, -1]]), name: "W2")
      w3 = try graph.input(Tensor.row([-1, 1]), name: "W3")
      a1 = try graph.matmul(w1, x, name: "a1")
      h1 = try graph.relu(a1, name: "h1")
      a2 = try graph.matmul(w2, h1, name: "a2")
      h2 = try graph.relu(a2, name: "h2")
      h3 = try graph.matmul(w3, h2, name: "h3")
      j = try graph.squaredError(y, h3, name: "J")
    }
  }

  @Test("1-2-2-1 network: forward values and J = 9")
  func reluForward() throws {
    let net = try ReluNetwork()
    #expect(try net.graph.value(of: net.a1) == Tensor.column([3, -3]))
    #expect(try net.graph.value(of: net.h1) == Tensor.column([3, 0]))
    #expect(try net.graph.value(of: net.a2) == Tensor.column([-3, 3]))
    #expect(try net.graph.value(of: net.h2) == Tensor.column([0, 3]))
    #expect(try net.graph.value(of: net.h3).scalarValue == 3)
    #expect(try net.graph.value(of: net.j) == Tensor(9))
  }

  @Test("1-2-2-1 network: the three weight gradients")
  func reluGradients() throws {
    let net = try ReluNetwork()
    let grads = try net.graph.gradients(of: net.j, withRespectTo: [net.w3, net.w2, net.w1, net.h3])
    #expect(try grads[0] == Tensor.row([0, -18]))
    #expect(try grads[1] == Tensor(rows: [[0, 0], [-18, 0]]))
    #expect(try grads[2] == Tensor.column([-18, 0]))
    #expect(grads[3].scalarValue == -6)
  }

  @Test("1-2-2-1 network: one SGD step with η = 0.01 gives w₁,₁⁽¹⁾ = 1.18")
  func reluSGDStep() throws {
    var net = try ReluNetwork()
    let eta = 0.01
    let params = [net.w1, net.w2, net.w3]
    let grads = try net.graph.gradients(of: net.j, withRespectTo: params)
    for (p, g) in zip(params, grads) {
      var value = try net.graph.value(of: p)
      for i in 0..<value.count { value[offset: i] -= eta * g.scalars[i] }
      try net.graph.setValue(value, of: p)
    }
    try net.graph.reevaluate()
    let w1 = try net.graph.value(of: net.w1)
    #expect(Swift.abs(w1.scalars[0] - 1.18) < 1e-12)
    #expect(w1.scalars[1] == -1)
    let w2 = try net.graph.value(of: net.w2)
    #expect(Swift.abs(w2.scalars[2] - 1.18) < 1e-12)
    #expect([w2.scalars[0], w2.scalars[1], w2.scalars[3]] == [-1, 1, -1])
    let w3 = try net.graph.value(of: net.w3)
    #expect(w3.scalars[0] == -1)
    #expect(Swift.abs(w3.scalars[1] - 1.18) < 1e-12)
    // After the step the prediction moves toward y = 6, so J drops below 9.
    #expect(try net.graph.value(of: net.j).scalars[0] < 9)
  }

  @Test("3×3 input ⋆ 2×2 kernel gives O = [[6, 8], [9, 8]]")
  func convolution() throws {
    var graph = Graph()
    let input = try graph.input(Tensor(rows: [[1, 2, 3], [4, 5, 6], [1, 5, 3]]), name: "I")
    let kernel = try graph.input(Tensor(rows: [[1, 0], [0, 1]]), name: "K")
    let output = try graph.conv2d(input, kernel: kernel, name: "O")
    #expect(try graph.value(of: output) == Tensor(rows: [[6, 8], [9, 8]]))
  }

  @Test("convolution is cross-correlation: the kernel is not flipped")
  func convolutionDoesNotFlip() throws {
    var graph = Graph()
    let input = try graph.input(Tensor(rows: [[1, 2, 3], [4, 5, 6], [1, 5, 3]]))
    let kernel = try graph.input(Tensor(rows: [[1, 0], [0, 0]]))
    // With K picking its top-left cell, O is the top-left 2×2 window of I.
    let output = try graph.conv2d(input, kernel: kernel)
    #expect(try graph.value(of: output) == Tensor(rows: [[1, 2], [4, 5]]))
  }

  @Test("two 3×3 filters on a 5×5 input: 2×3×3 at stride 1, 2×2×2 at stride 2")
  func convolutionOutputSizes() throws {
    var graph = Graph()
    let input = try graph.input(Tensor(repeating: 1, shape: [1, 5, 5]))
    let filters = try graph.input(Tensor(repeating: 1, shape: [2, 1, 3, 3]))
    let strideOne = try graph.conv2d(input, kernel: filters, stride: 1)
    let strideTwo = try graph.conv2d(input, kernel: filters, stride: 2)
    #expect(try graph.value(of: strideOne).shape == [2, 3, 3])
    #expect(try graph.value(of: strideTwo).shape == [2, 2, 2])
    let padded = try graph.conv2d(input, kernel: filters, stride: 2, padding: 1)
    #expect(try graph.value(of: padded).shape == [2, 3, 3])
  }

  @Test("softmax Jacobian at z = [1, 2, 3] is diag(σ) − σσᵀ")
  func softmaxJacobian() throws {
    var graph = Graph()
    let z = try graph.input(Tensor.column([1, 2, 3]), name: "z")
    let s = try graph.softmax(z, name: "s")
    let jacobian = try graph.jacobian(of: s, withRespectTo: z)
    let exps = [1.0, 2, 3].map { Foundation.exp($0) }
    let sigma = exps.map { $0 / exps.reduce(0, +) }
    #expect(jacobian.shape == [3, 3])
    for i in 0..<3 {
      for j in 0..<3 {
        let expected = (i == j ? sigma[i] : 0) - sigma[i] * sigma[j]
        #expect(Swift.abs(jacobian.scalars[i * 3 + j] - expected) < 1e-15)
      }
    }
  }

  @Test("softmax with inverse temperature β: Jacobian β(diag(σ) − σσᵀ)")
  func softmaxBetaJacobian() throws {
    var graph = Graph()
    let z = try graph.input(Tensor.column([0.5, -1, 2]), name: "z")
    let beta = try graph.input(Tensor(2.5), name: "beta")
    let s = try graph.softmax(z, beta: beta, name: "s")
    let jacobian = try graph.jacobian(of: s, withRespectTo: z)
    let sigma = try graph.value(of: s).scalars
    for i in 0..<3 {
      for j in 0..<3 {
        let expected = 2.5 * ((i == j ? sigma[i] : 0) - sigma[i] * sigma[j])
        #expect(Swift.abs(jacobian.scalars[i * 3 + j] - expected) < 1e-14)
      }
    }
  }

  @Test(
    "sigmoid chain x → w₁ → σ → w₂ → σ → E = ½(d − z)²",
    arguments: [
      (x: 0.5, w1: 0.8, w2: -1.2, d: 1.0),
      (x: -2.0, w1: 0.3, w2: 0.7, d: 0.0),
    ])
  func sigmoidChain(values: (x: Double, w1: Double, w2: Double, d: Double)) throws {
    var graph = Graph()
    let x = try graph.input(Tensor(values.x), name: "x")
    let w1 = try graph.input(Tensor(values.w1), name: "w1")
    let w2 = try graph.input(Tensor(values.w2), name: "w2")
    let d = try graph.input(Tensor(values.d), name: "d")
    let y = try graph.unary(.sigmoid, graph.multiply(w1, x, name: "p1"), name: "y")
    let z = try graph.unary(.sigmoid, graph.multiply(w2, y, name: "p2"), name: "z")
    let half = try graph.constant(Tensor(0.5))
    let e = try graph.multiply(half, graph.power(graph.subtract(d, z), 2), name: "E")

    // Independent derivation, by hand: ∂E/∂z = −(d − z) — with its sign.
    let yValue = 1 / (1 + Foundation.exp(-values.w1 * values.x))
    let zValue = 1 / (1 + Foundation.exp(-values.w2 * yValue))
    let dEdz = -(values.d - zValue)
    let dEdw2 = dEdz * zValue * (1 - zValue) * yValue
    let dEdw1 = dEdz * zValue * (1 - zValue) * values.w2 * yValue * (1 - yValue) * values.x

    let grads = try graph.gradients(of: e, withRespectTo: [z, w2, w1])
    #expect(Swift.abs(grads[0].scalars[0] - dEdz) < 1e-14)
    #expect(Swift.abs(grads[1].scalars[0] - dEdw2) < 1e-14)
    #expect(Swift.abs(grads[2].scalars[0] - dEdw1) < 1e-14)
  }

  @Test(
    "∇ of α‖w‖ₚᵖ is α p |wᵢ|ᵖ⁻¹ sign(wᵢ), also for odd p and negative wᵢ",
    arguments: [1.0, 2, 3, 1.5])
  func lpRegularization(p: Double) throws {
    var graph = Graph()
    let wValues = [0.5, -2, 3, -0.25]
    let w = try graph.input(Tensor.column(wValues), name: "w")
    let alpha = try graph.input(Tensor(0.1), name: "alpha")
    let pNode = try graph.input(Tensor(p), name: "p")
    let penalty = try graph.multiply(alpha, graph.pNormPower(w, p: pNode))
    let expectedValue = 0.1 * wValues.map { Foundation.pow(Swift.abs($0), p) }.reduce(0, +)
    #expect(Swift.abs(try graph.value(of: penalty).scalars[0] - expectedValue) < 1e-12)
    let gradient = try graph.gradient(of: penalty, withRespectTo: w)
    for (value, derivative) in zip(wValues, gradient.scalars) {
      let expected = 0.1 * p * Foundation.pow(Swift.abs(value), p - 1) * (value > 0 ? 1 : -1)
      #expect(Swift.abs(derivative - expected) < 1e-12)
    }
  }
}
