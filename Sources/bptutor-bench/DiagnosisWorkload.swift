import Foundation
import TutorLessons
import TutorMath

/// Times judging a wrong answer inside a lesson, where the checker redoes the step's
/// derivation with each catalogued slip to name the one that reproduces it: the cost a
/// learner waits for after a wrong answer (right answers never run it).
enum DiagnosisWorkload {
  /// (lesson, step, answer, what it is).
  static let cases = [
    ("relu-1-2-2-1", "h3", "6", "wrong, a slip reproduces it"),
    ("relu-1-2-2-1", "h3", "17", "wrong, nothing reproduces it"),
    ("relu-1-2-2-1", "h3", "3", "right"),
    ("relu-1-2-2-1", "dJ-dW3", "[0, 18]", "wrong gradient, second tier"),
    ("batchnorm", "dX", "[1 2 3 4; 5 6 7 8]", "wrong, the largest graph"),
    ("batch-gradients", "per-example", "[1, 2, 3; 4, 5, 6]", "wrong, three gradients"),
  ]

  static func run(repetitions: Int = 50) throws {
    let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")
      .path
    print("answers in a lesson: time per check, diagnosis included (median of \(repetitions))")
    for (id, stepID, answer, label) in cases {
      guard let lesson = LessonLoader.load(path: lessons + "/\(id).yaml").lesson,
        let index = lesson.steps.firstIndex(where: { $0.id == stepID })
      else { continue }
      let checker = StepChecker(try BoundLesson(lesson: lesson))
      var verdict: Verdict?
      var times: [Double] = []
      for _ in 0..<repetitions {
        times.append(seconds { verdict = checker.check(answer, step: index) } * 1e3)
      }
      let name = "\(id) \(stepID) (\(label))".padding(
        toLength: 58, withPad: " ", startingAt: 0)
      print(
        String(format: "  %@ %7.3f ms  (%@)", name, median(times), verdict?.kind.rawValue ?? "?"))
    }
  }
}
