import Foundation

/// What happened on one step at one time: the attempt log of a lesson (format 2).
public struct AttemptRecord: Equatable, Sendable {
  /// How the step went.
  public enum Outcome: String, Equatable, Sendable, CaseIterable {
    /// Right at the first attempt, without hints.
    case right
    /// Right, after hints.
    case afterHints = "after-hints"
    /// Right only after a wrong attempt.
    case wrongFirst = "wrong-first"
    /// The worked line was shown.
    case revealed
    /// An exam's verdicts.
    case examCorrect = "exam-correct"
    case examFollows = "exam-follows"
    case examIncorrect = "exam-incorrect"
    case examSkipped = "exam-skipped"

    /// Whether Bayesian Knowledge Tracing counts it as a right first attempt (a `follows`
    /// exam step applied the rule right, to the learner's own earlier values).
    public var isRight: Bool { self == .right || self == .examCorrect || self == .examFollows }

    /// Whether the step counts as solved by it (so it becomes a card).
    public var solves: Bool {
      self == .right || self == .afterHints || self == .wrongFirst || self == .examCorrect
        || self == .examFollows
    }

    /// The spaced-review rating of a review with this outcome (again: wrong or revealed;
    /// hard: right after hints; good: right). `quick` right first attempts are easy.
    public func rating(quick: Bool) -> SpacedReview.Rating {
      switch self {
      case .right, .examCorrect: return quick ? .easy : .good
      case .afterHints, .examFollows: return .hard
      case .wrongFirst, .revealed, .examIncorrect, .examSkipped: return .again
      }
    }
  }

  public var step: String
  public var outcome: Outcome
  public var variant: Int
  /// Seconds since 1970.
  public var time: Double

  public init(step: String, outcome: Outcome, variant: Int, time: Double) {
    (self.step, self.outcome, self.variant, self.time) = (step, outcome, variant, time)
  }

  init?(json: ProgressJSON) {
    guard case .object(let fields) = json, case .string(let step)? = fields["step"],
      case .string(let outcomeName)? = fields["outcome"],
      let outcome = Outcome(rawValue: outcomeName), let variant = fields["variant"]?.integer,
      case .number(let time)? = fields["time"]
    else { return nil }
    self.init(step: step, outcome: outcome, variant: variant, time: time)
  }

  var json: ProgressJSON {
    .object([
      "step": .string(step), "outcome": .string(outcome.rawValue),
      "variant": .number(Double(variant)), "time": .number(time),
    ])
  }
}

/// One exam's result, as its report said (format 2).
public struct ExamRecord: Equatable, Sendable {
  public var variant: Int
  public var score: Double
  public var total: Int
  /// Seconds since 1970.
  public var time: Double
  /// Each step's verdict (`correct`, `incorrect`, `follows`, `skipped`), by step id.
  public var verdicts: [String: String]

  public init(variant: Int, score: Double, total: Int, time: Double, verdicts: [String: String]) {
    (self.variant, self.score, self.total, self.time, self.verdicts) = (
      variant, score, total, time, verdicts
    )
  }

  init?(json: ProgressJSON) {
    guard case .object(let fields) = json, let variant = fields["variant"]?.integer,
      case .number(let score)? = fields["score"], let total = fields["total"]?.integer,
      case .number(let time)? = fields["time"], case .object(let steps)? = fields["steps"]
    else { return nil }
    var verdicts: [String: String] = [:]
    for (id, value) in steps {
      guard case .string(let verdict) = value else { return nil }
      verdicts[id] = verdict
    }
    self.init(variant: variant, score: score, total: total, time: time, verdicts: verdicts)
  }

  var json: ProgressJSON {
    .object([
      "variant": .number(Double(variant)), "score": .number(score),
      "total": .number(Double(total)), "time": .number(time),
      "steps": .object(verdicts.mapValues { .string($0) }),
    ])
  }
}

/// A solved step as a spaced-review card (FSRS-4.5 memory, format 2).
public struct ReviewCard: Equatable, Sendable {
  public var memory: SpacedReview.Memory
  /// Seconds since 1970 of the last review, and of the next.
  public var lastReview: Double
  public var due: Double
  public var reviews: Int
  public var lapses: Int

  public init(
    memory: SpacedReview.Memory, lastReview: Double, due: Double, reviews: Int, lapses: Int
  ) {
    (self.memory, self.lastReview, self.due, self.reviews, self.lapses) = (
      memory, lastReview, due, reviews, lapses
    )
  }

  /// A new card, or this one, after a review rated `rating` at `time`.
  public static func reviewed(
    _ card: ReviewCard?, rating: SpacedReview.Rating, at time: Double,
    scheduler: SpacedReview = .standard
  ) -> ReviewCard {
    let memory: SpacedReview.Memory
    if let card {
      let days = (time - card.lastReview) / 86_400
      memory = scheduler.next(card.memory, rating: rating, days: days)
    } else {
      memory = scheduler.first(rating)
    }
    let due = time + Double(scheduler.scheduledDays(memory)) * 86_400
    return ReviewCard(
      memory: memory, lastReview: time, due: due, reviews: (card?.reviews ?? 0) + 1,
      lapses: (card?.lapses ?? 0) + (card != nil && rating == .again ? 1 : 0))
  }

  init?(json: ProgressJSON) {
    guard case .object(let fields) = json, case .number(let s)? = fields["stability"],
      case .number(let d)? = fields["difficulty"], case .number(let last)? = fields["last"],
      case .number(let due)? = fields["due"], let reviews = fields["reviews"]?.integer,
      let lapses = fields["lapses"]?.integer, s > 0, d >= 1, d <= 10
    else { return nil }
    self.init(
      memory: .init(stability: s, difficulty: d), lastReview: last, due: due, reviews: reviews,
      lapses: lapses)
  }

  var json: ProgressJSON {
    .object([
      "stability": .number(memory.stability), "difficulty": .number(memory.difficulty),
      "last": .number(lastReview), "due": .number(due), "reviews": .number(Double(reviews)),
      "lapses": .number(Double(lapses)),
    ])
  }
}

/// One skill's knowledge-tracing estimate (format 2).
public struct SkillEstimate: Equatable, Sendable {
  /// P(L): the probability the skill is known.
  public var known: Double
  /// How many first attempts it was estimated from.
  public var observations: Int
  /// Seconds since 1970 of the last observation.
  public var updated: Double

  public init(known: Double, observations: Int, updated: Double) {
    (self.known, self.observations, self.updated) = (known, observations, updated)
  }

  init?(json: ProgressJSON) {
    guard case .object(let fields) = json, case .number(let known)? = fields["known"],
      known >= 0, known <= 1, let observations = fields["observations"]?.integer,
      case .number(let updated)? = fields["updated"]
    else { return nil }
    self.init(known: known, observations: observations, updated: updated)
  }

  var json: ProgressJSON {
    .object([
      "known": .number(known), "observations": .number(Double(observations)),
      "updated": .number(updated),
    ])
  }
}

/// A record of a log with a time, for merging logs.
protocol Timed {
  var time: Double { get }
}

extension AttemptRecord: Timed, Hashable {}
extension ExamRecord: Timed, Hashable {}
