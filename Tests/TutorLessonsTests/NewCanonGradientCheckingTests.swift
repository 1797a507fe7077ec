import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The gradient-checking lesson derived by hand: f(w) = w³, its one-sided and centred
/// differences, their errors 3wh + h² and h², the relative error, and a ReLU checked
/// across its kink.
private struct GradientCheckingByHand {
  var analytic = 0.0, forward = 0.0, centred = 0.0, relative = 0.0
  var reluCentred = 0.0

  init(w: Double, h: Double, u: Double) {
    func f(_ w: Double) -> Double { w * w * w }
    analytic = 3 * w * w
    forward = (f(w + h) - f(w)) / h
    centred = (f(w + h) - f(w - h)) / (2 * h)
    relative = abs(analytic - centred) / max(abs(analytic), abs(centred))
    func relu(_ x: Double) -> Double { max(0, x) }
    reluCentred = (relu(u + h) - relu(u - h)) / (2 * h)
  }
}

@Suite("Lesson gradient-checking against a derivation by hand")
struct GradientCheckingLessonTests {
  private static func expectAll(_ bound: BoundLesson, _ hand: GradientCheckingByHand) throws {
    try Check.step(bound, "analytic", hand.analytic)
    try Check.step(bound, "forward-difference", hand.forward)
    try Check.step(bound, "centred-difference", hand.centred)
    try Check.step(bound, "relative-error", hand.relative)
    try Check.step(bound, "relu-centred", hand.reluCentred)
  }

  private static func hand(_ bound: BoundLesson) throws -> GradientCheckingByHand {
    GradientCheckingByHand(
      w: try Check.scalar(bound, "w"), h: try Check.scalar(bound, "eps"),
      u: try Check.scalar(bound, "u"))
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("gradient-checking")
    let hand = try Self.hand(bound)
    // w = 2, h = 0.1: f′ = 12; D₊ = 12 + 3·2·0.1 + 0.01 = 12.61; D₀ = 12 + 0.01 = 12.01.
    #expect(hand.analytic == 12)
    #expect(abs(hand.forward - 12.61) < 1e-9)
    #expect(abs(hand.centred - 12.01) < 1e-9)
    // u = 0.04: the check averages slopes across the kink, 0.14/0.2 = 0.7, not 1.
    #expect(abs(hand.reluCentred - 0.7) < 1e-12)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("gradient-checking", variant: variant)
    let hand = try Self.hand(bound)
    // The ReLU's slope at u > 0 is 1; across the kink the check sees less.
    #expect(hand.reluCentred < 1, "u − ε stays below the kink at every variant")
    try Self.expectAll(bound, hand)
  }

  @Test("the error formulas, the choices, and the slips of the difference quotients")
  func formulasChoicesAndSlips() throws {
    let bound = try boundLesson("gradient-checking")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "forward-error", "eps*(3*w + eps)", .correct)
    try Check.mistake(bound, "forward-error", "3*w*eps", "One more term")
    try Check.judged(bound, "centred-error", "eps^2", .correct)
    try Check.mistake(bound, "centred-error", "3*w*eps + eps^2", "one-sided")
    for step in ["why-relative", "h-too-small", "kink-verdict"] { try Check.choice(bound, step) }
    // Dividing the centred difference by ε instead of 2ε doubles it.
    try Check.mistake(bound, "centred-difference", "\(2 * hand.centred)", "2\\epsilon")
    try Check.mistake(
      bound, "relative-error", "\(abs(hand.analytic - hand.centred))", "absolute error")
  }
}
