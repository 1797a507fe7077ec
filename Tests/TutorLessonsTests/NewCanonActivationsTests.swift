import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The activations lesson (leaky ReLU, softplus, SiLU, GELU, a dead unit) derived by hand.
private struct ActivationsByHand {
  var r: Hand, dz: Hand
  var softplus: Double, silu: Double, dsilu: Double, gelu: Double
  var a: Hand, dw: Double, db: Double

  /// Φ(x) = (1 + erf(x/√2))/2, the standard normal distribution function.
  static func phi(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }

  init(z: Hand, g: Hand, x: Double, inputs: Hand, w: Double, b: Double, u: Hand) {
    r = z.map { $0 > 0 ? $0 : 0.01 * $0 }
    dz = g.zip(z) { g, z in z > 0 ? g : 0.01 * g }
    softplus = log(1 + exp(x))
    let s = handSigmoid(x)
    silu = x * s
    dsilu = s + x * s * (1 - s)  // the product rule's two terms
    gelu = x * Self.phi(x)
    a = inputs.map { w * $0 + b }
    // Every pre-activation is negative, so each example's slope is 0.01.
    dw = 0.0
    db = 0.0
    for n in 0..<a.v.count {
      let slope = a.v[n] > 0 ? 1 : 0.01
      dw += u.v[n] * slope * inputs.v[n]
      db += u.v[n] * slope
    }
  }
}

@Suite("Lesson activations against a derivation by hand")
struct ActivationsLessonTests {
  private static func expectAll(_ bound: BoundLesson, _ hand: ActivationsByHand) throws {
    try Check.step(bound, "leaky-forward", hand.r)
    try Check.step(bound, "leaky-backward", hand.dz)
    try Check.step(bound, "softplus-forward", hand.softplus)
    try Check.step(bound, "silu-forward", hand.silu)
    try Check.step(bound, "silu-backward", hand.dsilu)
    try Check.step(bound, "gelu-forward", hand.gelu)
    try Check.step(bound, "dead-pre", hand.a)
    try Check.step(bound, "leaky-rescue-w", hand.dw)
    try Check.step(bound, "leaky-rescue-b", hand.db)
  }

  private static func hand(_ bound: BoundLesson) throws -> ActivationsByHand {
    ActivationsByHand(
      z: try Check.given(bound, "z"), g: try Check.given(bound, "g"),
      x: try Check.scalar(bound, "x"), inputs: try Check.given(bound, "xs"),
      w: try Check.scalar(bound, "w"), b: try Check.scalar(bound, "b"),
      u: try Check.given(bound, "gd"))
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("activations")
    #expect(try Check.given(bound, "z") == Hand.row([-2, 0.5, 3]))
    #expect(try Check.scalar(bound, "x") == -1)
    let hand = try Self.hand(bound)
    // By hand: leaky(−2) = −0.02; the gradient of the negative entry is 0.01 · 1.
    #expect(hand.r == Hand.row([-0.02, 0.5, 3]))
    #expect(hand.dz == Hand.row([0.01, -2, 0.5]))
    // Φ(−1) = 0.158655 from a normal table, so GELU(−1) = −0.158655.
    #expect(abs(hand.gelu - -0.158_655_254) < 1e-9)
    // a = 1.5 · [1, 2, 3] − 7, all negative: the ReLU unit is dead on this batch.
    #expect(hand.a == Hand.row([-5.5, -4, -2.5]))
    // ∂L/∂w = 0.01 · (2·1 − 1·2 + 3·3) = 0.09, ∂L/∂b = 0.01 · (2 − 1 + 3) = 0.04.
    #expect(abs(hand.dw - 0.09) < 1e-15)
    #expect(abs(hand.db - 0.04) < 1e-15)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("activations", variant: variant)
    let hand = try Self.hand(bound)
    #expect(hand.a.v.allSatisfy { $0 < 0 }, "the unit stays dead at every variant")
    try Self.expectAll(bound, hand)
  }

  @Test("the formulas, the choices and the declared slips")
  func formulasChoicesAndSlips() throws {
    let bound = try boundLesson("activations")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "softplus-derivative", "1 / (1 + exp(-x))", .correct)
    try Check.judged(bound, "softplus-derivative", "exp(x) / (1 + exp(x))", .correct)
    try Check.mistake(bound, "softplus-derivative", "sigmoid(-x)", "sign of the exponent")
    try Check.judged(bound, "silu-formula", "s*(1 + x*(1 - s))", .correct)
    try Check.mistake(bound, "silu-formula", "s", "add its term")
    try Check.judged(bound, "gelu-formula", "P + x*q", .correct)
    try Check.mistake(bound, "gelu-formula", "P", "add")
    for step in ["gelu-negative", "dead-relu"] { try Check.choice(bound, step) }
    // The ReLU's mask in place of the leaky slope: the negative entry's gradient is lost.
    let reluMask = Hand.row([0, -2, 0.5])
    try Check.mistake(bound, "leaky-backward", reluMask.answer, "ReLU's mask")
    // The product rule with one term: σ(x) alone.
    try Check.mistake(bound, "silu-backward", "\(handSigmoid(-1))", "first term")
    // A dead ReLU's answer for the leaky unit, and the slope forgotten.
    try Check.mistake(bound, "leaky-rescue-w", "0", "ReLU's answer")
    try Check.mistake(bound, "leaky-rescue-w", "\(hand.dw * 100)", "slope")
    try Check.judged(bound, "leaky-rescue-w", "0.09", .correct)
  }

  /// The catalogued slip of `answer` at `step`, if the checker names one.
  private static func slip(_ bound: BoundLesson, _ step: String, _ answer: String) throws -> Slip? {
    let verdict = StepChecker(bound).check(answer, step: try Check.index(bound, step))
    guard case .misconception(let found)? = verdict.diagnosis else { return nil }
    return found.kind
  }

  @Test("the new activations carry the activation slips without a declaration")
  func catalogueSlips() throws {
    let bound = try boundLesson("activations")
    // SiLU′ dropped: the upstream 1 passed through unchanged.
    #expect(try Self.slip(bound, "silu-backward", "1") == .derivativeDropped)
    // GELU skipped: x itself for x Φ(x).
    #expect(try Self.slip(bound, "gelu-forward", "-1") == .activationSkipped)
    // Softplus skipped likewise.
    #expect(try Self.slip(bound, "softplus-forward", "-1") == .activationSkipped)
  }
}
