import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

// The lessons attention-head, rnn-bptt, embedding and dropout (issue 12) against
// derivations written out in plain Swift arithmetic: loops over arrays of Double,
// never through the engine or the math language. Each derivation takes the givens and
// returns every step's answer; the tests run it on the lesson's own values (written
// out below, so a reader can follow the numbers) and on the givens of a few variants.

/// A row-major matrix of Doubles (``Hand``, shared with the newer canon tests).
private typealias HandMatrix = Hand

/// Comparing the engine with the derivations, and asking it about answers.
private enum Verify {
  /// The number the right option of choice step `step` is shown at (choices are shuffled
  /// per variant), and a wrong one.
  static func options(_ bound: BoundLesson, _ step: String) throws -> (right: String, wrong: String)
  {
    let index = try Verify.index(bound, step)
    guard case .choice(let choices) = bound.lesson.steps[index].question else {
      Issue.record("\(step) is not a choice step")
      return ("1", "1")
    }
    let order = bound.choiceOrder(step: index)
    let right = try #require(order.firstIndex { choices[$0].isCorrect }) + 1
    return ("\(right)", "\(right % choices.count + 1)")
  }

  /// The engine's expected answer of `step` equals `want` (``Check/step(_:_:_:sourceLocation:)``).
  static func step(
    _ bound: BoundLesson, _ step: String, _ want: HandMatrix,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try Check.step(bound, step, want, sourceLocation: sourceLocation)
  }

  static func step(
    _ bound: BoundLesson, _ step: String, _ want: Double,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try Check.step(bound, step, want, sourceLocation: sourceLocation)
  }

  static func index(_ bound: BoundLesson, _ step: String) throws -> Int {
    try Check.index(bound, step)
  }

  /// `answer` at `step` is diagnosed as a declared mistake whose message contains `words`.
  static func mistake(
    _ bound: BoundLesson, _ step: String, _ answer: String, _ words: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try Check.mistake(bound, step, answer, words, sourceLocation: sourceLocation)
  }

  /// A given of a bound lesson as a matrix (a scalar is 1×1, a vector keeps its shape).
  static func given(_ bound: BoundLesson, _ name: String) throws -> HandMatrix {
    let tensor = try #require(bound.givenValues[name], "no given \(name)")
    let shape = tensor.shape.count == 2 ? tensor.shape : [1, tensor.count]
    return HandMatrix(shape[0], shape[1], tensor.scalars)
  }

  static func scalar(_ bound: BoundLesson, _ name: String) throws -> Double {
    try #require(bound.givenValues[name]?.scalarValue, "no scalar given \(name)")
  }
}

// MARK: - attention-head

/// softmax(QKᵀ/√d)V for two tokens, its squared-error loss and every gradient.
private struct AttentionByHand {
  var S = HandMatrix.zeros(2, 2), Z = HandMatrix.zeros(2, 2), A = HandMatrix.zeros(2, 2),
    O = HandMatrix.zeros(2, 2)
  var L = 0.0
  var dO = HandMatrix.zeros(2, 2), dV = HandMatrix.zeros(2, 2), dA = HandMatrix.zeros(2, 2),
    dZ = HandMatrix.zeros(2, 2)
  var dS = HandMatrix.zeros(2, 2), dQ = HandMatrix.zeros(2, 2), dK = HandMatrix.zeros(2, 2)
  /// Row i of A: ∑ₖ Gᵢₖ Aᵢₖ with G = ∂L/∂A.
  var rowAverage = [0.0, 0.0]

  init(Q: HandMatrix, K: HandMatrix, V: HandMatrix, T: HandMatrix, d: Double) {
    let n = Q.rows
    for i in 0..<n {
      for j in 0..<n {
        var dot = 0.0
        for k in 0..<Q.cols { dot += Q[i, k] * K[j, k] }
        S[i, j] = dot
        Z[i, j] = dot / d.squareRoot()
      }
    }
    for i in 0..<n {
      var total = 0.0
      for j in 0..<n { total += exp(Z[i, j]) }
      for j in 0..<n { A[i, j] = exp(Z[i, j]) / total }
    }
    O = A * V
    L = (O - T).sumOfSquares / 2
    dO = O - T
    dV = A.t * dO
    dA = dO * V.t
    for i in 0..<n {
      var average = 0.0
      for k in 0..<n { average += dA[i, k] * A[i, k] }
      rowAverage[i] = average
      for j in 0..<n { dZ[i, j] = A[i, j] * (dA[i, j] - average) }
    }
    dS = dZ.map { $0 / d.squareRoot() }
    dQ = dS * K
    dK = dS.t * Q
  }
}

