import Foundation
import TutorCore
import TutorLessons
import TutorMath

/// Times the lesson pipeline in-process: load, bind, render a replay; check every lesson.
enum LessonWorkload {
  static func run(repetitions: Int = 50) throws {
    let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")
      .path
    let paths = LessonCatalog.paths(in: lessons)
    print("lessons (in-process, median of \(repetitions))")
    func report(_ label: String, _ body: () throws -> Void) rethrows {
      var times: [Double] = []
      for _ in 0..<repetitions { times.append(try seconds(body) * 1e3) }
      print(
        String(
          format: "  %@ %8.3f ms", label.padding(toLength: 40, withPad: " ", startingAt: 0),
          median(times)))
    }
    guard let relu = paths.first(where: { $0.hasSuffix("relu-1-2-2-1.yaml") }) else { return }
    report("load relu-1-2-2-1") { _ = LessonLoader.load(path: relu) }
    let lesson = LessonLoader.load(path: relu).lesson!
    try report("bind relu-1-2-2-1") { _ = try BoundLesson(lesson: lesson) }
    let bound = try BoundLesson(lesson: lesson)
    report("render its replay") {
      let presenter = LessonPresenter(bound)
      for index in lesson.steps.indices {
        _ = presenter.renderQuestion(step: index, width: 80)
        _ = presenter.renderWorked(step: index, width: 76)
      }
    }
    report("fill only") {
      for step in lesson.steps {
        _ = try? bound.fill(step.text, context: "x")
        _ = try? bound.fill(step.worked, context: "x")
      }
    }
    let texts = lesson.steps.flatMap { step in
      [
        (try? bound.fill(step.text, context: "x")) ?? "",
        (try? bound.fill(step.worked, context: "x")) ?? "",
      ]
    }
    report("prose only") {
      for text in texts { _ = MathRenderer.prose(text, width: 80) }
    }
    report("evaluate grad(J, W1) x16") {
      for _ in 0..<16 { _ = try? bound.evaluate("grad(J, W1)") }
    }
    report("evaluate a1 x16") {
      for _ in 0..<16 { _ = try? bound.evaluate("a1") }
    }
    report("check \(paths.count) lesson(s), 20 variants each") {
      for path in paths { _ = LessonLinter.check(path: path) }
    }
  }
}
