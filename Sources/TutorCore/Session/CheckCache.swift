import TutorLessons
import TutorMath

/// What checking a step needs besides the answer (``TutorLessons/StepChecker/Preparation``:
/// the right answer, the checker's context, its options), kept per binding, step and set
/// of earned steps, the context's slip tiers worked out at most once.
///
/// Working out the right answer evaluates the step's `ask`, and a wrong answer is explained
/// by redoing the step's derivation once per catalogued slip (``TutorLessons/WrongDerivations``):
/// up to a millisecond at a late backward step, the same for every answer there. The
/// session checks with the preparation kept here, and the tutor ``prepare(_:step:earned:)``s
/// the step on screen in the background (``WorkAhead``) while the learner types, so that the submit
/// key finds it made.
///
/// The context depends on the earned steps (what a wrong answer may be named as), so a step
/// solved or revealed elsewhere asks for another one: nothing unearned leaks from a kept one.
public final class CheckCache: Sendable {
  /// What one preparation depends on.
  struct Request: Hashable, Sendable {
    /// The binding's ``TutorLessons/BoundLesson/id`` (held, so it is never reused).
    var binding: BoundLesson.Identity
    /// The step, 0-based.
    var step: Int
    var earned: Set<Int>
  }

  /// The cache every session shares.
  public static let shared = CheckCache()

  private let preparations: Memo<Request, StepChecker.Preparation>

  /// `capacity`: preparations kept — the step on screen and the few before it (each holds
  /// the lesson's values and its slips' values: a few hundred KB at a large lesson's late
  /// steps, so few are kept); past it, start over.
  public init(capacity: Int = 8) {
    preparations = Memo(capacity: capacity)
  }

  /// What checking step `step` (0-based) of `bound` needs with the steps in `earned` solved
  /// or revealed: ``TutorLessons/StepChecker/preparation(forStep:earned:)``, kept.
  public func preparation(_ bound: BoundLesson, step: Int, earned: Set<Int>)
    -> StepChecker.Preparation
  {
    preparations.value(Request(binding: bound.id, step: step, earned: earned)) {
      StepChecker(bound).preparation(forStep: step, earned: earned)
    }
  }

  /// Works out the preparation of step `step`, its slip tiers, and the concealment once the
  /// step is solved, in the background (``WorkAhead``) — unless they are made or under way already.
  public func prepare(_ bound: BoundLesson, step: Int, earned: Set<Int>) {
    let request = Request(binding: bound.id, step: step, earned: earned)
    let (preparation, isNew) = preparations.entry(request) {
      StepChecker(bound).preparation(forStep: step, earned: earned)
    }
    guard isNew else { return }
    WorkAhead.async {
      for tier in preparation().context.wrongDerivations { _ = tier() }
      _ = ConcealmentCache.shared.concealment(bound, earned: earned.union([step]))
    }
  }

  /// Whether the preparation of step `step` at `earned` is kept (made or being made).
  public func isPrepared(_ bound: BoundLesson, step: Int, earned: Set<Int>) -> Bool {
    preparations.contains(Request(binding: bound.id, step: step, earned: earned))
  }

}
