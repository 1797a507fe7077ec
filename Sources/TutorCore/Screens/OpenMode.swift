/// What a lesson is opened for.
public enum OpenMode: Equatable, Sendable {
  case learn, replay
  /// Another variant of a finished lesson: values earned again from the first step.
  case practice
  /// A review of step `step` (0-based) at fresh givens, the steps before it as context;
  /// `queue`: the due cards to serve after it.
  case review(step: Int, queue: ReviewQueue? = nil)
  /// An exam at a fresh variant (or the one bound): no feedback until the report.
  case exam

  /// Whether this opens a review card.
  public var isReview: Bool {
    if case .review = self { return true }
    return false
  }
}
