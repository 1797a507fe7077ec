import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// An exam report in words: the same lines in the full-screen tutor and `bptutor exam`.
public enum ExamText {
  /// "Score: 7 of 16 (a step that follows from your own earlier slip counts in full)",
  /// then one line per step: mark, id, verdict, what it follows from, expected and given.
  public static func lines(_ report: ExamReport, style: MathStyle) -> [String] {
    let idWidth = report.items.map(\.id.count).max() ?? 0
    var lines = [
      "Score: \(NumberFormat.string(report.score, style: style)) of \(report.total) · "
        + "\(report.count(.correct)) correct, \(report.count(.follows)) follow, "
        + "\(report.count(.incorrect)) incorrect, \(report.count(.skipped)) skipped",
      "(a step that follows from your own earlier answer counts in full)",
      "",
    ]
    for item in report.items {
      let mark: String
      switch item.grade {
      case .correct: mark = "✓"
      case .follows: mark = "→"
      case .incorrect: mark = "✗"
      case .skipped: mark = "·"
      }
      var line = "\(mark) \(item.id.padded(idWidth))  \(item.grade.rawValue.padded(9))"
      if let expected = item.expected { line += "  expected " + text(expected, style: style) }
      if let given = item.given { line += "  given " + given }
      lines.append(line)
      if !item.followsFrom.isEmpty {
        lines.append(
          "  " + String(repeating: " ", count: idWidth) + "  follows from "
            + item.followsFrom.joined(separator: ", "))
      }
    }
    return lines
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
