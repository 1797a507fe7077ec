import TutorLessons
import TutorProgress

/// A review under way: the due cards after the one being served, in the order FSRS has
/// them due, and how many there were at the start (for "review 2 of 5").
public struct ReviewQueue: Equatable, Sendable {
  /// The cards still to serve.
  public var remaining: [LearnerProgress.DueCard]
  /// How many cards the review started with.
  public let total: Int
  /// Cards whose lesson or step is gone, removed when the review started (said with the
  /// first card).
  public var staleRemoved = 0

  public init(_ cards: [LearnerProgress.DueCard]) {
    remaining = cards
    total = cards.count
  }

  /// The number (1-based) of the card being served once `remaining` is what is left.
  public var servedNumber: Int { total - remaining.count }
}
