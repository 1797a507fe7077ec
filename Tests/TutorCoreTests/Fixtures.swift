import Foundation
import TerminalText
import TestSupport
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// The repository's lessons, and a driver over them with progress kept in memory.
enum Fixtures {
  static let lessons = Repository.lessons

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

  /// relu-1-2-2-1 at `step` (1-based) with `answer` typed and submitted.
  static func answered(
    _ answer: String, atStep step: Int = 1, colors: Bool = true, mathStyle: MathStyle = .unicode
  ) -> TutorDriver {
    var driver = learning(colors: colors, mathStyle: mathStyle)
    for _ in 1..<step { driver.press(.control("n")) }
    driver.type(answer)
    driver.press(.enter)
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