@Suite("Lesson attention-head against a derivation by hand")
struct AttentionHeadLessonTests {
  // The lesson's own givens.
  fileprivate static let Q = HandMatrix(2, 2, [1, 2, 0, 1])
  fileprivate static let K = HandMatrix(2, 2, [1, -1, 2, 1])
  fileprivate static let V = HandMatrix(2, 2, [1, 2, 3, -1])
  fileprivate static let T = HandMatrix(2, 2, [2, 0, 1, 1])

  private static func expectAll(_ bound: BoundLesson, _ hand: AttentionByHand) throws {
    try Verify.step(bound, "scores", hand.S)
    try Verify.step(bound, "scaled", hand.Z)
    try Verify.step(bound, "weights", hand.A)
    try Verify.step(bound, "output", hand.O)
    try Verify.step(bound, "loss", hand.L)
    try Verify.step(bound, "dO", hand.dO)
    try Verify.step(bound, "dV", hand.dV)
    try Verify.step(bound, "dA", hand.dA)
    try Verify.step(bound, "dZ", hand.dZ)
    try Verify.step(bound, "dS", hand.dS)
    try Verify.step(bound, "dQ", hand.dQ)
    try Verify.step(bound, "dK", hand.dK)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("attention-head")
    #expect(try Verify.given(bound, "Q") == Self.Q)
    #expect(try Verify.given(bound, "K") == Self.K)
    #expect(try Verify.given(bound, "V") == Self.V)
    #expect(try Verify.given(bound, "T") == Self.T)
    let hand = AttentionByHand(Q: Self.Q, K: Self.K, V: Self.V, T: Self.T, d: 2)
    // QKᵀ by hand: [1·1 + 2·(−1), 1·2 + 2·1; 0·1 + 1·(−1), 0·2 + 1·1].
    #expect(hand.S == HandMatrix(2, 2, [-1, 4, -1, 1]))
    try Self.expectAll(bound, hand)
    // Each row of A sums to 1, and each row of ∂L/∂Z to 0.
    for i in 0..<2 {
      #expect(abs(hand.A[i, 0] + hand.A[i, 1] - 1) < 1e-12)
      #expect(abs(hand.dZ[i, 0] + hand.dZ[i, 1]) < 1e-12)
    }
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("attention-head", variant: variant)
    let hand = AttentionByHand(
      Q: try Verify.given(bound, "Q"), K: try Verify.given(bound, "K"),
      V: try Verify.given(bound, "V"),
      T: try Verify.given(bound, "T"), d: try Verify.scalar(bound, "d"))
    try Self.expectAll(bound, hand)
  }

  @Test("the row-softmax formula, the choice, and the slips of the √d")
  func formulaChoiceAndSlips() throws {
    let bound = try boundLesson("attention-head")
    let hand = AttentionByHand(Q: Self.Q, K: Self.K, V: Self.V, T: Self.T, d: 2)
    let formula = try Verify.index(bound, "softmax-row-formula")
    #expect(StepChecker(bound).check("a*g - a*ga", step: formula).kind == .correct)
    #expect(StepChecker(bound).check("a*(1 - a)*g", step: formula).kind == .incorrect)
    #expect(
      StepChecker(bound).check(
        try Verify.options(bound, "why-scale").right, step: try Verify.index(bound, "why-scale")
      ).kind == .correct)
    #expect(
      StepChecker(bound).check(
        try Verify.options(bound, "why-scale").wrong, step: try Verify.index(bound, "why-scale")
      ).kind == .incorrect)
    // Forgetting the √d forward (Z = S) and backward (∂L/∂S = ∂L/∂Z).
    try Verify.mistake(bound, "scaled", hand.S.answer, "Divide by")
    try Verify.mistake(bound, "dS", hand.dZ.answer, "backward path too")
    // S/d instead of S/√d.
    try Verify.mistake(bound, "scaled", hand.S.map { $0 / 2 }.answer, "The scale is")
    // Normalising columns instead of rows.
    var byColumns = HandMatrix.zeros(2, 2)
    for j in 0..<2 {
      let total = exp(hand.Z[0, j]) + exp(hand.Z[1, j])
      for i in 0..<2 { byColumns[i, j] = exp(hand.Z[i, j]) / total }
    }
    try Verify.mistake(bound, "weights", byColumns.answer, "each column")
    // The row's softmax Jacobian without its off-diagonal terms.
    try Verify.mistake(
      bound, "dZ", hand.A.zip(hand.dA) { a, g in a * (1 - a) * g }.answer, "only the diagonal")
    #expect(
      StepChecker(bound).check(hand.dQ.answer, step: try Verify.index(bound, "dQ")).kind == .correct
    )
  }
}

