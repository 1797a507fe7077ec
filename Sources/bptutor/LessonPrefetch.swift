import TutorCore
import TutorLessons

/// Reads ahead: `bptutor replay relu-1-2-2-1` starts loading the lesson file on a second
/// thread while ArgumentParser, on the main thread, parses the command line (each takes
/// about a millisecond, so a plain command finishes sooner on a machine with two cores).
///
/// It only guesses: the lesson is the word after a command whose first argument is a
/// lesson, in the folder `--lessons` (or the usual defaults) names. The guess never
/// prints or decides anything. ``load(path:)`` hands its result over only for the very
/// file the parsed command resolves to; for anything else it loads as usual, so the
/// outcome is the same with or without the read-ahead.
enum LessonPrefetch {
  /// The commands whose first argument is a lesson id or path.
  static let lessonCommands: Set<String> = [
    "replay", "learn", "values", "answer", "export", "exam", "train",
  ]

  /// The load under way, started by ``start(for:)``, and the file it reads.
  private nonisolated(unsafe) static var pending:
    (path: String, load: Background<(lesson: Lesson?, diagnostics: [LessonDiagnostic])>)?

  /// Starts loading the lesson `arguments` (after the global options were moved behind
  /// the command name) probably name; does nothing when they name none.
  static func start(for arguments: [String]) {
    guard arguments.count >= 2, lessonCommands.contains(arguments[0]),
      !arguments[1].hasPrefix("-"), !arguments.contains(where: Self.asksForHelp)
    else { return }
    guard let directory = LessonsLocation.unchecked(given: folder(in: arguments)),
      let path = LessonLibrary(directory: directory).path(of: arguments[1])
    else { return }
    pending = (path, Background { LessonLoader.load(path: path) })
  }

  /// The lesson file at `path`, loaded: the read-ahead's result when it loaded that file,
  /// otherwise loaded now.
  static func load(path: String) -> (lesson: Lesson?, diagnostics: [LessonDiagnostic]) {
    if let pending, pending.path == path {
      Self.pending = nil
      return pending.load.value
    }
    return LessonLoader.load(path: path)
  }

  /// Lets a read-ahead nobody used finish before the program exits (so no thread is
  /// still reading when `exit` tears the process down).
  static func settle() {
    pending?.load.wait()
    pending = nil
  }

  private static func asksForHelp(_ word: String) -> Bool {
    word == "-h" || word == "--help" || word == "help"
  }

  /// The value of `--lessons DIR` or `--lessons=DIR`, if given.
  private static func folder(in arguments: [String]) -> String? {
    for (index, word) in arguments.enumerated() {
      if word == "--lessons", index + 1 < arguments.count { return arguments[index + 1] }
      if word.hasPrefix("--lessons=") { return String(word.dropFirst("--lessons=".count)) }
    }
    return nil
  }
}
