import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The autodiff-modes lesson derived by hand: y = tanh(Wx), its Jacobian, a forward-mode
/// tangent J u and a reverse-mode cotangent Jᵀ v.
private struct ModesByHand {
  var y: Hand, J: Hand, jvp: Hand, vjp: Hand, link = 0.0

  init(W: Hand, x: Hand, u: Hand, v: Hand) {
    let a = W * x
    y = a.map { tanh($0) }
    J = W
    for i in 0..<W.rows {
      for j in 0..<W.cols { J[i, j] = (1 - y.v[i] * y.v[i]) * W[i, j] }
    }
    // Forward mode: ȧ = W u, ẏ = (1 − y²) ⊙ ȧ.
    let aDot = W * u
    jvp = aDot.zip(y) { d, yi in (1 - yi * yi) * d }
    // Reverse mode: ā = (1 − y²) ⊙ v, x̄ = Wᵀ ā.
    let aBar = v.zip(y) { vi, yi in (1 - yi * yi) * vi }
    vjp = W.t * aBar
    link = zip(v.v, jvp.v).reduce(0) { $0 + $1.0 * $1.1 }
  }
}

@Suite("Lesson autodiff-modes against a derivation by hand")
struct AutodiffModesLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> ModesByHand {
    ModesByHand(
      W: try Check.given(bound, "W"), x: try Check.given(bound, "x"),
      u: try Check.given(bound, "u"), v: try Check.given(bound, "v"))
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: ModesByHand) throws {
    try Check.step(bound, "forward", hand.y)
    try Check.step(bound, "jacobian", hand.J)
    try Check.step(bound, "jvp", hand.jvp)
    try Check.step(bound, "vjp", hand.vjp)
    try Check.step(bound, "jvp-vjp-link", hand.link)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("autodiff-modes")
    let hand = try Self.hand(bound)
    // J u from forward mode and Jᵀ v from reverse mode agree with the whole Jacobian,
    // and vᵀ(J u) = (Jᵀ v)ᵀ u.
    let columns = hand.J * (try Check.given(bound, "u"))
    #expect(zip(columns.v, hand.jvp.v).allSatisfy { abs($0 - $1) < 1e-12 })
    let reverseLink = zip(hand.vjp.v, try Check.given(bound, "u").v).reduce(0) {
      $0 + $1.0 * $1.1
    }
    #expect(abs(reverseLink - hand.link) < 1e-12)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("autodiff-modes", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the tangent rule, the choices, and the slips")
  func formulaChoicesAndSlips() throws {
    let bound = try boundLesson("autodiff-modes")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "tangent-rule", "ad - y^2*ad", .correct)
    try Check.mistake(bound, "tangent-rule", "ad", "passes through tanh")
    for step in ["passes", "why-reverse"] { try Check.choice(bound, step) }
    // The Jacobian without tanh′ is W itself.
    try Check.mistake(bound, "jacobian", try Check.given(bound, "W").answer, "scaled")
    // Reverse mode without tanh′: Wᵀ v.
    let W = try Check.given(bound, "W")
    try Check.mistake(bound, "vjp", (W.t * (try Check.given(bound, "v"))).answer, "through tanh")
    #expect(hand.vjp.rows == 3)
  }
}
