import Foundation
import Testing

@testable import TutorLessons
@testable import TutorProgress

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

  /// P(L) after each observation and P(right) before it, from pyBKT 1.4.3 (PyPI `pyBKT`):
  /// the parameters set through `Model.coef_` with forgets = 0 (no fitting), then
  /// `Model.predict`; its `state_predictions` are read one row later (P(L) before the next
  /// observation is P(L) after this one). Script: `bkt_ref.py`, quoted in the commit message
  /// that added these cases; it also checked pyBKT against the Corbett & Anderson equations
  /// directly (largest difference 5.6e-16).
  static let bktReference: [BKTReference] = [
    .init(
      pInit: 0.2, pTransit: 0.15, pGuess: 0.15, pSlip: 0.1, observed: "RRWR",
      known: [0.6599999999999999, 0.9327906976744187, 0.6771511403169695, 0.9374289063498429],
      right: [0.30000000000000004, 0.6449999999999999, 0.8495930232558141, 0.6578633552377272]),
    .init(
      pInit: 0.2, pTransit: 0.15, pGuess: 0.15, pSlip: 0.1, observed: "WWRRR",
      known: [
        0.1742857142857143, 0.17059582919563057, 0.6195350893646668, 0.9210783825520538,
        0.9880323488750102,
      ],
      right: [
        0.30000000000000004, 0.2807142857142857, 0.2779468718967229, 0.6146513170235002,
        0.8408087869140403,
      ]),
    .init(
      pInit: 0.2, pTransit: 0.15, pGuess: 0.15, pSlip: 0.1, observed: "RRRR",
      known: [0.6599999999999999, 0.9327906976744187, 0.9899137754054609, 0.9985590063612069],
      right: [0.30000000000000004, 0.6449999999999999, 0.8495930232558141, 0.8924353315540956]),
    .init(
      pInit: 0.4, pTransit: 0.1, pGuess: 0.25, pSlip: 0.08, observed: "RWRWRR",
      known: [
        0.7393822393822393, 0.30908332701493674, 0.6598970225619785, 0.25432728340327204,
        0.6009118729173901, 0.8624068015934759,
      ],
      right: [
        0.518, 0.7453861003861004, 0.45708582910000767, 0.6921310051165256, 0.4203992798801923,
        0.6526109548546514,
      ]),
  ]

  @Test("BKT matches pyBKT 1.4.3", arguments: bktReference)
  func bktAgainstPyBKT(_ reference: BKTReference) {
    let bkt = KnowledgeTracing(
      pInit: reference.pInit, pTransit: reference.pTransit, pGuess: reference.pGuess,
      pSlip: reference.pSlip)
    var known = bkt.pInit
    for (index, mark) in reference.observed.enumerated() {
      #expect(abs(bkt.predictRight(known) - reference.right[index]) < 1e-12, "step \(index)")
      known = bkt.update(known, right: mark == "R")
      #expect(abs(known - reference.known[index]) < 1e-12, "step \(index)")
    }
  }

  /// Review sequences run through py-fsrs 2.5.1 (PyPI `fsrs==2.5.1`, the last py-fsrs
  /// release implementing FSRS-4.5: 17 weights, D₀(G) = w₄ − (G − 3)·w₅, mean reversion to
  /// w₄; its defaults are `SpacedReview.defaultParameters`; request_retention 0.9; this
  /// version has no fuzz). Script: `fsrs_ref.py`, quoted in the commit message that added
  /// these cases. py-fsrs's `FSRS.review_card` was driven from a new card; where it puts a
  /// card into (re)learning (a first again/hard/good, a lapse) the script takes a same-day
  /// learning step rated good, which in py-fsrs 2.5.1 changes neither S nor D (asserted), and
  /// then reviews `days` whole days later. `interval` is py-fsrs's `next_interval(S)`:
  /// round(S/FACTOR·(0.9^(1/DECAY) − 1)), at least 1, at most 36500; bptutor has no
  /// learning steps, so it is compared with `scheduledDays` even where py-fsrs first
  /// schedules minutes. R is the retrievability at the review, before it.
  static let fsrsReference: [FSRSReference] = [
    .init(
      first: .again, stability: 0.4872, difficulty: 7.6214, interval: 1,
      steps: [
        .init(.good, 1, 0.8215894574418491, 2.4224736687744715, 7.5451524, 2),
        .init(.good, 2, 0.9152920986571539, 5.9910725554326145, 7.4712684756, 6),
        .init(.hard, 6, 0.8998726213943834, 8.147687670251937, 8.269352452856399, 8),
      ]),
    .init(
      first: .hard, stability: 1.4003, difficulty: 6.3916, interval: 1,
      steps: [
        .init(.good, 1, 0.9254846306191478, 3.995048769596788, 6.3534762, 4),
        .init(.again, 4, 0.8998940549976184, 1.4624208011593072, 8.0558892378, 1),
        .init(.good, 1, 0.9283178522744548, 3.115474459206741, 7.966172471428201, 3),
      ]),
    .init(
      first: .good, stability: 3.7145, difficulty: 5.1618, interval: 4,
      steps: [
        .init(.good, 4, 0.8934995006528037, 14.808100506496405, 5.1618, 15),
        .init(.good, 15, 0.8988940398092142, 49.46160494627206, 5.1618, 49),
        .init(.again, 49, 0.9007989993018117, 5.567272439015208, 6.901155, 6),
        .init(.good, 6, 0.8934270524912953, 16.620403264948308, 6.847234995, 17),
        .init(.easy, 17, 0.8980535807961884, 95.61478383786933, 5.925309010155, 96),
      ]),
    .init(
      first: .good, stability: 3.7145, difficulty: 5.1618, interval: 4,
      steps: [
        .init(.hard, 3, 0.9169112760382789, 5.656571647177173, 6.0314775, 6),
        .init(.easy, 6, 0.8948535075869023, 44.16434079006649, 5.1348399975, 44),
        .init(.good, 60, 0.8708254307988386, 160.13567096279922, 5.1356757575775, 160),
      ]),
    .init(
      first: .easy, stability: 13.8206, difficulty: 3.9320000000000004, interval: 14,
      steps: [
        .init(.good, 14, 0.8988922054325306, 53.34796054367348, 3.9701238, 53),
        .init(.again, 53, 0.900558190164207, 5.879074454301797, 5.7464207622, 6),
        .init(.easy, 6, 0.8982465049516828, 46.543201640758305, 4.858620018571799, 47),
      ]),
  ]

  @Test("FSRS-4.5 matches py-fsrs 2.5.1", arguments: fsrsReference)
  func fsrsAgainstPyFSRS(_ reference: FSRSReference) {
    let fsrs = SpacedReview.standard
    var memory = fsrs.first(reference.first)
    #expect(abs(memory.stability - reference.stability) < 1e-12)
    #expect(abs(memory.difficulty - reference.difficulty) < 1e-12)
    #expect(fsrs.scheduledDays(memory) == reference.interval)
    for (index, step) in reference.steps.enumerated() {
      let r = fsrs.retrievability(days: Double(step.days), stability: memory.stability)
      #expect(abs(r - step.retrievability) < 1e-9, "step \(index): R")
      memory = fsrs.next(memory, rating: step.rating, days: Double(step.days))
      #expect(abs(memory.stability - step.stability) < 1e-9, "step \(index): S")
      #expect(abs(memory.difficulty - step.difficulty) < 1e-9, "step \(index): D")
      #expect(fsrs.scheduledDays(memory) == step.interval, "step \(index): interval")
    }
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

/// One BKT sequence: `observed` is R (right) or W (wrong) per first attempt; `known[i]` is
/// P(L) after observation i, `right[i]` P(right) before it.
struct BKTReference: Sendable, CustomTestStringConvertible {
  var pInit, pTransit, pGuess, pSlip: Double
  var observed: String
  var known: [Double]
  var right: [Double]

  var testDescription: String {
    "L0=\(pInit) T=\(pTransit) G=\(pGuess) S=\(pSlip) \(observed)"
  }
}

/// One FSRS sequence: the first rating's memory and interval, then reviews.
struct FSRSReference: Sendable, CustomTestStringConvertible {
  struct Step: Sendable {
    var rating: SpacedReview.Rating
    var days: Int
    var retrievability, stability, difficulty: Double
    var interval: Int

    init(
      _ rating: SpacedReview.Rating, _ days: Int, _ retrievability: Double, _ stability: Double,
      _ difficulty: Double, _ interval: Int
    ) {
      (self.rating, self.days, self.interval) = (rating, days, interval)
      (self.retrievability, self.stability, self.difficulty) =
        (retrievability, stability, difficulty)
    }
  }

  var first: SpacedReview.Rating
  var stability, difficulty: Double
  var interval: Int
  var steps: [Step]

  var testDescription: String {
    ([first.name] + steps.map { "\($0.rating.name)@\($0.days)d" }).joined(separator: " → ")
  }
}
