import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// A one-unit lesson (the authoring guide's example, shortened) with `stepKeys` added to its
/// value step and `d` declaring the given `d`.
private func unitLesson(stepKeys: String = "", given d: String = "d: 1") -> String {
  """
  version: 1
  title: One sigmoid unit
  summary: A weight, a sigmoid and a squared error.
  source: test
  given:
    x: {value: 1, range: [1, 3]}
    w: {value: 0.5, range: [-1, 1], step: 0.25}
    \(d)
  graph:
    p: w * x
    z: sigmoid(p)
    E: (d - z)^2 / 2
  loss: E
  steps:
    - id: z
      title: The forward pass
      text: Compute $z = \\sigma(w x)$ with $w = {w}$ and $x = {x}$.
      ask: z
  \(stepKeys.isEmpty ? "" : "    " + stepKeys + "\n")    hints:
        - $\\sigma(p) = 1/(1 + e^{-p})$.
      worked: $z = \\sigma({p}) = {z}$
    - id: sigmoid-derivative
      title: The sigmoid's derivative
      text: Write $\\sigma'(p)$ in terms of $s = \\sigma(p)$.
      formula: s*(1 - s)
      variables:
        s: [0.01, 0.99]
      hints:
        - Differentiate $1/(1 + e^{-p})$.
      worked: $\\sigma'(p) = s(1 - s)$
  """
}

private func load(_ text: String) throws -> Lesson {
  let (lesson, diagnostics) = LessonLoader.parse(text, id: "unit", path: "unit.yaml")
  return try #require(lesson, "\(diagnostics.map(\.description))")
}

@Suite("Step and given keys: accept, fixed, worked")
struct LessonKeysTests {
  @Test("accept: numbers refuses every name of the lesson, the caret on the name")
  func numbersRefuseNames() throws {
    let bound = try BoundLesson(lesson: load(unitLesson(stepKeys: "accept: numbers")))
    #expect(bound.lesson.steps[0].accept == .numbers)
    // Givens, quantities and the asked name alike: each is refused where it stands.
    for (answer, name) in [("sigmoid(w * x)", "w"), ("sigmoid(0.5 * x)", "x"), ("z", "z")] {
      let verdict = StepChecker(bound).check(answer, step: 0)
      #expect(verdict.kind == .malformed, "\(answer)")
      let error = try #require(verdict.error)
      #expect(error.kind == .notAllowed)
      #expect(error.message == "type the numbers — this step asks you to compute it")
      let range = try #require(error.range)
      let marked = String(Array(answer)[range.lowerBound..<range.upperBound])
      #expect(marked == name, "\(answer): the caret marks `\(marked)`")
    }
  }

  @Test("accept: numbers judges numbers, arithmetic and functions like any answer")
  func numbersAreJudged() throws {
    let bound = try BoundLesson(lesson: load(unitLesson(stepKeys: "accept: numbers")))
    let p = try #require(bound.value(of: "p")?.scalarValue)
    // The learner computes σ(p) with the language's own function, from the number p.
    #expect(StepChecker(bound).check("sigmoid(\(p))", step: 0).kind == .correct)
    #expect(StepChecker(bound).check("1 / (1 + exp(-\(p)))", step: 0).kind == .correct)
    #expect(StepChecker(bound).check("sigmoid(\(p + 1))", step: 0).kind == .incorrect)
  }

  @Test("without accept, a step takes the givens by name")
  func expressionsByDefault() throws {
    let bound = try BoundLesson(lesson: load(unitLesson()))
    #expect(bound.lesson.steps[0].accept == .expressions)
    #expect(StepChecker(bound).check("sigmoid(w * x)", step: 0).kind == .correct)
  }

  @Test("accept belongs to an ask step")
  func acceptOnAFormula() {
    let text = unitLesson().replacingOccurrences(
      of: "    formula: s*(1 - s)\n", with: "    formula: s*(1 - s)\n    accept: numbers\n")
    let (lesson, diagnostics) = LessonLoader.parse(text, id: "unit", path: "unit.yaml")
    #expect(lesson == nil)
    #expect(diagnostics.map(\.message) == ["`accept` belongs to an `ask` step"])
    let line = text.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.contains("accept:") }.map { $0 + 1 }
    #expect(diagnostics.first?.location == SourceLocation(line: line ?? 0, column: 5))
  }

  @Test("fixed: true is read; --set on that given is refused, others still change")
  func fixedGiven() throws {
    let lesson = try load(unitLesson(given: "d: {value: 1, fixed: true}"))
    #expect(lesson.givens.first { $0.name == "d" }?.isFixed == true)
    #expect(lesson.givens.first { $0.name == "x" }?.isFixed == false)
    do {
      _ = try BoundLesson(lesson: lesson, overrides: ["d": "0"])
      Issue.record("--set d=0 was accepted")
    } catch {
      #expect(error.diagnostics.map(\.message) == ["d is fixed in this lesson"])
    }
    let set = try BoundLesson(lesson: lesson, overrides: ["x": "2"])
    #expect(set.value(of: "x") == Tensor(2))
  }

  @Test(
    "the lessons fix the givens their prose states",
    arguments: [
      ("lp-regularization", "p", "3"), ("conv-3x3", "n", "7"), ("conv-3x3", "k", "2"),
      ("softmax-cross-entropy", "t", "[1; 0; 0]"),
    ])
  func lessonsFixTheirStatedGivens(lesson id: String, given: String, value: String) throws {
    let bound = try boundLesson(id)
    #expect(bound.lesson.givens.first { $0.name == given }?.isFixed == true)
    #expect(throws: LessonErrors.self) { try boundLesson(id, overrides: [given: value]) }
  }
}
