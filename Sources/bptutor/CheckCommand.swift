import ArgumentParser
import Foundation
import TutorLessons

/// `bptutor check`: lint lesson files.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", _superCommandName: "bptutor",
    abstract: "Check lesson files and report every problem with its line and column.",
    discussion: """
      Reports path:line:col: error: message, with the source line and a caret, for YAML \
      syntax, unknown or missing keys, wrong types, expressions that do not parse, \
      undefined names, cycles, shape mismatches, duplicate ids, missing hints or worked \
      lines, placeholders that do not resolve, control characters, non-finite expected \
      values, formulas that disagree with the engine, declared mistakes equal to the \
      answer or accepted as a row for a column, a choice whose right option is longer \
      than 1.2× its longest distractor, and a hint whose backticked expression, typed as \
      the answer, is judged correct. Runs the engine's gradient check on every lesson \
      graph at its own values and at 20 seeded variants, warning when a value sits on a \
      kink, and warns when the data hides what a step teaches (a declared mistake, a \
      flipped sign, the transpose or swapped entries that give the answer), naming the \
      step and the variant, or when a step asks for a derivative that is zero at every \
      variant. A folder's course.yaml (or one given by path) is checked too: unknown \
      lesson ids, ids listed twice, prerequisites that are not in the course or form a \
      cycle, and a right option that is the longest in more than 40% of the choice steps. \
      With --slips, it also lists where two of the catalogued wrong derivations \
      (lessons/README.md) give the same wrong value at the lesson's values or one of the \
      first variants, so the tutor could not tell a learner which one they made. \
      Exits 0 when there are no errors, 1 otherwise.
      """
  )

  @Argument(help: "Lesson files or folders (default: the lessons folder).")
  var paths: [String] = []

  @Flag(
    help: "Also list steps where two catalogued wrong derivations give the same value.")
  var slips = false

  @OptionGroup var location: LessonsLocation
  @OptionGroup var output: OutputOptions

  func run() throws {
    var files: [String] = []
    var courses: [String] = []
    let targets = paths.isEmpty ? [try location.resolve()] : paths
    for target in targets {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        do {
          let listing = try LessonCatalog.lessons(in: target)
          for warning in listing.warnings { printError(warning) }
          files += listing.paths
          let course = Course.path(in: target)
          if FileManager.default.fileExists(atPath: course) { courses.append(course) }
        } catch {
          printError("error: \(error)")
          throw ExitCode.failure
        }
      } else if (target as NSString).lastPathComponent == Course.fileName {
        courses.append(target)
      } else {
        files.append(target)
      }
    }
    var errors = 0
    var warnings = 0
    // Lessons are checked independently: one per core at a time, reported in file order.
    let slips = self.slips
    let diagnostics =
      Parallel.map(files.count) { [files] in
        let found = LessonLinter.check(path: files[$0])
        guard slips, let lesson = LessonLoader.load(path: files[$0]).lesson else { return found }
        return found + LessonLinter.slipAmbiguities(lesson)
      }
      + courses.map { CourseLinter.check(path: $0) }
    for found in diagnostics {
      for diagnostic in found {
        Output.print(diagnostic.description, style: output.style)
        if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
      }
    }
    var lessons = files.count == 1 ? "1 lesson" : "\(files.count) lessons"
    if !courses.isEmpty {
      lessons += courses.count == 1 ? " and the course" : " and \(courses.count) courses"
    }
    let summary =
      "checked \(lessons): \(errors) error\(errors == 1 ? "" : "s"), "
      + "\(warnings) warning\(warnings == 1 ? "" : "s")"
    Output.print(summary, style: output.style)
    if errors > 0 { throw ExitCode.failure }
  }
}
