import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 12, item 2 (lessons): a given built from other givens is part of the graph, so
/// gradients flow through it; `check` warns about a derivative that is zero everywhere.
@Suite("Givens computed from other givens")
struct DependentGivenTests {
  /// `X` stacks two scalar givens; `L = w · X²` (summed) depends on them only through `X`.
  static let stacked = """
    version: 1
    title: Stacked givens
    summary: A vector built from two scalars.
    source: test
    given:
      x1: {value: 2, range: [1, 5]}
      x2: {value: -3, range: [-5, -1]}
      w: {value: '[1, 4]', range: [1, 3]}
      X: '[x1, x2]'
    graph:
      L: sum(w * X^2)
    loss: L
    steps:
      - id: dL-dx1
        title: Through the stacked vector
        skills: [chain-rule-scalar]
        text: Find $\\partial L/\\partial x_1$.
        ask: grad(L, x1)
        hints: [Differentiate $w_1 x_1^2$.]
        worked: $\\partial L/\\partial x_1 = {grad(L, x1)}$
      - id: dL-dX
        title: The whole vector
        skills: [chain-rule-scalar]
        text: Find $\\partial L/\\partial X$.
        ask: grad(L, X)
        hints: [One entry per entry of $X$.]
        worked: $\\partial L/\\partial X = {grad(L, X)}$
    """

  static func lesson(_ text: String = stacked) throws -> Lesson {
    let (lesson, diagnostics) = LessonLoader.parse(text, id: "stacked", path: "stacked.yaml")
    return try #require(lesson, "\(diagnostics.map(\.description))")
  }

  /// ∂/∂x1 of Σ wᵢXᵢ² with X = [x1, x2] is 2·w₁·x1, by hand.
  static func byHand(_ bound: BoundLesson) throws -> (dx1: Double, dX: [Double]) {
    let x1 = try #require(bound.value(of: "x1")?.scalarValue)
    let x2 = try #require(bound.value(of: "x2")?.scalarValue)
    let w = try #require(bound.value(of: "w")).scalars
    return (2 * w[0] * x1, [2 * w[0] * x1, 2 * w[1] * x2])
  }

  @Test("grad(L, x1) flows through X = [x1, x2] at the lesson's values and every variant")
  func gradientFlows() throws {
    let lesson = try Self.lesson()
    for variant in 0...6 {
      let bound = try BoundLesson(lesson: lesson, variant: variant)
      let hand = try Self.byHand(bound)
      #expect(hand.dx1 != 0, "variant \(variant)")
      #expect(try expected(bound, "dL-dx1").scalars == [hand.dx1], "variant \(variant)")
      #expect(try expected(bound, "dL-dX").scalars == hand.dX, "variant \(variant)")
      // The loss gradients the checker quotes ("that is ∂L/∂x1") flow through X too.
      #expect(bound.lossGradients["x1"]?.scalars == [hand.dx1])
      // X still follows its parts.
      let x1 = try #require(bound.value(of: "x1")?.scalarValue)
      let x2 = try #require(bound.value(of: "x2")?.scalarValue)
      #expect(bound.value(of: "X")?.scalars == [x1, x2])
      #expect(bound.givenValues["X"]?.scalars == [x1, x2])
    }
  }

  @Test("--set: a set given keeps its value; a given computed from it follows, gradient too")
  func overrides() throws {
    let lesson = try Self.lesson()
    let set = try BoundLesson(lesson: lesson, overrides: ["x1": "5"])
    #expect(set.value(of: "X")?.scalars == [5, try #require(set.value(of: "x2")?.scalarValue)])
    #expect(try expected(set, "dL-dx1").scalars == [try Self.byHand(set).dx1])
    // Drawn and set at once: x1 keeps the set value, x2 the drawn one, X follows both.
    let both = try BoundLesson(lesson: lesson, variant: 3, overrides: ["x1": "5"])
    let drawn = try BoundLesson(lesson: lesson, variant: 3)
    #expect(both.value(of: "x2") == drawn.value(of: "x2"))
    #expect(both.value(of: "X")?.scalars == [5, try #require(drawn.value(of: "x2")?.scalarValue)])
    // X set directly is a value of its own: nothing connects it to x1 any more.
    let direct = try BoundLesson(lesson: lesson, overrides: ["X": "[1, 1]"])
    #expect(direct.value(of: "X")?.scalars == [1, 1])
    #expect(try expected(direct, "dL-dx1").scalars == [0])
    let w = try #require(direct.value(of: "w")).scalars
    #expect(try expected(direct, "dL-dX").scalars == [2 * w[0] * 1, 2 * w[1] * 1])
  }

