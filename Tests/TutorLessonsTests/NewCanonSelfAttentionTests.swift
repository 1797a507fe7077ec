import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The self-attention lesson derived by hand: Q, K, V from the same three tokens, a
/// causal softmax, a squared-error loss, and ∂L/∂X as the sum of its three paths.
private struct SelfAttentionByHand {
  var Q: Hand, K: Hand, V: Hand, S: Hand, A: Hand, O: Hand
  var dO: Hand, dV: Hand, dA: Hand, dZ: Hand, dS: Hand, dQ: Hand, dK: Hand
  var dX: Hand, dWQ: Hand

  init(X: Hand, WQ: Hand, WK: Hand, WV: Hand, T: Hand, d: Double) {
    Q = X * WQ
    K = X * WK
    V = X * WV
    S = Q * K.t
    let n = X.rows
    // Causal softmax: row i spreads over the tokens 1…i only; later ones get weight 0.
    var A = Hand.zeros(n, n)
    for i in 0..<n {
      var total = 0.0
      for j in 0...i { total += exp(S[i, j] / d.squareRoot()) }
      for j in 0...i { A[i, j] = exp(S[i, j] / d.squareRoot()) / total }
    }
    self.A = A
    O = A * V
    dO = O - T
    dV = A.t * dO
    dA = dO * V.t
    var dZ = Hand.zeros(n, n)
    for i in 0..<n {
      var average = 0.0
      for k in 0..<n { average += dA[i, k] * A[i, k] }
      for j in 0..<n { dZ[i, j] = A[i, j] * (dA[i, j] - average) }
    }
    self.dZ = dZ
    dS = dZ.map { $0 / d.squareRoot() }
    dQ = dS * K
    dK = dS.t * Q
    // X feeds Q, K and V: the three paths add.
    dX = dQ * WQ.t + dK * WK.t + dV * WV.t
    dWQ = X.t * dQ
  }
}

@Suite("Lesson self-attention against a derivation by hand")
struct SelfAttentionLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> SelfAttentionByHand {
    SelfAttentionByHand(
      X: try Check.given(bound, "X"), WQ: try Check.given(bound, "WQ"),
      WK: try Check.given(bound, "WK"), WV: try Check.given(bound, "WV"),
      T: try Check.given(bound, "T"), d: try Check.scalar(bound, "d"))
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: SelfAttentionByHand) throws {
    try Check.step(bound, "queries", hand.Q)
    try Check.step(bound, "scores", hand.S)
    try Check.step(bound, "weights", hand.A)
    try Check.step(bound, "output", hand.O)
    try Check.step(bound, "dO", hand.dO)
    try Check.step(bound, "dV", hand.dV)
    try Check.step(bound, "dZ", hand.dZ)
    try Check.step(bound, "dQ", hand.dQ)
    try Check.step(bound, "dK", hand.dK)
    try Check.step(bound, "dX", hand.dX)
    try Check.step(bound, "dWQ", hand.dWQ)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("self-attention")
    let hand = try Self.hand(bound)
    // The first token attends only to itself; the masked scores get no gradient.
    #expect(hand.A[0, 0] == 1 && hand.A[0, 1] == 0 && hand.A[1, 2] == 0)
    #expect((0..<3).allSatisfy { hand.dZ[0, $0] == 0 } && hand.dZ[1, 2] == 0)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("self-attention", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the three-path formula, the mask choice, and the slips")
  func formulaChoiceAndSlips() throws {
    let bound = try boundLesson("self-attention")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "dX-formula", "dV @ WV' + dK @ WK' + dQ @ WQ'", .correct)
    try Check.mistake(bound, "dX-formula", "dV @ WV'", "add their paths")
    try Check.choice(bound, "mask-purpose")
    // Only the values' path into X.
    let WV = try Check.given(bound, "WV")
    try Check.mistake(bound, "dX", (hand.dV * WV.t).answer, "only the path")
    // The softmax without the mask: every token sees every other.
    let d = try Check.scalar(bound, "d")
    var unmasked = Hand.zeros(3, 3)
    for i in 0..<3 {
      let total = (0..<3).reduce(0.0) { $0 + exp(hand.S[i, $1] / d.squareRoot()) }
      for j in 0..<3 { unmasked[i, j] = exp(hand.S[i, j] / d.squareRoot()) / total }
    }
    try Check.mistake(bound, "weights", unmasked.answer, "Apply the mask")
  }
}
