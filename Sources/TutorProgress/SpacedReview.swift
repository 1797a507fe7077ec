import Foundation

/// FSRS-4.5, the Free Spaced Repetition Scheduler, as published on the FSRS wiki ("The
/// Algorithm", sections FSRS v4 and FSRS-4.5) with its default parameters: each solved
/// step is a card with a stability S (days until recall drops to 90 %) and a difficulty
/// D ∈ [1, 10], rated again (1), hard (2), good (3) or easy (4) at each review.
///
/// - Retrievability after t days: R(t, S) = (1 + FACTOR·t/S)^DECAY, DECAY = −0.5,
///   FACTOR = 19/81 (so R(S, S) = 0.9).
/// - Interval for a desired retention r: I(r, S) = S/FACTOR·(r^(1/DECAY) − 1) (= S at 0.9).
/// - First rating: S₀(G) = w[G−1], D₀(G) = w₄ − (G − 3)·w₅.
/// - Difficulty: D′ = w₇·D₀(3) + (1 − w₇)·(D − w₆·(G − 3)), clamped to [1, 10].
/// - Recall (G ≥ 2): S′ = S·(e^w₈·(11 − D)·S^(−w₉)·(e^(w₁₀·(1 − R)) − 1)·w₁₅[G = 2]·w₁₆[G = 4] + 1).
/// - Lapse (G = 1): S′ = w₁₁·D^(−w₁₂)·((S + 1)^w₁₃ − 1)·e^(w₁₄·(1 − R)).
///
/// bptutor schedules in whole days: the next review is the interval rounded, at least
/// one day later (no same-day learning steps).
public struct SpacedReview: Equatable, Sendable {
  /// A rating of one review.
  public enum Rating: Int, Equatable, Sendable, CaseIterable {
    case again = 1, hard, good, easy

    public var name: String {
      switch self {
      case .again: return "again"
      case .hard: return "hard"
      case .good: return "good"
      case .easy: return "easy"
      }
    }
  }

  /// One card's memory state.
  public struct Memory: Equatable, Sendable {
    /// Days until the probability of recall falls to 90 %.
    public var stability: Double
    /// 1 (easy) to 10 (hard).
    public var difficulty: Double

    public init(stability: Double, difficulty: Double) {
      (self.stability, self.difficulty) = (stability, difficulty)
    }
  }

  /// FSRS-4.5's published default parameters w₀ … w₁₆.
  public static let defaultParameters: [Double] = [
    0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031, 1.6474, 0.1367, 1.0461,
    2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755,
  ]
  public static let decay = -0.5
  public static let factor = 19.0 / 81.0

  public var w: [Double]
  /// The probability of recall a review is scheduled at.
  public var desiredRetention: Double

  public static let standard = SpacedReview(w: defaultParameters, desiredRetention: 0.9)

  public init(w: [Double], desiredRetention: Double) {
    (self.w, self.desiredRetention) = (w, desiredRetention)
  }

  /// R(t, S): the probability of recall `days` after the last review.
  public func retrievability(days: Double, stability: Double) -> Double {
    pow(1 + Self.factor * max(0, days) / stability, Self.decay)
  }

  /// I(r, S) in days (fractional).
  public func interval(stability: Double) -> Double {
    stability / Self.factor * (pow(desiredRetention, 1 / Self.decay) - 1)
  }

  /// The memory after the first review.
  public func first(_ rating: Rating) -> Memory {
    Memory(
      stability: w[rating.rawValue - 1],
      difficulty: clampDifficulty(initialDifficulty(rating)))
  }

  func initialDifficulty(_ rating: Rating) -> Double {
    w[4] - Double(rating.rawValue - 3) * w[5]
  }

  func clampDifficulty(_ d: Double) -> Double { min(10, max(1, d)) }

  /// The memory after a review rated `rating`, `days` after the last one.
  public func next(_ memory: Memory, rating: Rating, days: Double) -> Memory {
    let (s, d) = (memory.stability, memory.difficulty)
    let r = retrievability(days: days, stability: s)
    let g = Double(rating.rawValue)
    let difficulty = clampDifficulty(
      w[7] * initialDifficulty(.good) + (1 - w[7]) * (d - w[6] * (g - 3)))
    let stability: Double
    if rating == .again {
      stability = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) * exp(w[14] * (1 - r))
    } else {
      let hard = rating == .hard ? w[15] : 1
      let easy = rating == .easy ? w[16] : 1
      stability =
        s
        * (exp(w[8]) * (11 - d) * pow(s, -w[9]) * (exp(w[10] * (1 - r)) - 1)
          * hard * easy + 1)
    }
    // FSRS keeps stability within [0.01, maximum interval]: a card with a huge (or
    // non-finite) stability is read as the longest, and can be saved again as JSON.
    let bounded =
      stability.isFinite
      ? min(Double(Self.maximumInterval), max(0.01, stability))
      : Double(Self.maximumInterval)
    return Memory(stability: bounded, difficulty: difficulty.isFinite ? difficulty : 10)
  }

  /// Whole days until the next review: the interval rounded, from 1 to
  /// ``maximumInterval`` (a stability read from a file may be anything).
  public func scheduledDays(_ memory: Memory) -> Int {
    let days = interval(stability: memory.stability).rounded()
    guard days.isFinite else { return days > 0 ? Self.maximumInterval : 1 }
    return Int(min(Double(Self.maximumInterval), max(1, days)))
  }

  /// The longest interval and the largest stability, in days (FSRS's default
  /// maximum interval: a hundred years).
  public static let maximumInterval = 36_500
}
