import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor learn`: work through a lesson.
struct LearnCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learn",
    abstract: "Work through a lesson, answering each step.",
    discussion: """
      Without --plain the full-screen tutor opens at the lesson's first unsolved
      step: Enter submits, Tab gives the next hint, Ctrl-R reveals the worked line,
      Ctrl-N/Ctrl-P move between steps, F1 (or :help) lists every key, Esc returns
      to the menu.

      --plain runs a line-by-line quiz on standard input and output, usable with a
      screen reader or a pipe. At the prompt type an answer, or:
        hint     the next hint        reveal   the worked line (counts as revealed)
        skip     the next step        quit     save and stop
      The end of input saves and exits 0.

      Either way progress is saved after every step, and the lesson resumes at its
      first unsolved step.
      """)

  @OptionGroup var session: LessonSession

  @Flag(help: "A line-by-line quiz instead of the full-screen tutor.")
  var plain = false

  func run() throws {
    guard plain else { return try session.openFullScreen(.learn) }
    let style = session.style
    let (loaded, bound) = try session.bind()
    let store = session.state.store
    let (progress, warning) = store.load()
    if let warning { printError(warning) }
    let ids = loaded.steps.map(\.id)
    let width = TerminalStyle.width
    var lines = PlainText.header(bound, width: width, style: style)
    var index = progress.resumeIndex(of: loaded.id, stepIDs: ids)
    let solvedBefore = Set(progress.lessons[loaded.id]?.solved ?? [])
    if !solvedBefore.isEmpty, solvedBefore.isSuperset(of: ids) {
      lines.append("You have solved every step of this lesson; starting again from step 1.")
      index = 0
    } else if index > 0 {
      lines.append("Resuming at step \(index + 1) (steps before it are solved).")
    }
    emit(lines)
    var unsaved = false  // a save failed: say so at the end and exit 1

    while index < loaded.steps.count {
      emit(
        [""] + [PlainText.stepTitle(bound, index: index)]
          + bound.renderQuestion(step: index, width: width, style: style))
      var hintsShown = 0
      var advance = false
      while !advance {
        print("answer> ", terminator: "")
        fflush(nil)
        guard let line = readLine() else {
          emit([""])
          return try finish(unsaved: unsaved)
        }
        let input = line.trimmingCharacters(in: .whitespaces)
        switch input.lowercased() {
        case "":
          emit(["(type an answer, or hint, reveal, skip, quit)"])
        case "hint", ":hint":
          let hints = loaded.steps[index].hints
          if hintsShown < hints.count {
            emit(
              bound.render(hints[hintsShown], width: width - 6, style: style).enumerated().map {
                ($0.offset == 0 ? "hint \(hintsShown + 1)/\(hints.count): " : "    ") + $0.element
              })
            hintsShown += 1
          } else {
            emit(["no more hints; type reveal to see the worked line"])
          }
        case "reveal", ":reveal":
          emit(bound.renderWorked(step: index, width: width - 4, style: style).map { "  " + $0 })
          if !save(store, { $0.markRevealed(ids[index], in: loaded.id) }) { unsaved = true }
          advance = true
        case "skip", ":next", ":skip":
          advance = true
        case "quit", ":quit", ":q":
          return try finish(unsaved: unsaved)
        default:
          let verdict = bound.check(input, step: index, style: style)
          emit(VerdictText.lines(verdict, answer: input, style: style).map { "  " + $0 })
          if verdict.kind == .correct {
            if let worked = loaded.steps[index].worked {
              emit(bound.render(worked, width: width - 4, style: style).map { "  " + $0 })
            }
            if !save(store, { $0.markSolved(ids[index], in: loaded.id) }) { unsaved = true }
            advance = true
          }
        }
      }
      index += 1
    }
    emit(["", "Lesson complete."])
    if unsaved { try finish(unsaved: true) }
  }

  /// "Progress saved.", or "Progress was not saved." and exit 1 when a save failed.
  private func finish(unsaved: Bool) throws {
    guard unsaved else { return emit(["Progress saved."]) }
    emit(["Progress was not saved."])
    throw ExitCode.failure
  }

  private func emit(_ lines: [String]) {
    print(lines.joined(separator: "\n"))
  }

  /// Saves, or warns and returns false.
  private func save(_ store: ProgressStore, _ change: (inout LearnerProgress) -> Void) -> Bool {
    do {
      try store.update(change)
      return true
    } catch {
      printError("warning: could not save progress to \(store.path): \(error.localizedDescription)")
      return false
    }
  }
}
