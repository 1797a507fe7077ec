import TerminalText
import TutorCore
import TutorLessons
import TutorMath

/// Shared pieces of the plain-text output of `learn --plain` and `replay --plain`.
enum PlainText {
  static func header(_ bound: BoundLesson, width: Int, style: MathStyle) -> [String] {
    let lesson = bound.lesson
    var lines = [
      "\(lesson.title)  [\(lesson.id)\(bound.variant > 0 ? ", variant \(bound.variant)" : "")]"
    ]
    lines += MathRenderer.prose(lesson.summary, width: width, style: style)
    let givens = lesson.givens.compactMap { given -> String? in
      guard let value = bound.value(of: given.name) else { return nil }
      return LessonPresenter(bound).label(of: given.name, style: style) + " = "
        + TensorFormat.inline(value, style: style)
    }
    lines.append("Given: " + givens.joined(separator: ", "))
    return lines
  }

  static func stepTitle(_ bound: BoundLesson, index: Int) -> String {
    "Step \(index + 1) of \(bound.lesson.steps.count) · \(bound.lesson.steps[index].title)"
  }
}
