import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The multi-head lesson derived by hand: two heads of one feature each (column h of Q,
/// K and V), their outputs side by side, the projection W_O, and the backward pass that
/// splits ∂L/∂H back into the heads.
private struct MultiHeadByHand {
  var S: [Hand] = [], A: [Hand] = [], O: [Hand] = []
  var Y: Hand, dY: Hand, dWO: Hand, dH: Hand, dV: Hand, dS: [Hand] = [], dQ: Hand

  static func column(_ m: Hand, _ h: Int) -> Hand { Hand.column([m[0, h], m[1, h]]) }

  init(Q: Hand, K: Hand, V: Hand, WO: Hand, T: Hand) {
    for h in 0..<2 {
      let s = Self.column(Q, h) * Self.column(K, h).t  // d_h = 1: the scale is 1
      var a = Hand.zeros(2, 2)
      for n in 0..<2 {
        let total = exp(s[n, 0]) + exp(s[n, 1])
        for m in 0..<2 { a[n, m] = exp(s[n, m]) / total }
      }
      S.append(s)
      A.append(a)
      O.append(a * Self.column(V, h))
    }
    let H = Hand(2, 2, [O[0].v[0], O[1].v[0], O[0].v[1], O[1].v[1]])
    Y = H * WO
    dY = Y.zip(T, -)
    dWO = H.t * dY
    dH = dY * WO.t
    dV = Hand.zeros(2, 2)
    dQ = Hand.zeros(2, 2)
    for h in 0..<2 {
      let dO = Self.column(dH, h)  // the concatenation's backward pass: a split
      let dv = A[h].t * dO
      let dA = dO * Self.column(V, h).t
      var ds = Hand.zeros(2, 2)
      for n in 0..<2 {
        let average = dA[n, 0] * A[h][n, 0] + dA[n, 1] * A[h][n, 1]
        for m in 0..<2 { ds[n, m] = A[h][n, m] * (dA[n, m] - average) }
      }
      dS.append(ds)
      let dq = ds * Self.column(K, h)
      for n in 0..<2 {
        dV[n, h] = dv.v[n]
        dQ[n, h] = dq.v[n]
      }
    }
  }
}

@Suite("Lesson multi-head against a derivation by hand")
struct MultiHeadLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> MultiHeadByHand {
    MultiHeadByHand(
      Q: try Check.given(bound, "Q"), K: try Check.given(bound, "K"),
      V: try Check.given(bound, "V"), WO: try Check.given(bound, "WO"),
      T: try Check.given(bound, "T"))
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: MultiHeadByHand) throws {
    try Check.step(bound, "head-scores", hand.S[0])
    try Check.step(bound, "head-weights", hand.A[0])
    try Check.step(bound, "head-output", hand.O[0])
    try Check.step(bound, "projection", hand.Y)
    try Check.step(bound, "dY", hand.dY)
    try Check.step(bound, "dWO", hand.dWO)
    try Check.step(bound, "dH", hand.dH)
    try Check.step(bound, "dV", hand.dV)
    try Check.step(bound, "dS1", hand.dS[0])
    try Check.step(bound, "dQ", hand.dQ)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("multi-head")
    let hand = try Self.hand(bound)
    // Head 1: q = [1; 0.5], k = [1; −1], so S⁽¹⁾ = [1 −1; 0.5 −0.5].
    #expect(hand.S[0] == Hand(2, 2, [1, -1, 0.5, -0.5]))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("multi-head", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the choices and the slips of split and concatenation")
  func choicesAndSlips() throws {
    let bound = try boundLesson("multi-head")
    let hand = try Self.hand(bound)
    for step in ["concat-backward", "why-heads"] { try Check.choice(bound, step) }
    // Both features in one head's scores.
    let Q = try Check.given(bound, "Q")
    let K = try Check.given(bound, "K")
    try Check.mistake(bound, "head-scores", (Q * K.t).answer, "mixing the two heads")
    // Head 1's attention used for both columns of V.
    try Check.mistake(bound, "dV", (hand.A[0].t * hand.dH).answer, "own head")
  }
}
