import TutorLessons
import TutorProgress

/// One change to the learner's progress, as data: produced once (by the session, or by the
/// exam), carried by ``Effect/save(_:)``, and applied once by ``apply(to:)``.
///
/// **Applied in memory after the save reports back.** Nothing changes
/// ``AppState/progress`` when the change is made: the shell saves it (the store applies it
/// to the file's contents under its lock, merged with what is in memory) and replies
/// ``Msg/progressSaved(_:)`` with the result, which replaces the progress in memory. When
/// the save fails, ``Msg/progressNotSaved(_:reason:)`` carries the change back and it is
/// applied in memory only, so the learner's session goes on as if it had been saved.
/// Either way the change is applied once to what the tutor holds.
public enum ProgressChange: Equatable, Sendable {
  /// A step solved (a right answer at the lesson's own givens).
  case solved(lesson: String, step: String)
  /// A step's worked line revealed before it was solved.
  case revealed(lesson: String, step: String)
  /// `count` hints of a step have been shown.
  case hints(lesson: String, step: String, count: Int)
  /// How a step went (its first conclusion at these givens): the attempt log, skills and
  /// the review card.
  case attempt(TutorSession.Attempt)
  /// Every step of variant `variant` answered through to the last.
  case variantDone(lesson: String, variant: Int)
  /// An exam's report, taken at `time` (seconds since 1970); `skills`: each step's skills.
  case exam(ExamReport, skills: [String: [String]], time: Double)
  /// Review cards whose lesson or step is gone, removed.
  case staleCards(lesson: String, steps: Set<String>)

  /// Applies the change to `progress`.
  public func apply(to progress: inout LearnerProgress) {
    switch self {
    case .solved(let lesson, let step): progress.markSolved(step, in: lesson)
    case .revealed(let lesson, let step): progress.markRevealed(step, in: lesson)
    case .hints(let lesson, let step, let count):
      progress.recordHints(count, step: step, in: lesson)
    case .attempt(let attempt):
      progress.recordAttempt(
        attempt.outcome, step: attempt.step, in: attempt.lesson, variant: attempt.variant,
        skills: attempt.skills, at: attempt.time, quick: attempt.quick)
    case .variantDone(let lesson, let variant): progress.recordVariantDone(variant, in: lesson)
    case .exam(let report, let skills, let time):
      progress.recordExam(report, skills: skills, at: time)
    case .staleCards(let lesson, let steps): progress.removeCards(steps, in: lesson)
    }
  }
}

extension Array where Element == ProgressChange {
  /// Applies every change, in order.
  public func apply(to progress: inout LearnerProgress) {
    for change in self { change.apply(to: &progress) }
  }
}
