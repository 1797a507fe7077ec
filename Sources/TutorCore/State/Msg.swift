import TerminalText
import TutorLessons
import TutorProgress

/// Everything that can happen to the tutor.
public enum Msg: Sendable {
  case key(Key)
  /// Text pasted into the terminal (bracketed paste): inserted into the line being edited
  /// as text, never read as keys or commands.
  case paste(String)
  /// The terminal's new size.
  case resize(width: Int, height: Int)
  /// The auto-advance timer of replay.
  case tick
  /// A lesson the shell loaded after an ``Effect/openLesson(id:mode:)``.
  case lessonOpened(BoundLesson, mode: OpenMode)
  /// A lesson that could not be loaded, and why.
  case lessonFailed(id: String, message: String)
  /// Progress was saved: the file's contents after merging (other tutors' steps included).
  case progressSaved(LearnerProgress)
  /// Progress could not be saved, and why.
  case progressNotSaved(String)
  /// Serve the due review cards one after another (`bptutor review` full-screen).
  case reviewDue
}

/// What a lesson is opened for.
public enum OpenMode: Equatable, Sendable {
  case learn, replay
  /// Another variant of a finished lesson: values earned again from the first step.
  case practice
  /// A review of step `step` (0-based) at fresh givens, the steps before it as context.
  case review(step: Int)
  /// An exam at a fresh variant (or the one bound): no feedback until the report.
  case exam

  /// Whether this opens a review card.
  public var isReview: Bool {
    if case .review = self { return true }
    return false
  }
}

/// Work for the shell, returned by ``TutorApp/update(_:_:)`` as data: update never does I/O.
public enum Effect: Equatable, Sendable {
  /// Load lesson `id` and reply with ``Msg/lessonOpened(_:mode:)`` or ``Msg/lessonFailed(id:message:)``.
  case openLesson(id: String, mode: OpenMode)
  /// Record a step solved (or revealed) in the progress file now.
  case saveSolved(lesson: String, step: String)
  case saveRevealed(lesson: String, step: String)
  /// Record that `count` hints of a step were shown.
  case saveHints(lesson: String, step: String, count: Int)
  /// Record how a step went (attempt log, skills, review card).
  case saveAttempt(TutorSession.Attempt)
  /// Record a variant of a lesson as done.
  case saveVariantDone(lesson: String, variant: Int)
  /// Record an exam's report at `time` (seconds since 1970).
  case saveExam(ExamReport, skills: [String: [String]], time: Double)
  /// Send ``Msg/tick`` every `milliseconds` until ``stopTimer``.
  case startTimer(milliseconds: Int)
  case stopTimer
  /// Restore the terminal and exit.
  case quit
}