// MARK: - rnn-bptt

/// Two steps of h_t = tanh(W h_{t−1} + U x_t), L = ½‖h₂ − y‖², and backpropagation
/// through time.
private struct RNNByHand {
  var a1 = HandMatrix.zeros(2, 1), h1 = HandMatrix.zeros(2, 1), a2 = HandMatrix.zeros(2, 1),
    h2 = HandMatrix.zeros(2, 1)
  var L = 0.0
  var dh2 = HandMatrix.zeros(2, 1), da2 = HandMatrix.zeros(2, 1), dh1 = HandMatrix.zeros(2, 1),
    da1 = HandMatrix.zeros(2, 1)
  var dWstep2 = HandMatrix.zeros(2, 2), dWstep1 = HandMatrix.zeros(2, 2),
    dW = HandMatrix.zeros(2, 2)
  var dU = HandMatrix.zeros(2, 1), dh0 = HandMatrix.zeros(2, 1)

  init(W: HandMatrix, U: HandMatrix, h0: HandMatrix, x1: Double, x2: Double, y: HandMatrix) {
    let n = 2
    for i in 0..<n {
      var total = U[i, 0] * x1
      for k in 0..<n { total += W[i, k] * h0[k, 0] }
      a1[i, 0] = total
      h1[i, 0] = tanh(total)
    }
    for i in 0..<n {
      var total = U[i, 0] * x2
      for k in 0..<n { total += W[i, k] * h1[k, 0] }
      a2[i, 0] = total
      h2[i, 0] = tanh(total)
    }
    L = (h2 - y).sumOfSquares / 2
    dh2 = h2 - y
    for i in 0..<n { da2[i, 0] = dh2[i, 0] * (1 - h2[i, 0] * h2[i, 0]) }
    for k in 0..<n {
      var total = 0.0
      for i in 0..<n { total += W[i, k] * da2[i, 0] }  // Wᵀ ∂L/∂a₂
      dh1[k, 0] = total
    }
    for i in 0..<n { da1[i, 0] = dh1[i, 0] * (1 - h1[i, 0] * h1[i, 0]) }
    for k in 0..<n {
      var total = 0.0
      for i in 0..<n { total += W[i, k] * da1[i, 0] }
      dh0[k, 0] = total
    }
    for i in 0..<n {
      for j in 0..<n {
        dWstep2[i, j] = da2[i, 0] * h1[j, 0]
        dWstep1[i, j] = da1[i, 0] * h0[j, 0]
        dW[i, j] = dWstep2[i, j] + dWstep1[i, j]  // shared: the two uses add
      }
      dU[i, 0] = da2[i, 0] * x2 + da1[i, 0] * x1
    }
  }
}

@Suite("Lesson rnn-bptt against a derivation by hand")
struct RNNBPTTLessonTests {
  fileprivate static let W = HandMatrix(2, 2, [0.5, -0.5, 0, 1])
  fileprivate static let U = HandMatrix.column([1, 0.5])
  fileprivate static let h0 = HandMatrix.column([1, 0.5])
  fileprivate static let y = HandMatrix.column([0.5, -0.5])

