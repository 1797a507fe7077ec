import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// An exam report in words: the same lines in the full-screen tutor and `bptutor exam`.
public enum ExamText {
  /// "Score: 7 of 16 (a step that follows from your own earlier slip counts in full)",
  /// then per step, named by its number and title: its mark and verdict (and what it
  /// follows from) on one line, what was expected and given on the next, and for a step
  /// that follows, the value recomputed from the learner's own answers.
  public static func lines(_ report: ExamReport, style: MathStyle) -> [String] {
    var lines = [
      "Score: \(NumberFormat.string(report.score, style: style)) of \(report.total) · "
        + "\(report.count(.correct)) correct, \(report.count(.follows)) follow, "
        + "\(report.count(.incorrect)) incorrect, \(report.count(.skipped)) skipped",
      "(a step that follows from your own earlier answer counts in full)",
      "",
    ]
    let numbers = Dictionary(
      report.items.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { a, _ in a })
    func name(_ id: String, title: String) -> String {
      let shown = title.isEmpty ? id : title
      return numbers[id].map { "\($0). \(shown)" } ?? shown
    }
    for item in report.items {
      var line = "\(mark(item.grade)) \(name(item.id, title: item.title)) — \(item.grade.rawValue)"
      if !item.followsFrom.isEmpty {
        let titles = item.followsFrom.enumerated().map { position, id in
          name(
            id,
            title: position < item.followsFromTitles.count ? item.followsFromTitles[position] : "")
        }
        line += " from " + titles.joined(separator: ", ")
      }
      lines.append(line)
      var details: [String] = []
      if let expected = item.expected { details.append("expected " + text(expected, style: style)) }
      if let given = item.given { details.append("given " + given) }
      if !details.isEmpty { lines.append("    " + details.joined(separator: " · ")) }
      if let recomputed = item.recomputed {
        lines.append(
          "    recomputed from your answers: " + TensorFormat.inline(recomputed, style: style))
      }
    }
    return lines
  }

  /// The mark a verdict's line starts with.
  public static func mark(_ grade: ExamReport.Grade) -> String {
    switch grade {
    case .correct: "✓"
    case .follows: "→"
    case .incorrect: "✗"
    case .skipped: "·"
    }
  }

  /// An expected value as the report shows it.
  public static func text(_ expected: ExamReport.Expected, style: MathStyle) -> String {
    switch expected {
    case .value(let tensor): return TensorFormat.inline(tensor, style: style)
    case .formula(let formula): return formula
    case .option(let number): return "option \(number)"
    }
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padded(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
