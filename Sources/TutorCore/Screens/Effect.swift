/// Work for the shell, returned by ``TutorApp/update(_:_:)`` as data: update never does I/O.
public enum Effect: Equatable, Sendable {
  /// Load lesson `id` and reply with ``Msg/lessonOpened(_:mode:)`` or ``Msg/lessonFailed(id:message:)``.
  case openLesson(id: String, mode: OpenMode)
  /// Save a change to the progress file now, and reply with ``Msg/progressSaved(_:)``
  /// (the file's contents, which then replace the progress in memory) or
  /// ``Msg/progressNotSaved(_:reason:)``.
  case save(ProgressChange)
  /// Send ``Msg/tick`` every `milliseconds` until ``stopTimer``.
  case startTimer(milliseconds: Int)
  case stopTimer
  /// Restore the terminal and exit.
  case quit
}
