import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Lesson text is parsed once, when the file is loaded: binding, variants, prose, the
/// checker's context and the linter evaluate the parsed expressions; judging an answer
/// parses the answer and nothing else.
@Suite("Parse once")
struct ParseOnceTests {
  static let lessons = Repository.lessons

  static func load(_ id: String) throws -> Lesson {
    try #require(LessonLoader.load(path: lessons + "/\(id).yaml").lesson)
  }

  /// Runs `body` and returns how many times the parser ran inside it.
  static func parses(_ body: () throws -> Void) rethrows -> Int {
    let counter = ParseCounter()
    try ParseCounter.$current.withValue(counter) { try body() }
    return counter.count
  }

  @Test("loading parses every expression and placeholder of the file")
  func loadingParses() throws {
    let count = try Self.parses { _ = try Self.load("relu-1-2-2-1") }
    #expect(count > 50, "relu-1-2-2-1 has givens, a graph, asks, mistakes and placeholders")
  }

  @Test(
    "after loading, binding, variants, prose and the checker's context parse nothing",
    arguments: [
      "relu-1-2-2-1", "softmax-jacobian", "conv-3x3", "sigmoid-chain", "linear-layer",
      "lp-regularization", "softmax-cross-entropy",
    ])
  func nothingAfterLoading(id: String) throws {
    let lesson = try Self.load(id)
    let count = try Self.parses {
      for variant in [0, 3] {
        let bound = try BoundLesson(lesson: lesson, variant: variant)
        for index in lesson.steps.indices {
          _ = try bound.expectation(forStep: index)
          _ = StepChecker(bound).context(forStep: index)
          _ = StepChecker(bound).options(forStep: index)
          // Prose: what a presenter renders is this filled text.
          let step = lesson.steps[index]
          for prose in [step.text, step.worked] + step.hints + [step.display].compactMap({ $0 }) {
            _ = try? bound.fill(prose, context: "prose", markingOversized: true)
          }
        }
      }
    }
    #expect(count == 0)
  }

  @Test(
    "the linter evaluates the parsed lesson: no parse at all",
    arguments: ["relu-1-2-2-1", "sigmoid-chain"])
  func linterParsesNothing(id: String) throws {
    let lesson = try Self.load(id)
    var diagnostics: [LessonDiagnostic] = []
    let count = Self.parses { diagnostics = LessonLinter.check(lesson) }
    #expect(count == 0)
    #expect(diagnostics.allSatisfy { $0.severity != .error })
  }

  @Test("judging an answer parses the answer only: value, formula and choice steps")
  func checkingParsesTheAnswer() throws {
    let relu = try BoundLesson(lesson: try Self.load("relu-1-2-2-1"))
    #expect(Self.parses { _ = StepChecker(relu).check("[3; -3]", step: 0) } == 1)
    #expect(Self.parses { _ = StepChecker(relu).check("[3, 0]", step: 0) } == 1)  // with diagnoses
    let sigmoid = try BoundLesson(lesson: try Self.load("sigmoid-chain"))
    let formulaStep = try #require(
      sigmoid.lesson.steps.firstIndex {
        if case .formula = $0.question { return true } else { return false }
      })
    #expect(Self.parses { _ = StepChecker(sigmoid).check("s*(1 - s)", step: formulaStep) } == 1)
  }

  @Test("a parse error found at load is reported at bind, at its place in the file")
  func parseErrorKept() throws {
    let text = """
      version: 1
      title: T
      summary: S
      source: test
      given:
        x: 2
      graph:
        y: x * (3 +
      loss: y
      steps:
        - id: s
          title: t
          text: Compute y.
          ask: y
          hints: [think]
          worked: $y = {y}$
      """
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("parse-once-\(UUID().uuidString).yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let lesson = try #require(LessonLoader.load(path: path).lesson)
    guard case .failure = lesson.graph[0].expression.parsed else {
      Issue.record("the broken expression should keep its parse error")
      return
    }
    #expect(throws: LessonErrors.self) { _ = try BoundLesson(lesson: lesson) }
    let diagnostics = LessonLinter.check(path: path)
    #expect(diagnostics.contains { $0.location?.line == 8 && $0.severity == .error })
  }
}
