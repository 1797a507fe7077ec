import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor learn`: work through a lesson.
struct LearnCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learn", _superCommandName: "bptutor",
    abstract: "Work through a lesson, answering each step.",
    discussion: """
      Without --plain the full-screen tutor opens at the lesson's first unsolved \
      step: Enter submits, Tab gives the next hint, Ctrl-R reveals the worked line, \
      Ctrl-N/Ctrl-P move between steps, F1 (or :help) lists every key, Esc returns \
      to the menu.

      --plain runs a line-by-line quiz on standard input and output, usable with a \
      screen reader or a pipe. At the prompt type an answer, or:
        hint     the next hint        reveal   the worked line (counts as revealed)
        next     the next step (skip) prev     the previous step
        help     these commands       quit     save and stop
      (each also with a leading colon, as :hint). The end of input saves and exits 0; \
      a save that fails is reported and the exit status is 1.

      Either way progress is saved after every step, and the lesson resumes at its \
      first unsolved step. `--variant new` practises a variant you have not done, from \
      the first step, every value earned again; finished variants are recorded.
      """)

  @OptionGroup var lesson: LessonArguments

  @Flag(help: "A line-by-line quiz instead of the full-screen tutor.")
  var plain = false

  func run() throws {
    guard plain else { return try lesson.openFullScreen(.learn) }
    var quiz = PlainQuiz(
      bound: try lesson.bind(), store: lesson.state.store, style: lesson.style,
      width: TerminalStyle.width, practising: lesson.variant.isNew)
    try quiz.run()
  }
}