  private static func expectAll(_ bound: BoundLesson, _ hand: RNNByHand) throws {
    try Verify.step(bound, "a1", hand.a1)
    try Verify.step(bound, "h1", hand.h1)
    try Verify.step(bound, "h2", hand.h2)
    try Verify.step(bound, "loss", hand.L)
    try Verify.step(bound, "dh2", hand.dh2)
    try Verify.step(bound, "da2", hand.da2)
    try Verify.step(bound, "dW-step2", hand.dWstep2)
    try Verify.step(bound, "dh1", hand.dh1)
    try Verify.step(bound, "da1", hand.da1)
    try Verify.step(bound, "dW", hand.dW)
    try Verify.step(bound, "dU", hand.dU)
    try Verify.step(bound, "dh0", hand.dh0)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("rnn-bptt")
    #expect(try Verify.given(bound, "W") == Self.W)
    #expect(try Verify.given(bound, "U") == Self.U)
    #expect(try Verify.given(bound, "h0") == Self.h0)
    #expect(try Verify.scalar(bound, "x1") == 1)
    #expect(try Verify.scalar(bound, "x2") == -1)
    #expect(try Verify.given(bound, "y") == Self.y)
    let hand = RNNByHand(W: Self.W, U: Self.U, h0: Self.h0, x1: 1, x2: -1, y: Self.y)
    // W h₀ + U x₁ = [0.5 − 0.25; 0.5] + [1; 0.5].
    #expect(hand.a1 == HandMatrix.column([1.25, 1]))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("rnn-bptt", variant: variant)
    let hand = RNNByHand(
      W: try Verify.given(bound, "W"), U: try Verify.given(bound, "U"),
      h0: try Verify.given(bound, "h0"),
      x1: try Verify.scalar(bound, "x1"), x2: try Verify.scalar(bound, "x2"),
      y: try Verify.given(bound, "y"))
    try Self.expectAll(bound, hand)
  }

  @Test("one time step's share of a shared weight is diagnosed; tanh' is 1 − h²")
  func slips() throws {
    let bound = try boundLesson("rnn-bptt")
    let hand = RNNByHand(W: Self.W, U: Self.U, h0: Self.h0, x1: 1, x2: -1, y: Self.y)
    try Verify.mistake(bound, "dW", hand.dWstep2.answer, "second step alone")
    try Verify.mistake(bound, "dW", hand.dWstep1.answer, "first step alone")
    // The second step alone: ∂L/∂a₂ x₂ with x₂ = −1.
    try Verify.mistake(bound, "dU", hand.da2.map { $0 * -1 }.answer, "second step alone")
    let tanhPrime = try Verify.index(bound, "tanh-derivative")
    #expect(StepChecker(bound).check("1 - h*h", step: tanhPrime).kind == .correct)
    #expect(StepChecker(bound).check("h*(1 - h)", step: tanhPrime).kind == .incorrect)
    #expect(
      StepChecker(bound).check(
        try Verify.options(bound, "why-add").right, step: try Verify.index(bound, "why-add")
      ).kind == .correct)
    #expect(
      StepChecker(bound).check(
        try Verify.options(bound, "long-sequences").right,
        step: try Verify.index(bound, "long-sequences")
      ).kind == .correct)
    #expect(
      StepChecker(bound).check(hand.dW.answer, step: try Verify.index(bound, "dW")).kind == .correct
    )
  }
}

// MARK: - embedding

/// Rows of E looked up by 1-based ids, a score per token, L = ½‖s − y‖², and the
/// scatter-add of ∂L/∂X into ∂L/∂E.
private struct EmbeddingByHand {
  var H: HandMatrix, X: HandMatrix, s: HandMatrix, L = 0.0, ds: HandMatrix, dX: HandMatrix,
    dE: HandMatrix, sgd: HandMatrix
  /// The slip: writing each position's row into place, so the last one wins.
  var dEOverwritten: HandMatrix

  init(E: HandMatrix, ids: [Int], w: HandMatrix, y: HandMatrix, eta: Double) {
    let n = ids.count
    H = HandMatrix.zeros(n, E.rows)
    X = HandMatrix.zeros(n, E.cols)
    for (position, id) in ids.enumerated() {
      H[position, id - 1] = 1
      for j in 0..<E.cols { X[position, j] = E[id - 1, j] }
    }
    s = X * w
    L = (s - y).sumOfSquares / 2
    ds = s - y
    dX = HandMatrix.zeros(n, E.cols)
    for position in 0..<n { for j in 0..<E.cols { dX[position, j] = ds[position, 0] * w[j, 0] } }
    dE = HandMatrix.zeros(E.rows, E.cols)
    dEOverwritten = HandMatrix.zeros(E.rows, E.cols)
    for (position, id) in ids.enumerated() {
      for j in 0..<E.cols {
        dE[id - 1, j] += dX[position, j]
        dEOverwritten[id - 1, j] = dX[position, j]
      }
    }
    sgd = E - dE.map { eta * $0 }
  }
}

