import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The broadcasting lesson derived by hand: Z = (X + b) ⊙ c + s with a 1×2 row b, a 3×1
/// column c and a scalar s, L = Σ G ⊙ Z; each broadcast operand's gradient is the sum
/// over the axes it was copied along.
private struct BroadcastingByHand {
  var Y: Hand, Z: Hand, dZ: Hand, ds = 0.0, dY: Hand, dc: Hand, dX: Hand, db: Hand

  init(X: Hand, b: Hand, c: Hand, s: Double, G: Hand) {
    Y = X
    Z = X
    dY = X
    for n in 0..<X.rows {
      for j in 0..<X.cols {
        Y[n, j] = X[n, j] + b.v[j]
        Z[n, j] = Y[n, j] * c.v[n] + s
        dY[n, j] = G[n, j] * c.v[n]
      }
    }
    dZ = G
    ds = G.sum
    dX = dY
    dc = Hand.zeros(X.rows, 1)
    db = Hand.zeros(1, X.cols)
    for n in 0..<X.rows {
      for j in 0..<X.cols {
        dc[n, 0] += G[n, j] * Y[n, j]  // c_n was copied into every column j
        db[0, j] += dY[n, j]  // b_j was copied into every row n
      }
    }
  }
}

@Suite("Lesson broadcasting against a derivation by hand")
struct BroadcastingLessonTests {
  private static func expectAll(_ bound: BoundLesson, _ hand: BroadcastingByHand) throws {
    try Check.step(bound, "Y", hand.Y)
    try Check.step(bound, "Z", hand.Z)
    try Check.step(bound, "dZ", hand.dZ)
    try Check.step(bound, "ds", hand.ds)
    try Check.step(bound, "dY", hand.dY)
    try Check.step(bound, "dc", hand.dc)
    try Check.step(bound, "dX", hand.dX)
    try Check.step(bound, "db", hand.db)
  }

  private static func hand(_ bound: BoundLesson) throws -> BroadcastingByHand {
    BroadcastingByHand(
      X: try Check.given(bound, "X"), b: try Check.given(bound, "b"),
      c: try Check.given(bound, "c"), s: try Check.scalar(bound, "s"),
      G: try Check.given(bound, "G"))
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("broadcasting")
    let hand = try Self.hand(bound)
    // X + b with X = [1 −2; 0 3; 2 1] and b = [1, −1].
    #expect(hand.Y == Hand(3, 2, [2, -3, 1, 2, 3, 0]))
    // ∂L/∂s = 1 + 2 − 1 + 1 + 2 − 3 = 2; ∂L/∂b = column sums of G ⊙ c.
    #expect(hand.ds == 2)
    #expect(hand.db == Hand.row([2 + 1 + 6, 4 - 1 - 9]))
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("broadcasting", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the bias formula, the rule, and the slips of a broadcast gradient")
  func formulaChoiceAndSlips() throws {
    let bound = try boundLesson("broadcasting")
    let hand = try Self.hand(bound)
    try Check.judged(bound, "linear-bias", "sum(D, dim = 1)", .correct)
    try Check.judged(bound, "linear-bias", "ones(1, 3) @ D", .correct)
    // The other axis gives one number per example, a 3×1 column: the wrong shape.
    try Check.judged(bound, "linear-bias", "sum(D, dim = 2)", .incorrect)
    try Check.choice(bound, "rule")
    // The gradient of each copy, not summed; the average instead of the sum.
    try Check.mistake(bound, "db", hand.dY.answer, "three copies")
    try Check.mistake(
      bound, "db", hand.db.map { $0 / 3 }.answer, "do not average")
    try Check.mistake(bound, "ds", "\(hand.ds / 6)", "do not average")
    // A column for the 1×2 row is the wrong shape.
    try Check.judged(bound, "db", hand.db.t.answer, .incorrect)
  }
}
