import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The loss-layers lesson derived by hand: sigmoid with binary cross-entropy and with a
/// squared error, logsumexp with its max shift, log-softmax with cross-entropy, and the
/// multiclass hinge loss.
private struct LossLayersByHand {
  var p = 0.0, bce = 0.0, dp = 0.0, dz = 0.0, dzMSE = 0.0
  var lse = 0.0, softmax: Hand, logSoftmax: Hand, dCE: Hand
  var hinge = 0.0, dHinge: Hand

  init(z: Double, y: Double, v: Hand, t: Int) {
    p = handSigmoid(z)
    bce = -(y * log(p) + (1 - y) * log(1 - p))
    dp = -y / p + (1 - y) / (1 - p)
    dz = dp * p * (1 - p)  // the chain through σ, not the simplified σ − y
    dzMSE = (p - y) * p * (1 - p)
    let m = v.v.max()!
    let lse = m + log(v.v.reduce(0) { $0 + exp($1 - m) })
    self.lse = lse
    softmax = v.map { exp($0 - lse) }
    logSoftmax = v.map { $0 - lse }
    dCE = softmax
    dCE.v[t - 1] -= 1
    dHinge = Hand.zeros(1, v.cols)
    for j in 0..<v.cols where j != t - 1 {
      let margin = v.v[j] - v.v[t - 1] + 1
      if margin > 0 {
        hinge += margin
        dHinge.v[j] += 1
        dHinge.v[t - 1] -= 1
      }
    }
  }
}

@Suite("Lesson loss-layers against a derivation by hand")
struct LossLayersLessonTests {
  private static func expectAll(_ bound: BoundLesson, _ hand: LossLayersByHand) throws {
    try Check.step(bound, "p", hand.p)
    try Check.step(bound, "bce", hand.bce)
    try Check.step(bound, "dLb-dp", hand.dp)
    try Check.step(bound, "dLb-dz", hand.dz)
    try Check.step(bound, "dLm-dz", hand.dzMSE)
    try Check.step(bound, "lse", hand.lse)
    try Check.step(bound, "dlse", hand.softmax)
    try Check.step(bound, "log-softmax", hand.logSoftmax)
    try Check.step(bound, "dLc", hand.dCE)
    try Check.step(bound, "hinge", hand.hinge)
    try Check.step(bound, "dLh", hand.dHinge)
  }

  private static func hand(_ bound: BoundLesson) throws -> LossLayersByHand {
    LossLayersByHand(
      // The lesson calls the binary target t and the true class y (CS231n's labels).
      z: try Check.scalar(bound, "z"), y: try Check.scalar(bound, "t"),
      v: try Check.given(bound, "v"), t: Int(try Check.scalar(bound, "y")))
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("loss-layers")
    let hand = try Self.hand(bound)
    // σ(−3) = 1/(1 + e³); the simplified gradient σ − y agrees with the chain.
    #expect(abs(hand.p - 1 / (1 + exp(3))) < 1e-15)
    #expect(abs(hand.dz - (hand.p - 1)) < 1e-12)
    // The squared error's gradient is σ′ = p(1 − p) < 0.05 times smaller here.
    #expect(abs(hand.dzMSE) < 0.05 * abs(hand.dz))
    // v = [2, −1, 3], t = 1: only class 3 violates the margin, by 3 − 2 + 1 = 2.
    #expect(hand.hinge == 2)
    #expect(hand.dHinge == Hand.row([-1, 0, 1]))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("loss-layers", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the σ − t formula, the choices, and the classic slips")
  func formulaChoicesAndSlips() throws {
    let bound = try boundLesson("loss-layers")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "bce-formula", "p - t", .correct)
    try Check.judged(bound, "bce-formula", "-t*(1 - p) + (1 - t)*p", .correct)
    try Check.mistake(bound, "bce-formula", "t - p", "other way round")
    try Check.mistake(bound, "bce-formula", "(p - t)*p*(1 - p)", "squared error")
    for step in ["saturation", "shift-gradient"] { try Check.choice(bound, step) }
    // MSE answered with the cross-entropy's σ − t: the σ′ factor forgotten.
    try Check.mistake(bound, "dLm-dz", "\(hand.p - 1)", "still goes through")
    // The max alone for logsumexp, and log-softmax shifted by the max only.
    try Check.mistake(bound, "lse", "3", "lower bound")
    try Check.mistake(bound, "log-softmax", Hand.row([-1, -4, 0]).answer, "whole logsumexp")
    // The hinge with the true class's own term (always 1) included.
    try Check.mistake(bound, "hinge", "3", "Leave out")
    // The hinge gradient without the true class's −1 per violated margin.
    try Check.mistake(bound, "dLh", Hand.row([0, 0, 1]).answer, "minus sign")
    try Check.mistake(bound, "dLc", hand.softmax.answer, "adds $-1$")
  }
}