@Suite("Lesson embedding against a derivation by hand")
struct EmbeddingLessonTests {
  fileprivate static let E = HandMatrix(4, 2, [1, 0, 0.5, -1, -1, 1, 0, 0.5])
  static let ids = [2, 4, 2]
  fileprivate static let w = HandMatrix.column([1, -1])
  fileprivate static let y = HandMatrix.column([1, 0, -1])

  private static func expectAll(_ bound: BoundLesson, _ hand: EmbeddingByHand) throws {
    try Verify.step(bound, "lookup", hand.X)
    try Verify.step(bound, "onehot", hand.H)
    try Verify.step(bound, "scores", hand.s)
    try Verify.step(bound, "loss", hand.L)
    try Verify.step(bound, "ds", hand.ds)
    try Verify.step(bound, "dX", hand.dX)
    try Verify.step(bound, "dE-row-repeated", HandMatrix.row([hand.dE[1, 0], hand.dE[1, 1]]))
    try Verify.step(bound, "dE", hand.dE)
    try Verify.step(bound, "sgd", hand.sgd)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("embedding")
    #expect(try Verify.given(bound, "E") == Self.E)
    #expect(try Verify.given(bound, "ids").v == Self.ids.map(Double.init))
    #expect(try Verify.given(bound, "w") == Self.w)
    #expect(try Verify.given(bound, "y") == Self.y)
    let hand = EmbeddingByHand(E: Self.E, ids: Self.ids, w: Self.w, y: Self.y, eta: 0.1)
    // s − y = [1.5 − 1; −0.5 − 0; 1.5 + 1]; row 2 of ∂L/∂E gets positions 1 and 3:
    // 0.5·[1, −1] + 2.5·[1, −1] = [3, −3]; row 4 gets position 2: −0.5·[1, −1].
    #expect(hand.dE == HandMatrix(4, 2, [0, 0, 3, -3, 0, 0, -0.5, 0.5]))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants (the ids stay fixed)", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("embedding", variant: variant)
    let ids = try Verify.given(bound, "ids").v.map { Int($0) }
    #expect(ids == Self.ids)
    let hand = EmbeddingByHand(
      E: try Verify.given(bound, "E"), ids: ids, w: try Verify.given(bound, "w"),
      y: try Verify.given(bound, "y"),
      eta: try Verify.scalar(bound, "eta"))
    try Self.expectAll(bound, hand)
  }

  @Test("overwriting a repeated id's row instead of accumulating is diagnosed")
  func overwrite() throws {
    let bound = try boundLesson("embedding")
    let hand = EmbeddingByHand(E: Self.E, ids: Self.ids, w: Self.w, y: Self.y, eta: 0.1)
    try Verify.mistake(bound, "dE", hand.dEOverwritten.answer, "overwrites")
    let lastOnly = HandMatrix.row([hand.dX[2, 0], hand.dX[2, 1]])
    try Verify.mistake(bound, "dE-row-repeated", lastOnly.answer, "overwritten")
    let averaged = HandMatrix.row([hand.dE[1, 0] / 2, hand.dE[1, 1] / 2])
    try Verify.mistake(bound, "dE-row-repeated", averaged.answer, "not averaged")
    #expect(
      StepChecker(bound).check(
        try Verify.options(bound, "scatter-as-product").right,
        step: try Verify.index(bound, "scatter-as-product")
      ).kind == .correct)
    #expect(
      StepChecker(bound).check(
        try Verify.options(bound, "sparse").right, step: try Verify.index(bound, "sparse")
      ).kind == .correct)
  }
}

// MARK: - dropout

/// Inverted dropout with a fixed mask, a linear output, L = ½(y − t)², and the test-time
/// output without mask or scale.
private struct DropoutByHand {
  var c = 0.0, hd: HandMatrix, y = 0.0, L = 0.0, dy = 0.0, dw: HandMatrix, dhd: HandMatrix,
    dh: HandMatrix, ytest = 0.0

  init(h: HandMatrix, m: HandMatrix, p: Double, w: HandMatrix, t: Double) {
    let n = h.rows
    c = 1 / (1 - p)
    hd = HandMatrix.zeros(n, 1)
    for i in 0..<n { hd[i, 0] = m[i, 0] * h[i, 0] * c }
    for i in 0..<n {
      y += w[0, i] * hd[i, 0]
      ytest += w[0, i] * h[i, 0]
    }
    L = (y - t) * (y - t) / 2
    dy = y - t
    dw = HandMatrix.zeros(1, n)
    dhd = HandMatrix.zeros(n, 1)
    dh = HandMatrix.zeros(n, 1)
    for i in 0..<n {
      dw[0, i] = dy * hd[i, 0]
      dhd[i, 0] = w[0, i] * dy
      dh[i, 0] = dhd[i, 0] * m[i, 0] * c  // through the mask and the scale
    }
  }
}

