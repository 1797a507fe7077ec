import ArgumentParser
import TutorCore
import TutorLessons
import TutorMath

/// The commands' side of the one route from a lesson id (or path) to a bound lesson
/// (``LessonLibrary``): problems printed the way `check` prints them, with exit codes.
enum LessonLookup {
  /// Loads lesson `id` (or the file at that path), or exits 64 with "did you mean".
  static func load(_ id: String, location: LessonsLocation, state: StateOptions? = nil) throws
    -> Lesson
  {
    let library = LessonLibrary(
      directory: try location.resolve(), generated: state?.generatedDirectory)
    do {
      return try library.load(id, reading: LessonPrefetch.load(path:))
    } catch {
      report(error)
    }
  }

  /// Binds a lesson at a variant with overrides, or prints why not and exits 1.
  static func bind(_ lesson: Lesson, variant options: VariantOptions) throws -> BoundLesson {
    if options.isNew {
      throw ValidationError("--variant new works with `learn`; give a number here")
    }
    return try bind(lesson, variant: options.variant, overrides: try options.parsedOverrides())
  }

  /// Binds a lesson at a variant number with overrides, or prints why not and exits: 64
  /// (usage) when `--set` overrides were refused, 1 when the lesson itself cannot bind.
  static func bind(_ lesson: Lesson, variant: Int, overrides: [String: String] = [:]) throws
    -> BoundLesson
  {
    do {
      return try LessonLibrary.bind(lesson, variant: variant, overrides: overrides)
    } catch {
      for diagnostic in error.diagnostics { printError(diagnostic.description) }
      if !overrides.isEmpty,
        (try? LessonLibrary.bind(lesson, variant: variant, overrides: [:])) != nil
      {
        throw ExitCodes.usage
      }
      throw ExitCode.failure
    }
  }

  /// The index of step `id` (or its 1-based number), or exits 64 with "did you mean".
  static func stepIndex(_ id: String, in lesson: Lesson) throws -> Int {
    if let index = lesson.steps.firstIndex(where: { $0.id == id }) { return index }
    if let number = Int(id), number >= 1, number <= lesson.steps.count { return number - 1 }
    let ids = lesson.steps.map(\.id)
    let hint =
      Suggestion.didYouMean(id, among: ids) ?? "the steps are: " + ids.joined(separator: ", ")
    printError("error: lesson \(lesson.id) has no step `\(id)` (\(hint))")
    throw ExitCodes.usage
  }

  private static func report(_ error: LessonLibrary.OpenError) -> Never {
    switch error {
    case .unknown:
      printError("error: " + error.summary)
      ExitCodes.usage.exit()
    case .invalid(let diagnostics):
      for diagnostic in diagnostics { printError(diagnostic.description) }
      ExitCode.failure.exit()
    }
  }
}

extension ExitCode {
  /// Exits the process with this code.
  func exit() -> Never {
    BPTutor.exit(withError: self)
  }
}
