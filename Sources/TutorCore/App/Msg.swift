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
  /// The time now, in seconds since 1970: the shell sends it before each batch of keys and
  /// once a minute while idle, so what is due and when an exam was taken follow the clock.
  case clock(now: Double)
  /// A lesson the shell loaded after an ``Effect/openLesson(id:mode:)``.
  case lessonOpened(BoundLesson, mode: OpenMode)
  /// A lesson that could not be loaded, and why.
  case lessonFailed(id: String, message: String)
  /// A change was saved: the file's contents after merging (other tutors' steps and the
  /// change included).
  case progressSaved(LearnerProgress)
  /// A change could not be saved, and why: it is applied in memory only.
  case progressNotSaved(ProgressChange, reason: String)
  /// A background save failed, and why (its changes are already applied in memory).
  case saveFailed(reason: String)
  /// Serve the due review cards one after another (`bptutor review` full-screen).
  case reviewDue
}
