import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor reset`: forget a lesson's progress, or everything.
struct ResetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reset", _superCommandName: "bptutor",
    abstract: "Forget your progress in a lesson (or, with --all, everywhere).",
    discussion: """
      A lesson's solved and revealed steps, hints, variants done, attempts, exams and \
      review cards are forgotten; --all also forgets the skills' estimates. It asks \
      first; --yes does not ask. Fields this bptutor does not know are kept.
      """)

  @Argument(help: "The lesson id.")
  var lesson: String?

  @Flag(help: "Forget every lesson and every skill.")
  var all = false

  @Flag(help: "Do not ask for confirmation.")
  var yes = false

  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if all == (lesson != nil) {
      throw ValidationError("give a lesson id or --all (not both)")
    }
  }

  func run() throws {
    let style = output.style
    let store = state.store
    let what = all ? "all your progress" : "your progress in \(lesson ?? "")"
    if let lesson {
      // Nothing to forget is said, not pretended (and a typo gets a suggestion).
      let ids = store.load().progress.lessonIDs
      guard ids.contains(lesson) else {
        let hint =
          Suggestion.didYouMean(lesson, among: ids)
          ?? (ids.isEmpty
            ? "there is no progress yet"
            : "progress is kept for: "
              + ids.joined(separator: ", "))
        printError("error: there is no progress in `\(lesson)` to forget (\(hint))", style: style)
        throw ExitCodes.usage
      }
    }
    if !yes {
      Output.prompt("Forget \(what)? This cannot be undone. [y/N] ", style: style)
      let answer = readLine()?.trimmingWhitespace().lowercased() ?? ""
      guard answer == "y" || answer == "yes" else {
        Output.print("Nothing was reset.", style: style)
        throw ExitCode.failure
      }
    }
    do {
      try store.update { progress in
        if all { progress.resetAll() } else if let lesson { progress.reset(lesson: lesson) }
      }
    } catch {
      printError("error: could not reset \(store.path): \(error)", style: style)
      throw ExitCode.failure
    }
    Output.print("Forgot \(what).", style: style)
  }
}
