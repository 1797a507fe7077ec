import Foundation
import TutorLessons

/// The lessons folder as the tutor sees it: entries for the menu, and loading one
/// lesson when it is opened (only that one is bound to the engine).
public struct LessonLibrary: Sendable {
  public let directory: String

  public init(directory: String) {
    self.directory = directory
  }

  /// One entry per lesson file; a file that fails to load is listed with its problem.
  public func entries() -> [LessonEntry] {
    LessonCatalog.paths(in: directory).map { path in
      let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      let (lesson, diagnostics) = LessonLoader.load(path: path)
      guard let lesson else {
        let first = diagnostics.first { $0.severity == .error }?.message ?? "cannot be read"
        return LessonEntry(id: id, title: id, stepIDs: [], problem: first + " (run bptutor check)")
      }
      return LessonEntry(
        id: id, title: lesson.title, summary: lesson.summary, stepIDs: lesson.steps.map(\.id))
    }
  }

  /// Loads and binds lesson `id`: the message answering an ``Effect/openLesson(id:mode:)``.
  public func open(_ id: String, mode: OpenMode) -> Msg {
    guard let path = LessonCatalog.path(of: id, in: directory) else {
      return .lessonFailed(id: id, message: "no such lesson")
    }
    let (lesson, diagnostics) = LessonLoader.load(path: path)
    guard let lesson else {
      let first = diagnostics.first?.message ?? "cannot be read"
      return .lessonFailed(id: id, message: first)
    }
    do {
      return .lessonOpened(try BoundLesson(lesson: lesson), mode: mode)
    } catch {
      return .lessonFailed(id: id, message: error.diagnostics.first?.message ?? "cannot be bound")
    }
  }
}
