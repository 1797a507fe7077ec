import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// `bptutor check` on data that hides what a step teaches: a declared mistake or an
/// automatic diagnosis that the givens make indistinguishable from the answer.
@Suite("Lesson check: data that hides what a step teaches")
struct BlindSpotTests {
  @Test(
    "each is a warning naming the step and where it happens",
    arguments: [
      // The outer product g xᵀ with g = x is symmetric: its transpose, and the declared
      // transposing mistake, cannot be told from it.
      (
        "symmetric-transpose", 17, 10,
        "step `dL-dW`, at the lesson's own values", "is symmetric, so its transpose"
      ),
      (
        "symmetric-transpose", 21, 17,
        "step `dL-dW`, at the lesson's own values", "this declared mistake equals the answer"
      ),
      // The identity kernel is its own 180° rotation: not flipping it gives the answer.
      (
        "kernel-rotation", 21, 17,
        "step `dL-dI`, at the lesson's own values", "this declared mistake equals the answer"
      ),
      // Every variant draws g = 0, so every gradient below it is 0.
      (
        "zero-upstream", 17, 10, "step `dL-dx`, at variants 1, 2, 3,",
        "the answer is [0; 0], so a flipped sign cannot be told from it"
      ),
      (
        "zero-upstream", 22, 17, "step `dL-dx`, at variants 1, 2, 3,",
        "this declared mistake equals the answer ([0; 0])"
      ),
    ])
  func warning(file: String, line: Int, column: Int, place: String, message: String) {
    let path = Repository.brokenLessons + "/\(file).yaml"
    let diagnostics = LessonLinter.check(path: path)
    #expect(diagnostics.allSatisfy { $0.severity == .warning }, "\(diagnostics)")
    let here = diagnostics.filter { $0.location == SourceLocation(line: line, column: column) }
    #expect(here.count == 1, "\(diagnostics.map(\.description))")
    let text = here.first?.message ?? ""
    #expect(text.hasPrefix(place), "\(text)")
    #expect(text.contains(message), "\(text)")
    #expect(here.first?.description.hasPrefix("\(path):\(line):\(column): warning: ") == true)
  }

  @Test("a blind spot at every binding is how the step is built, not a warning")
  func structural() throws {
    // The softmax Jacobian is symmetric at every z: check leaves it alone.
    let bound = try boundLesson("softmax-jacobian")
    let jacobian = try #require(bound.lesson.steps.firstIndex { $0.id == "jacobian" })
    let spots = BlindSpot.find(in: bound.lesson, evaluator: bound.evaluator)
    #expect(spots.contains(BlindSpot(step: jacobian, kind: .transposeHidden)))
    for variant in 1...3 {
      let drawn = try boundLesson("softmax-jacobian", variant: variant)
      #expect(
        BlindSpot.find(in: drawn.lesson, evaluator: drawn.evaluator)
          .contains(BlindSpot(step: jacobian, kind: .transposeHidden)))
    }
    let diagnostics = LessonLinter.check(path: Repository.lessons + "/softmax-jacobian.yaml")
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
  }

  @Test("variants are redrawn until they hide nothing the lesson's own values show")
  func variantsRedrawn() throws {
    // relu-1-2-2-1 draws whole-number weights in [-2, 2]: a zero weight or two positive
    // pre-activations would make a ReLU step or a gradient below it teach nothing.
    let own = try boundLesson("relu-1-2-2-1")
    let known = Set(BlindSpot.find(in: own.lesson, evaluator: own.evaluator))
    for variant in 1...LessonLinter.variantCount {
      let bound = try boundLesson("relu-1-2-2-1", variant: variant)
      let spots = Set(BlindSpot.find(in: bound.lesson, evaluator: bound.evaluator))
      #expect(spots.isSubset(of: known), "variant \(variant): \(spots.subtracting(known))")
      // The first ReLU changes something at every variant: a¹ has a negative entry.
      let a1 = try #require(bound.value(of: "a1"))
      #expect(a1.scalars.contains { $0 < 0 }, "variant \(variant): a1 = \(a1)")
    }
  }

  /// A lesson whose gradient ∂L/∂w = x: the givens decide how small its entries are.
  static let tinyLesson = """
    version: 1
    title: tiny
    summary: s
    source: s
    given:
      w: {value: '[1; 2]', range: [-2, 2]}
      x: {value: '[1; 2]', range: [-2, 2]}
    graph:
      L: sum(w * x)
    loss: L
    steps:
      - id: dL-dw
        title: t
        skills: [chain-rule-scalar]
        text: t
        ask: grad(L, w)
        hints: [h]
        worked: w
    """

  @Test(
    "issue 22: a derivative entry the checker tells from 0 but below 10⁻⁴ of the scale is tiny",
    arguments: [
      ("[1; 2e-6]", [2] as [Int]),  // a residue beside 1: tiny
      ("[1e-7; 3e-7]", []),  // the whole answer is small, but so is every derivative asked
      ("[1; 0]", []),  // exactly 0: derivable by hand, judged as 0
      ("[1; 1e-12]", []),  // below the checker's absolute floor: typing 0 is right
      ("[1; 2e-3]", []),  // small but derivable to three figures
    ])
  func tinyEntries(x: String, tiny: [Int]) throws {
    let lesson = try #require(LessonLoader.parse(Self.tinyLesson, id: "tiny", path: "t").0)
    let bound = try BoundLesson(lesson: lesson, overrides: ["x": x])
    let spots = BlindSpot.find(in: lesson, evaluator: bound.evaluator)
    let found = spots.compactMap { spot -> Int? in
      if case .tinyEntry(let entry) = spot.kind { return entry }
      return nil
    }
    #expect(found == tiny, "\(spots)")
  }

  @Test("backprop-ninja's variants ask no gradient entry that is a residue of ε (issue 22)")
  func ninjaVariants() throws {
    // Before the rule, variants 1, 4, 26, 45 and 49 asked ∂L/∂W₁ entries near 10⁻⁷: rows of
    // the table C collinear (or W₁ singular), so batch normalisation cancels the gradient
    // but for the ε in √(σ² + ε).
    for variant in 0...50 {
      let bound = try boundLesson("backprop-ninja", variant: variant)
      let lesson = bound.lesson
      let derivatives = lesson.steps.indices.filter { lesson.asksDerivative(step: $0) }
      let answers = try derivatives.map { index -> Tensor in
        guard case .value(let value) = try bound.expectation(forStep: index) else {
          Issue.record("step \(index) asks a derivative but expects no value")
          return Tensor(0)
        }
        return value
      }
      let scale = answers.flatMap(\.scalars).map(abs).max() ?? 0
      for (index, answer) in zip(derivatives, answers) {
        let tiny = answer.scalars.filter { abs($0) > 1e-9 && abs($0) < 1e-4 * scale }
        #expect(tiny.isEmpty, "variant \(variant), step \(lesson.steps[index].id): \(tiny)")
      }
    }
  }

  @Test("check names a tiny entry at the lesson's own values as a warning")
  func tinyWarning() throws {
    let text = Self.tinyLesson.replacingOccurrences(
      of: "x: {value: '[1; 2]'", with: "x: {value: '[1; 2e-6]'")
    let lesson = try #require(LessonLoader.parse(text, id: "tiny", path: "t.yaml").0)
    let warnings = LessonLinter.check(lesson).filter { $0.message.contains("residue") }
    #expect(warnings.count == 1, "\(LessonLinter.check(lesson).map(\.description))")
    #expect(
      warnings.first?.message.hasPrefix("step `dL-dw`, at the lesson's own values: entry 2")
        == true, "\(warnings.map(\.message))")
  }
}