@Suite("Lesson dropout against a derivation by hand")
struct DropoutLessonTests {
  fileprivate static let h = HandMatrix.column([1, 2, 0.5, -2, -1])
  fileprivate static let m = HandMatrix.column([1, 1, 0, 1, 1])
  fileprivate static let w = HandMatrix.row([1, -0.5, 2, 1.5, -1])

  private static func expectAll(_ bound: BoundLesson, _ hand: DropoutByHand) throws {
    try Verify.step(bound, "scale", hand.c)
    try Verify.step(bound, "dropped", hand.hd)
    try Verify.step(bound, "output", hand.y)
    try Verify.step(bound, "loss", hand.L)
    try Verify.step(bound, "dy", hand.dy)
    try Verify.step(bound, "dw", hand.dw)
    try Verify.step(bound, "dhd", hand.dhd)
    try Verify.step(bound, "dh", hand.dh)
    try Verify.step(bound, "test-time", hand.ytest)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("dropout")
    #expect(try Verify.given(bound, "h") == Self.h)
    #expect(try Verify.given(bound, "m") == Self.m)
    #expect(try Verify.given(bound, "w") == Self.w)
    #expect(try Verify.scalar(bound, "q") == 0.8)  // the keep probability
    #expect(try Verify.scalar(bound, "t") == -1)
    let hand = DropoutByHand(h: Self.h, m: Self.m, p: 1 - 0.8, w: Self.w, t: -1)
    // c = 1/0.8 = 1.25; h̃ = [1.25; 2.5; 0; −2.5; −1.25];
    // y = 1.25 − 1.25 + 0 − 3.75 + 1.25 = −2.5; ∂L/∂y = −2.5 − (−1) = −1.5;
    // ∂L/∂h = −1.5 · w ⊙ m · 1.25; y_test = 1 − 1 + 1 − 3 + 1 = −1.
    #expect(hand.c == 1.25 && hand.y == -2.5 && hand.dy == -1.5 && hand.ytest == -1)
    #expect(hand.hd == HandMatrix.column([1.25, 2.5, 0, -2.5, -1.25]))
    #expect(hand.dh == HandMatrix.column([-1.875, 0.9375, 0, -2.8125, 1.875]))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants (the mask stays fixed)", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("dropout", variant: variant)
    #expect(try Verify.given(bound, "m") == Self.m)
    let hand = DropoutByHand(
      h: try Verify.given(bound, "h"), m: try Verify.given(bound, "m"),
      p: 1 - (try Verify.scalar(bound, "q")),
      w: try Verify.given(bound, "w"), t: try Verify.scalar(bound, "t"))
    try Self.expectAll(bound, hand)
  }

  @Test("forgetting the 1/q scale or the mask is diagnosed")
  func slips() throws {
    let bound = try boundLesson("dropout")
    let hand = DropoutByHand(h: Self.h, m: Self.m, p: 1 - 0.8, w: Self.w, t: -1)
    // The gradient through the mask without the scale, and through the scale without the mask.
    try Verify.mistake(
      bound, "dh", hand.dhd.zip(Self.m) { $0 * $1 }.answer, "backward path too")
    try Verify.mistake(bound, "dh", hand.dhd.map { $0 * 1.25 }.answer, "Apply the mask")
    try Verify.mistake(bound, "dropped", Self.h.zip(Self.m) { $0 * $1 }.answer, "also scaled")
    try Verify.mistake(bound, "scale", "5", "probability of keeping")  // 1/(1 − q)
    let local = try Verify.index(bound, "local-derivative")
    #expect(StepChecker(bound).check("mi/q", step: local).kind == .correct)
    #expect(StepChecker(bound).check("mi", step: local).kind == .incorrect)
    for step in ["same-mask", "why-inverted"] {
      #expect(
        StepChecker(bound).check(
          try Verify.options(bound, step).right, step: try Verify.index(bound, step)
        ).kind
          == .correct)
    }
  }
}