  @Test("check passes the stacked lesson: the gradient check goes through X to x1 and x2")
  func checkPasses() throws {
    let diagnostics = LessonLinter.check(try Self.lesson())
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
  }

  @Test("an answer of 0 for ∂L/∂x1 is wrong; the engine's own value is right")
  func answers() throws {
    let bound = try BoundLesson(lesson: try Self.lesson())
    let step = try #require(bound.lesson.steps.firstIndex { $0.id == "dL-dx1" })
    #expect(StepChecker(bound).check("0", step: step).kind == .incorrect)
    let right = NumberFormat.string(try Self.byHand(bound).dx1)
    #expect(StepChecker(bound).check(right, step: step).kind == .correct)
  }

  @Test("check warns, naming the step, when a derivative is zero at every variant")
  func zeroEverywhere() throws {
    // `y` never reaches L: its gradient is 0 whatever the variant.
    let text = Self.stacked.replacingOccurrences(
      of: "  X: '[x1, x2]'\n", with: "  X: '[x1, x2]'\n  y: {value: 1, range: [1, 3]}\n"
    ).replacingOccurrences(of: "ask: grad(L, X)", with: "ask: grad(L, y)")
    let lesson = try Self.lesson(text)
    let warnings = LessonLinter.check(lesson).filter { $0.severity == .warning }
    #expect(warnings.count == 1, "\(warnings.map(\.description))")
    let warning = try #require(warnings.first)
    #expect(
      warning.message
        == "step `dL-dX` asks for a derivative that is zero at the lesson's values and at all "
        + "\(LessonLinter.variantCount) variants")
    let ask = try #require(lesson.steps.first { $0.id == "dL-dX" })
    guard case .value(let expression) = ask.question else {
      Issue.record("dL-dX should ask for a value")
      return
    }
    #expect(warning.location == expression.location)
    #expect(LessonLinter.check(lesson).allSatisfy { $0.severity == .warning })
  }

  @Test("a derivative zero at the lesson's values but not at some variant is not flagged")
  func zeroOnlySometimes() throws {
    // relu(a − 3) is flat at a = 2 (its own value) and not at a = 5.
    let text = """
      version: 1
      title: Dead unit
      summary: A ReLU that is off at the lesson's values.
      source: test
      given:
        a: {value: 2, range: [4, 6]}
      graph:
        L: relu(a - 3.5)
      loss: L
      steps:
        - id: dL-da
          title: Through the ReLU
          skills: [chain-rule-scalar]
          text: Find $\\partial L/\\partial a$.
          ask: grad(L, a)
          hints: [Is the unit on?]
          worked: $\\partial L/\\partial a = {grad(L, a)}$
      """
    let lesson = try Self.lesson(text)
    #expect(try expected(BoundLesson(lesson: lesson), "dL-da").scalars == [0])
    // (Its own values do hide a flipped sign — the blind-spot rule may say so — but the
    // derivative is not zero everywhere, so no zero-derivative warning.)
    let diagnostics = LessonLinter.check(lesson).filter { $0.message.contains("zero at") }
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    // Without ranges there is only the lesson's own value, and the warning says so.
    let fixed = try Self.lesson(
      text.replacingOccurrences(of: "{value: 2, range: [4, 6]}", with: "2"))
    let warnings = LessonLinter.check(fixed)
    #expect(warnings.map(\.severity) == [.warning])
    #expect(
      warnings.first?.message.hasSuffix(
        "zero at the lesson's values (it has no ranges to draw variants from)") == true)
  }
}
