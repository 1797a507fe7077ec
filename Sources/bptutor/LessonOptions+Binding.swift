import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `--variant N` and `--set NAME=EXPR`, shared by the commands that compute a lesson.
struct VariantOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Draw the givens from their ranges with a portable seed (0 = the lesson's own values).",
      valueName: "N"))
  var variant: Int = 0

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Override a given, as NAME=EXPR; everything recomputes.", valueName: "NAME=EXPR"))
  var overrides: [String] = []

  func validate() throws {
    guard variant >= 0 else { throw ValidationError("--variant must be 0 or more") }
  }

  /// The overrides as name → expression.
  func parsedOverrides() throws -> [String: String] {
    var result: [String: String] = [:]
    for definition in overrides {
      guard let equals = definition.firstIndex(of: "=") else {
        throw ValidationError("--set needs NAME=EXPR, got `\(definition)`")
      }
      let name = definition[..<equals].trimmingCharacters(in: .whitespaces)
      result[name] = String(definition[definition.index(after: equals)...])
    }
    return result
  }
}

/// `--state-dir DIR`.
struct StateOptions: ParsableArguments {
  @Option(
    name: .customLong("state-dir"),
    help: ArgumentHelp(
      "Where progress is saved (default: $XDG_STATE_HOME/bptutor or ~/.local/state/bptutor).",
      valueName: "DIR"))
  var directory: String?

  var store: ProgressStore {
    ProgressStore(
      directory: directory
        ?? ProgressStore.defaultDirectory(environment: ProcessInfo.processInfo.environment))
  }
}

/// Exit codes shared by the plain commands.
enum ExitCodes {
  /// An unknown lesson or step (EX_USAGE).
  static let usage = ExitCode(64)
}

/// Finding and binding one lesson, printing problems the way `check` does.
enum LessonLookup {
  /// Loads lesson `id` from the folder, or exits 64 with "did you mean".
  static func load(_ id: String, location: LessonsLocation) throws -> Lesson {
    let directory = try location.resolve()
    guard let path = LessonCatalog.path(of: id, in: directory) else {
      let ids = LessonCatalog.ids(in: directory)
      let hint =
        Suggestion.didYouMean(id, among: ids) ?? "the lessons are: " + ids.joined(separator: ", ")
      printError("error: no lesson `\(id)` in \(directory) (\(hint))")
      throw ExitCodes.usage
    }
    let (lesson, diagnostics) = LessonLoader.load(path: path)
    guard let lesson else {
      for diagnostic in diagnostics { printError(diagnostic.description) }
      throw ExitCode.failure
    }
    return lesson
  }

  /// Binds a lesson at a variant with overrides, or prints why not and exits 1.
  static func bind(_ lesson: Lesson, variant options: VariantOptions) throws -> BoundLesson {
    do {
      return try BoundLesson(
        lesson: lesson, variant: options.variant, overrides: try options.parsedOverrides())
    } catch let error as LessonErrors {
      for diagnostic in error.diagnostics { printError(diagnostic.description) }
      throw ExitCode.failure
    }
  }

  /// The index of step `id`, or exits 64 with "did you mean".
  static func stepIndex(_ id: String, in lesson: Lesson) throws -> Int {
    if let index = lesson.steps.firstIndex(where: { $0.id == id }) { return index }
    if let number = Int(id), number >= 1, number <= lesson.steps.count { return number - 1 }
    let ids = lesson.steps.map(\.id)
    let hint =
      Suggestion.didYouMean(id, among: ids) ?? "the steps are: " + ids.joined(separator: ", ")
    printError("error: lesson \(lesson.id) has no step `\(id)` (\(hint))")
    throw ExitCodes.usage
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The lesson a `learn` or `replay` works on, and how: shared by both commands.
struct LessonSession: ParsableArguments {
  @Argument(help: "The lesson id.")
  var lesson: String

  @Flag(help: "ASCII only (the default when the locale is not UTF-8).")
  var ascii = false

  @OptionGroup var variant: VariantOptions
  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions

  /// How math is shown on standard output.
  var style: MathStyle { ascii || !TerminalStyle.localeIsUTF8 ? .ascii : .unicode }

  /// The lesson loaded and bound at the chosen variant and overrides.
  func bind() throws -> (lesson: Lesson, bound: BoundLesson) {
    let loaded = try LessonLookup.load(lesson, location: location)
    return (loaded, try LessonLookup.bind(loaded, variant: variant))
  }

  /// The full-screen tutor opened on this lesson; refused when not on a terminal.
  func openFullScreen(_ mode: OpenMode) throws {
    guard FullScreen.isInteractive else {
      throw ValidationError(
        "standard input or output is not a terminal; use: bptutor \(mode) \(lesson) --plain")
    }
    try FullScreen.run(
      location: location, state: state, ascii: ascii, open: (try bind().bound, mode))
  }
}
