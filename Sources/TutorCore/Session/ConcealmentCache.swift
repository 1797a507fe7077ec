import TutorLessons

/// What a binding may show, remembered per binding and set of earned steps.
///
/// A ``TutorLessons/Concealment`` depends only on the binding and the steps earned, and
/// working it out walks the lesson's graph (its dependents, and what is one operation
/// away from each unearned answer). The full-screen tutor asks for it on every key it
/// draws while the earned steps change only when a step is solved or revealed: this
/// turns that redraw's walk into a lookup. The lesson layer keeps no cache: this one
/// belongs to the session.
public final class ConcealmentCache: Sendable {
  /// What one concealment depends on.
  struct Request: Hashable, Sendable {
    /// The binding's ``TutorLessons/BoundLesson/id`` (held, so it is never reused).
    var binding: BoundLesson.Identity
    var earned: Set<Int>
  }

  /// The cache every session shares.
  public static let shared = ConcealmentCache()

  /// Concealments kept: one per earned set of the few bindings a session draws; past it,
  /// start over.
  public var capacity: Int { made.capacity }

  private let made: Memo<Request, Concealment>

  public init(capacity: Int = 256) {
    made = Memo(capacity: capacity)
  }

  /// What `bound` may show with the steps in `earned` (0-based) solved or revealed.
  public func concealment(_ bound: BoundLesson, earned: Set<Int>) -> Concealment {
    made.value(Request(binding: bound.id, earned: earned)) {
      Concealment(bound, earned: earned)
    }
  }
}
