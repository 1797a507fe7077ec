import TutorLessons

/// An exam in the full-screen tutor: the answers so far, then the report.
public struct ExamState: Sendable {
  public var bound: BoundLesson
  /// The step being answered, 0-based.
  public var stepIndex = 0
  /// One answer per step answered so far (empty: skipped).
  public var answers: [String] = []
  public var editor = LineEditor()
  /// Set when every step is answered.
  public var report: ExamReport?
  /// Lines scrolled in the report.
  public var scroll = 0

  public init(bound: BoundLesson) {
    self.bound = bound
  }
}
