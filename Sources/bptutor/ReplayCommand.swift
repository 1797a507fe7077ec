import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// `bptutor replay`: the worked example, step by step.
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Show a lesson's worked example, one step after another.",
    discussion: """
      Every number comes from the engine at the chosen variant and overrides.
      Full-screen: →/Space next, ← back, Home/End, a auto-advance, g graph,
      e explore, v a new variant, Esc the menu. --plain prints the whole replay
      as text (for pipes and screen readers).
      """)

  @OptionGroup var session: LessonSession

  @Flag(help: "Print plain text instead of opening the full-screen tutor.")
  var plain = false

  func run() throws {
    guard plain else { return try session.openFullScreen(.replay) }
    let style = session.style
    let (loaded, bound) = try session.bind()
    let width = TerminalStyle.width
    var lines = PlainText.header(bound, width: width, style: style)
    for index in loaded.steps.indices {
      lines.append("")
      lines.append(PlainText.stepTitle(bound, index: index))
      lines += bound.renderQuestion(step: index, width: width, style: style)
      let worked = bound.renderWorked(step: index, width: width - 4, style: style)
      for (k, line) in worked.enumerated() {
        lines.append((k == 0 ? (style == .ascii ? "  => " : "  ⇒ ") : "    ") + line)
      }
    }
    print(lines.joined(separator: "\n"))
  }
}

/// Shared pieces of the plain-text output.
enum PlainText {
  static func header(_ bound: BoundLesson, width: Int, style: MathStyle) -> [String] {
    let lesson = bound.lesson
    var lines = [
      "\(lesson.title)  [\(lesson.id)\(bound.variant > 0 ? ", variant \(bound.variant)" : "")]"
    ]
    lines += MathRenderer.prose(lesson.summary, width: width, style: style)
    let givens = lesson.givens.compactMap { given -> String? in
      guard let value = bound.value(of: given.name) else { return nil }
      return bound.label(of: given.name, style: style) + " = "
        + TensorFormat.inline(value, style: style)
    }
    lines.append("Given: " + givens.joined(separator: ", "))
    return lines
  }

  static func stepTitle(_ bound: BoundLesson, index: Int) -> String {
    "Step \(index + 1) of \(bound.lesson.steps.count) · \(bound.lesson.steps[index].title)"
  }
}

extension TerminalStyle {
  /// The width to wrap plain output to: `$COLUMNS`, else 80.
  static var width: Int {
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 20
    {
      return min(columns, 200)
    }
    return 80
  }
}
