import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor replay`: the worked example, step by step.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay", _superCommandName: "bptutor",
    abstract: "Show a lesson's worked example, one step after another.",
    discussion: """
      Every number comes from the engine at the chosen variant and overrides. \
      Full-screen: →/Space next, ← back, Home/End, a auto-advance, g graph, \
      e explore, v a new variant, Esc the menu. --plain prints the whole replay \
      as text (for pipes and screen readers). A replay shows every answer, so it is \
      recorded: at the lesson's own values its unsolved steps count as revealed; at \
      another variant, that variant counts as done (practice and exams draw another).
      """)

  @OptionGroup var lesson: LessonArguments

  @Flag(help: "Print plain text instead of opening the full-screen tutor.")
  var plain = false

  func run() throws {
    guard plain else { return try lesson.openFullScreen(.replay) }
    let style = lesson.style
    let bound = try lesson.bind()
    let loaded = bound.lesson
    let width = TerminalStyle.width
    @Sendable func steps(_ range: Range<Int>) -> [String] {
      var lines: [String] = []
      for index in range {
        lines.append("")
        lines.append(PlainText.stepTitle(bound, index: index))
        lines += LessonPresenter(bound).renderQuestion(step: index, width: width, style: style)
        let worked = LessonPresenter(bound).renderWorked(
          step: index, width: width - 4, style: style)
        for (k, line) in worked.enumerated() {
          lines.append((k == 0 ? "  ⇒ " : "    ") + line)
        }
      }
      return lines
    }
    // The later half of the steps is laid out on another core meanwhile.
    let count = loaded.steps.count
    let later = Background { steps(count / 2..<count) }
    let lines =
      PlainText.header(bound, width: width, style: style) + steps(0..<count / 2) + later.value
    Output.print(lines, style: style)
    // Seeing every answer is recorded: unsolved steps revealed, or the variant done.
    let store = lesson.state.store
    let (progress, _) = store.load()
    let changes = ReplayRecord.changes(bound, progress: progress)
    guard !changes.isEmpty else { return }
    do {
      try store.update(merging: progress) { saved in
        for change in changes { change.apply(to: &saved) }
      }
      if let message = ReplayRecord.message(changes, variant: bound.variant) {
        Output.print(
          ["", message.prefix(1).uppercased() + message.dropFirst() + "."], style: style)
      }
    } catch {
      printError("warning: could not save progress to \(store.path): \(error)", style: style)
    }
  }
}
