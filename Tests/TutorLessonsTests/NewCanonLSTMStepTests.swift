import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The lstm-step lesson derived by hand: the four gates from A = W[h; x], the cell and
/// hidden state, and the backward pass of ½‖h − y‖² + δ_cᵀ c down to the previous cell.
private struct LSTMByHand {
  var A: Hand, f: Hand, i: Hand, g: Hand, o: Hand, c: Hand, h: Hand
  var dh: Hand, dc: Hand, dcPrev: Hand, dAf: Hand, dg: Hand, dOut: Hand

  init(x: Double, h0: Hand, c0: Hand, W: Hand, y: Hand, gc: Hand) {
    let A = W * Hand.column([h0.v[0], h0.v[1], x])
    self.A = A
    func rows(_ k: Int) -> Hand { Hand.column([A.v[k], A.v[k + 1]]) }
    f = rows(0).map(handSigmoid)
    i = rows(2).map(handSigmoid)
    g = rows(4).map { tanh($0) }
    o = rows(6).map(handSigmoid)
    c = Hand.zeros(2, 1)
    h = Hand.zeros(2, 1)
    dh = Hand.zeros(2, 1)
    dc = Hand.zeros(2, 1)
    dcPrev = Hand.zeros(2, 1)
    dAf = Hand.zeros(2, 1)
    dg = Hand.zeros(2, 1)
    dOut = Hand.zeros(2, 1)
    for k in 0..<2 {
      c.v[k] = f.v[k] * c0.v[k] + i.v[k] * g.v[k]
      let t = tanh(c.v[k])
      h.v[k] = o.v[k] * t
      dh.v[k] = h.v[k] - y.v[k]
      // Two paths into c: through h = o tanh(c), and the next step's δ_c.
      dc.v[k] = dh.v[k] * o.v[k] * (1 - t * t) + gc.v[k]
      dcPrev.v[k] = dc.v[k] * f.v[k]
      dAf.v[k] = dc.v[k] * c0.v[k] * f.v[k] * (1 - f.v[k])
      dg.v[k] = dc.v[k] * i.v[k]
      dOut.v[k] = dh.v[k] * t
    }
  }
}

@Suite("Lesson lstm-step against a derivation by hand")
struct LSTMStepLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> LSTMByHand {
    LSTMByHand(
      x: try Check.scalar(bound, "x"), h0: try Check.given(bound, "h0"),
      c0: try Check.given(bound, "c0"), W: try Check.given(bound, "W"),
      y: try Check.given(bound, "y"), gc: try Check.given(bound, "gc"))
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: LSTMByHand) throws {
    try Check.step(bound, "gates", Hand.column([hand.A.v[0], hand.A.v[1]]))
    try Check.step(bound, "forget", hand.f)
    try Check.step(bound, "candidate", hand.g)
    try Check.step(bound, "cell", hand.c)
    try Check.step(bound, "hidden", hand.h)
    try Check.step(bound, "dh", hand.dh)
    try Check.step(bound, "dc", hand.dc)
    try Check.step(bound, "dc-prev", hand.dcPrev)
    try Check.step(bound, "df", hand.dAf)
    try Check.step(bound, "di-dg", hand.dg)
    try Check.step(bound, "do", hand.dOut)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("lstm-step")
    let hand = try Self.hand(bound)
    // W's first two rows against z = [0.5; −0.5; 1]: 0.25 + 0 + 1 and 0 − 0.25 + 0.5.
    #expect(hand.A.v[0] == 1.25 && hand.A.v[1] == 0.25)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("lstm-step", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the cell rule, the choice, and the slips")
  func formulaChoiceAndSlips() throws {
    let bound = try boundLesson("lstm-step")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "dc-prev-rule", "f*dc", .correct)
    try Check.mistake(bound, "dc-prev-rule", "dc", "scaled by")
    try Check.mistake(bound, "dc-prev-rule", "dc*f*(1 - f)", "no sigmoid")
    try Check.choice(bound, "why-cell")
    // The next step's δ_c forgotten: only the path through h.
    let gc = try Check.given(bound, "gc")
    try Check.mistake(bound, "dc", hand.dc.zip(gc, -).answer, "add")
    // The forget gate dropped on the way back.
    try Check.mistake(bound, "dc-prev", hand.dc.answer, "forget gate")
    // The gates swapped in the cell update.
    let c0 = try Check.given(bound, "c0")
    var swapped = Hand.zeros(2, 1)
    for k in 0..<2 { swapped.v[k] = hand.i.v[k] * c0.v[k] + hand.f.v[k] * hand.g.v[k] }
    try Check.mistake(bound, "cell", swapped.answer, "forget gate scales")
  }
}
