import ArgumentParser
import TerminalText
import TutorCore
import TutorLessons
import TutorMath

/// The lesson a `learn` or `replay` works on, and how: shared by both commands.
struct LessonArguments: ParsableArguments {
  @Argument(help: "The lesson id (or the path of a lesson file).")
  var lesson: String

  @OptionGroup var output: OutputOptions
  @OptionGroup var variant: VariantOptions
  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions

  /// How math is shown on standard output.
  var style: MathStyle { output.style }

  /// The lesson loaded and bound at the chosen variant and overrides.
  func bind() throws -> BoundLesson {
    let loaded = try LessonLookup.load(lesson, location: location)
    guard variant.isNew else { return try LessonLookup.bind(loaded, variant: variant) }
    // `--variant new`: one the learner's progress has not done.
    let progress = state.store.load().progress
    return try LessonLookup.bind(loaded, variant: progress.newVariant(of: loaded))
  }

  /// The full-screen tutor opened on this lesson; refused when not on a terminal.
  func openFullScreen(_ mode: OpenMode) throws {
    guard FullScreen.isInteractive else {
      throw ValidationError(
        "standard input or output is not a terminal; use: bptutor \(mode) \(lesson) --plain")
    }
    if let problem = FullScreen.terminalProblem {
      throw ValidationError(
        "\(problem), so the full-screen tutor cannot start; use: bptutor \(mode) \(lesson) "
          + "--plain (or set TERM, for example TERM=xterm-256color)")
    }
    try FullScreen.run(
      location: location, state: state, ascii: output.ascii,
      open: (try bind(), variant.isNew && mode == .learn ? .practice : mode))
  }
}
