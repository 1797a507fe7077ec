import Foundation
import TutorEngine
import TutorMath

/// A hint that gives the answer away (issue 21): an expression in a hint's backticks
/// that, typed as the answer (its placeholders as the numbers the learner sees), is judged
/// correct. Seeing it is seeing the answer, yet it would count as a hint, not a reveal.
enum HintGiveaway {
  /// An error at each hint of step `index` holding such an expression.
  static func check(_ step: Step, index: Int, in bound: BoundLesson) -> [LessonDiagnostic] {
    guard case .value = step.question else { return [] }
    var found: [LessonDiagnostic] = []
    for (number, hint) in step.hints.enumerated() {
      for code in codeSpans(hint.text) {
        guard let typed = filled(code, in: bound),
          StepChecker(bound).check(typed, step: index).kind == .correct
        else { continue }
        found.append(
          LessonDiagnostic(
            path: bound.lesson.path, at: hint.location,
            "hint \(number + 1) of step `\(step.id)` gives the answer away: `\(typed)` typed as "
              + "the answer is judged correct",
            note: "say what to do (which operation, along which axis) rather than the "
              + "expression that computes the answer; the worked line shows it on reveal"))
        break
      }
    }
    return found
  }

  /// The texts between backticks.
  static func codeSpans(_ text: String) -> [String] {
    text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 1 }.map { String($0.element) }
  }

  /// `code` with each `{expr}` replaced by its value as a learner would type it; nil when
  /// a placeholder cannot be evaluated.
  static func filled(_ code: String, in bound: BoundLesson) -> String? {
    var result = ""
    var rest = Substring(code)
    while let open = rest.firstIndex(of: "{") {
      guard let close = rest[open...].firstIndex(of: "}") else { return nil }
      result += rest[..<open]
      let expression = String(rest[rest.index(after: open)..<close])
      guard let value = try? bound.evaluate(expression) else { return nil }
      result += TensorFormat.inline(value, style: .ascii)
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }
}
