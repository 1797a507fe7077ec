import Foundation
import Testing

@testable import TutorLessons

/// Bayesian Knowledge Tracing and FSRS-4.5 against numbers worked from their published
/// formulas (each test shows the arithmetic).
@Suite("Knowledge tracing and spaced review")
struct MasteryModelTests {
  @Test("BKT (Corbett & Anderson 1995): one right and one wrong first attempt from P(L0) = 0.2")
  func bktSteps() {
    let bkt = KnowledgeTracing(pInit: 0.2, pTransit: 0.15, pGuess: 0.15, pSlip: 0.1)
    // Right: 0.2·0.9 / (0.2·0.9 + 0.8·0.15) = 0.18 / 0.30 = 0.6; then 0.6 + 0.4·0.15 = 0.66.
    #expect(abs(bkt.update(0.2, right: true) - 0.66) < 1e-12)
    // Wrong: 0.2·0.1 / (0.2·0.1 + 0.8·0.85) = 0.02 / 0.70 = 0.0285714…;
    // then + (1 − 0.0285714)·0.15 = 0.1742857…
    #expect(abs(bkt.update(0.2, right: false) - 0.174285714285714) < 1e-12)
    // Prediction: 0.2·0.9 + 0.8·0.15 = 0.3.
    #expect(abs(bkt.predictRight(0.2) - 0.3) < 1e-12)
  }

  @Test("BKT: right, right, wrong, right gives 0.66, 0.93279, 0.67715, 0.93743")
  func bktSequence() {
    let bkt = KnowledgeTracing.standard
    var known = bkt.pInit
    var seen: [Double] = []
    for right in [true, true, false, true] {
      known = bkt.update(known, right: right)
      seen.append(known)
    }
    let worked = [0.66, 0.932790697674419, 0.677151140316969, 0.937428906349843]
    for (got, want) in zip(seen, worked) { #expect(abs(got - want) < 1e-9) }
    #expect(seen[1] < KnowledgeTracing.masteryThreshold)
  }

  @Test("FSRS-4.5: R(S, S) = 0.9 and the interval at retention 0.9 is S")
  func fsrsCurve() {
    let fsrs = SpacedReview.standard
    for stability in [0.5, 3.7145, 100] {
      #expect(abs(fsrs.retrievability(days: stability, stability: stability) - 0.9) < 1e-12)
      #expect(abs(fsrs.interval(stability: stability) - stability) < 1e-9)
    }
    #expect(fsrs.retrievability(days: 0, stability: 3) == 1)
  }

  @Test("FSRS-4.5: first ratings take S0 = w[G−1] and D0 = w4 − (G − 3)·w5")
  func fsrsFirst() {
    let fsrs = SpacedReview.standard
    #expect(fsrs.first(.good) == .init(stability: 3.7145, difficulty: 5.1618))
    #expect(fsrs.first(.again).stability == 0.4872)
    // 5.1618 + 2·1.2298 = 7.6214; 5.1618 − 1.2298 = 3.932.
    #expect(abs(fsrs.first(.again).difficulty - 7.6214) < 1e-12)
    #expect(abs(fsrs.first(.easy).difficulty - 3.932) < 1e-12)
    #expect(fsrs.first(.easy).stability == 13.8206)
  }

  @Test("FSRS-4.5: good after 4 days, then again after 10 days")
  func fsrsReviews() {
    let fsrs = SpacedReview.standard
    let first = fsrs.first(.good)
    // R = (1 + 19/81·4/3.7145)^−0.5 = 0.893499…; S′ = S·(e^1.6474·(11 − 5.1618)·S^−0.1367
    // ·(e^(1.0461·(1 − R)) − 1) + 1) = 14.8081…; D′ = 0.031·5.1618 + 0.969·5.1618 = 5.1618.
    let second = fsrs.next(first, rating: .good, days: 4)
    #expect(abs(second.stability - 14.808100506496) < 1e-9)
    #expect(abs(second.difficulty - 5.1618) < 1e-12)
    #expect(fsrs.scheduledDays(second) == 15)
    // R = 0.929115…; S′f = 2.1072·D^−0.0793·((S + 1)^0.3246 − 1)·e^(1.587·(1 − R)) = 3.0018…;
    // D′ = 0.031·5.1618 + 0.969·(5.1618 + 2·0.8975) = 6.901155.
    let lapse = fsrs.next(second, rating: .again, days: 10)
    #expect(abs(lapse.stability - 3.001839580233) < 1e-9)
    #expect(abs(lapse.difficulty - 6.901155) < 1e-9)
    // Hard after 3 days applies w15 = 0.2272: S′ = 5.65657…, D′ = 6.0314775.
    let hard = fsrs.next(first, rating: .hard, days: 3)
    #expect(abs(hard.stability - 5.656571647177) < 1e-9)
    #expect(abs(hard.difficulty - 6.0314775) < 1e-9)
  }

  @Test("outcomes map to ratings: wrong or revealed again, hints hard, right good, quick easy")
  func ratings() {
    #expect(AttemptRecord.Outcome.revealed.rating(quick: true) == .again)
    #expect(AttemptRecord.Outcome.wrongFirst.rating(quick: false) == .again)
    #expect(AttemptRecord.Outcome.afterHints.rating(quick: true) == .hard)
    #expect(AttemptRecord.Outcome.right.rating(quick: false) == .good)
    #expect(AttemptRecord.Outcome.right.rating(quick: true) == .easy)
  }
}
