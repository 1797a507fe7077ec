import ArgumentParser
import Foundation
import TerminalText
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress
import TutorTerminal

#if canImport(Glibc)
  import Glibc
#endif

/// Starting the ncurses tutor from a command.
enum FullScreen {
  static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

  /// Why the terminal cannot run the full-screen tutor (TERM unset, unknown or without
  /// cursor addressing, as `TERM=dumb`), or nil when it can. Asked before ncurses starts.
  static var terminalProblem: String? { Terminal.problem() }

  /// What to do instead, after ``terminalProblem``.
  static let terminalHint =
    "use --plain (bptutor learn ID --plain), or set TERM (for example TERM=xterm-256color)"

  static func run(
    location: LessonsLocation, state: StateOptions, ascii: Bool,
    open: (lesson: BoundLesson, mode: OpenMode)? = nil, reviewing: Bool = false,
    newCardsPerDay: Int = LearnerProgress.defaultNewCardsPerDay
  ) throws {
    let library = LessonLibrary(
      directory: try location.resolve(), generated: state.generatedDirectory,
      summaryCache: Environment.summaryCache)
    let store = state.store
    let (progress, warning) = store.load()
    let colors = Environment["NO_COLOR"].map(\.isEmpty) ?? true
    let style: MathStyle = ascii || !TerminalStyle.localeIsUTF8 ? .ascii : .unicode
    var appState = AppState(
      lessons: library.entries(), progress: progress, colors: colors, mathStyle: style)
    appState.status = warning
    appState.newCardsPerDay = newCardsPerDay
    if let open, let row = appState.lessons.firstIndex(where: { $0.id == open.lesson.lesson.id }) {
      appState.menuIndex = row  // Esc returns to this lesson's row
    }
    var driver = TutorDriver(
      state: appState, library: library, store: store, savingInBackground: true)
    driver.send(.clock(now: Date().timeIntervalSince1970))
    // Bound by the command, so --variant and --set apply.
    if let open { driver.send(.lessonOpened(open.lesson, mode: open.mode)) }
    if reviewing { driver.send(.reviewDue) }
    let outcome = Terminal.run(&driver, colors: colors)
    for warning in outcome.warnings { printError("warning: " + warning, style: style) }
    // The driver's warnings are failed saves.
    if !outcome.warnings.isEmpty { printError("Progress was not saved.", style: style) }
    // Ended by a signal: 128 + its number, as shells and git report it.
    if let signal = outcome.signal { throw ExitCode(128 + signal) }
    if !outcome.warnings.isEmpty { throw ExitCode.failure }
  }
}
