import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The optimizers lesson derived by hand: the gradient of L = ½ Σ λᵢ wᵢ², a momentum
/// step, Adam's first step with bias correction, Adam on an L2-penalised loss and AdamW.
private struct OptimizersByHand {
  var g: [Double] = [], velocity: [Double] = [], momentum: [Double] = []
  var m: [Double] = [], s: [Double] = [], mHat: [Double] = [], adam: [Double] = []
  var gL2: [Double] = [], l2: [Double] = [], adamW: [Double] = []

  init(w: [Double], lam: [Double]) {
    let (eta, mu, beta1, beta2, eps, decay) = (0.2, 0.9, 0.9, 0.999, 1e-8, 0.5)
    let v0 = [0.5, -1.0]
    /// Adam's step at t = 1 from zero moments, for the gradient `gradient`.
    func adamStep(_ w: Double, _ gradient: Double) -> Double {
      let m = (1 - beta1) * gradient / (1 - beta1)
      let s = (1 - beta2) * gradient * gradient / (1 - beta2)
      return eta * m / (s.squareRoot() + eps)
    }
    for i in 0..<w.count {
      let gi = lam[i] * w[i]
      g.append(gi)
      velocity.append(mu * v0[i] + gi)
      momentum.append(w[i] - eta * velocity[i])
      m.append((1 - beta1) * gi)
      s.append((1 - beta2) * gi * gi)
      mHat.append(m[i] / (1 - beta1))
      adam.append(w[i] - adamStep(w[i], gi))
      gL2.append(gi + decay * w[i])
      l2.append(w[i] - adamStep(w[i], gL2[i]))
      adamW.append(w[i] - adamStep(w[i], gi) - eta * decay * w[i])
    }
  }
}

@Suite("Lesson optimizers against a derivation by hand")
struct OptimizersLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> OptimizersByHand {
    OptimizersByHand(
      w: [try Check.scalar(bound, "w1"), try Check.scalar(bound, "w2")],
      lam: [try Check.scalar(bound, "lam1"), try Check.scalar(bound, "lam2")])
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: OptimizersByHand) throws {
    try Check.step(bound, "grad", Hand.row(hand.g))
    try Check.step(bound, "velocity", Hand.row(hand.velocity))
    try Check.step(bound, "momentum-step", Hand.row(hand.momentum))
    try Check.step(bound, "adam-m", Hand.row(hand.m))
    try Check.step(bound, "adam-s", Hand.row(hand.s))
    try Check.step(bound, "bias-correction", Hand.row(hand.mHat))
    try Check.step(bound, "adam-step", Hand.row(hand.adam))
    try Check.step(bound, "l2-grad", Hand.row(hand.gL2))
    try Check.step(bound, "adamw-step", Hand.row(hand.adamW))
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("optimizers")
    let hand = try Self.hand(bound)
    // g = [4·1, 1·(−1.5)]; Adam's first step moves each weight by η = 0.2 towards 0,
    // with or without the L2 term (so the choice l2-adam is right); AdamW also shrinks
    // by η·0.5·w.
    #expect(hand.g == [4, -1.5])
    #expect(abs(hand.adam[0] - 0.8) < 1e-8 && abs(hand.adam[1] - -1.3) < 1e-8)
    #expect(abs(hand.l2[0] - hand.adam[0]) < 1e-8 && abs(hand.l2[1] - hand.adam[1]) < 1e-8)
    #expect(abs(hand.adamW[0] - 0.7) < 1e-8 && abs(hand.adamW[1] - -1.15) < 1e-8)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("optimizers", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the choices and the slips of each update")
  func choicesAndSlips() throws {
    let bound = try boundLesson("optimizers")
    let hand = try Self.hand(bound)
    for step in ["adam-scale", "l2-adam", "why-decoupled"] { try Check.choice(bound, step) }
    // Plain SGD where momentum was asked: w − η g.
    try Check.mistake(bound, "momentum-step", Hand.row([1 - 0.8, -1.5 + 0.3]).answer, "plain SGD")
    // β₁ on the new gradient, and no bias correction.
    try Check.mistake(bound, "adam-m", Hand.row(hand.g.map { 0.9 * $0 }).answer, "weight is")
    try Check.mistake(bound, "bias-correction", Hand.row(hand.m).answer, "Divide by")
    // AdamW without the decay is Adam's step.
    try Check.mistake(bound, "adamw-step", Hand.row(hand.adam).answer, "also subtracts")
    // The L2 gradient with the factor 2 the ½ cancels.
    try Check.mistake(
      bound, "l2-grad", Hand.row([4 + 2 * 0.5 * 1, -1.5 + 2 * 0.5 * -1.5]).answer, "cancels")
  }
}
