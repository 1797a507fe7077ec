import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The vanishing-gradients lesson derived by hand: four one-unit sigmoid layers and the
/// same chain with tanh, each layer's factor w σ′(a), and He's scale √(2/n).
private struct VanishingByHand {
  var h: [Double] = [], q: [Double] = []
  var lastLocal = 0.0, dxSigmoid = 1.0, dxTanh = 1.0

  init(x: Double, w: [Double]) {
    var hk = x
    var qk = x
    for wk in w {
      hk = handSigmoid(wk * hk)
      qk = tanh(wk * qk)
      h.append(hk)
      q.append(qk)
      dxSigmoid *= wk * hk * (1 - hk)
      dxTanh *= wk * (1 - qk * qk)
    }
    lastLocal = hk * (1 - hk)
  }
}

@Suite("Lesson vanishing-gradients against a derivation by hand")
struct VanishingGradientsLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> VanishingByHand {
    VanishingByHand(
      x: try Check.scalar(bound, "x"),
      w: try ["w1", "w2", "w3", "w4"].map { try Check.scalar(bound, $0) })
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: VanishingByHand) throws {
    try Check.step(bound, "sigmoid-max-slope", 0.25)
    try Check.step(bound, "last-local", hand.lastLocal)
    try Check.step(bound, "dx-sigmoid", hand.dxSigmoid)
    try Check.step(bound, "dx-tanh", hand.dxTanh)
    try Check.step(bound, "he", (2.0 / 512).squareRoot())
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("vanishing-gradients")
    let hand = try Self.hand(bound)
    // Each sigmoid factor is at most |w|/4, so the product is at most 1.5·2·1·2/4⁴.
    #expect(abs(hand.dxSigmoid) <= 6 / 256)
    #expect(abs(hand.dxSigmoid) < abs(hand.dxTanh))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("vanishing-gradients", variant: variant)
    let hand = try Self.hand(bound)
    let weights = try ["w1", "w2", "w3", "w4"].map { abs(try Check.scalar(bound, $0)) }
    #expect(abs(hand.dxSigmoid) <= weights.reduce(1, *) / 256, "σ′ ≤ ¼ in every layer")
    try Self.expectAll(bound, hand)
  }

  @Test("the formulas, the choice, and the slips")
  func formulasChoiceAndSlips() throws {
    let bound = try boundLesson("vanishing-gradients")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "per-layer-factor", "w*(h - h^2)", .correct)
    try Check.mistake(bound, "per-layer-factor", "h*(1 - h)", "also multiplies")
    try Check.judged(bound, "depth-bound", "4^(-D)", .correct)
    try Check.mistake(bound, "depth-bound", "(1/2)^D", "largest slope")
    try Check.judged(bound, "xavier", "1/n", .correct)
    try Check.mistake(bound, "xavier", "2/n", "He's variance")
    try Check.choice(bound, "tanh-vs-sigmoid")
    // The weights alone, every sigmoid slope forgotten: 1.5 · (−2) · 1 · 2.
    try Check.mistake(bound, "dx-sigmoid", "-6", "slope")
    // tanh′ written as 1 − q instead of 1 − q².
    var unsquared = 1.0
    for (w, qk) in zip([1.5, -2, 1, 2], hand.q) { unsquared *= w * (1 - qk) }
    try Check.mistake(bound, "dx-tanh", "\(unsquared)", "square each")
    try Check.mistake(bound, "he", "\(2.0 / 512)", "variance")
    try Check.mistake(bound, "sigmoid-max-slope", "0.5", "itself")
  }
}
