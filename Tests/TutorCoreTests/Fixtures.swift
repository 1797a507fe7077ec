import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// The repository's lessons, and a driver over them with progress kept in memory.
enum Fixtures {
  static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

  static func driver(
    colors: Bool = true, mathStyle: MathStyle = .unicode, store: ProgressStore? = nil
  ) -> TutorDriver {
    let library = LessonLibrary(directory: lessons)
    let progress = store?.load().progress ?? LearnerProgress()
    let state = AppState(
      lessons: library.entries(), progress: progress, colors: colors, mathStyle: mathStyle)
    return TutorDriver(state: state, library: library, store: store)
  }

  /// A driver with relu-1-2-2-1 open in learn mode.
  static func learning(
    colors: Bool = true, mathStyle: MathStyle = .unicode, store: ProgressStore? = nil
  ) -> TutorDriver {
    var driver = driver(colors: colors, mathStyle: mathStyle, store: store)
    driver.send(.lessonOpened(try! bound("relu-1-2-2-1"), mode: .learn))
    return driver
  }

  static func bound(_ id: String) throws -> BoundLesson {
    let lesson = LessonLoader.load(path: lessons + "/\(id).yaml").lesson!
    return try BoundLesson(lesson: lesson)
  }

  static func screen(_ driver: TutorDriver, width: Int = 80, height: Int = 24) -> [String] {
    TutorApp.view(driver.state, width: width, height: height).lines
  }
}
