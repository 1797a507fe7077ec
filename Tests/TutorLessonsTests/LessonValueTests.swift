import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Loads and binds a lesson from the repository's lessons folder.
func boundLesson(_ id: String, variant: Int = 0, overrides: [String: String] = [:]) throws
  -> BoundLesson
{
  let (lesson, diagnostics) = LessonLoader.load(path: Repository.lessons + "/\(id).yaml")
  let loaded = try #require(lesson, "\(diagnostics.map(\.description))")
  return try BoundLesson(lesson: loaded, variant: variant, overrides: overrides)
}

/// The expected value of a step, by id.
func expected(_ bound: BoundLesson, _ step: String) throws -> Tensor {
  let index = try #require(bound.lesson.steps.firstIndex { $0.id == step }, "no step \(step)")
  guard case .value(let value) = try bound.expectation(forStep: index) else {
    Issue.record("step \(step) is not a value question")
    return Tensor(.nan)
  }
  return value
}

/// Every expected answer of the relu-1-2-2-1 lesson against the worked solution of the
/// homework (seed 004), which an independent autodiff library confirmed.
@Suite("Lesson relu-1-2-2-1 against the homework")
struct ReluLessonTests {
  @Test(
    "each step's expected answer",
    arguments: [
      ("a1", [3.0, -3], [2, 1]), ("h1", [3, 0], [2, 1]), ("a2", [-3, 3], [2, 1]),
      ("h2", [0, 3], [2, 1]), ("h3", [3], [1, 1]), ("loss", [9], [1, 1]),
      ("dJ-dh3", [-6], [1, 1]), ("dJ-dW3", [0, -18], [1, 2]), ("dJ-dh2", [6, -6], [2, 1]),
      ("dJ-da2", [0, -6], [2, 1]), ("dJ-dW2", [0, 0, -18, 0], [2, 2]),
      ("dJ-dh1", [-6, 6], [2, 1]), ("dJ-da1", [-6, 0], [2, 1]), ("dJ-dW1", [-18, 0], [2, 1]),
      // One SGD step with η = 0.01: 1 − 0.01·(−18) = 1.18 (the source wrote 0.1 by mistake).
      ("sgd", [1.18, -1], [2, 1]),
      // Issue 22: the homework updates all three layers; each −18 entry becomes 1.18.
      ("sgd-W2", [-1, 1, 1.18, -1], [2, 2]), ("sgd-W3", [-1, 1.18], [1, 2]),
    ])
  func stepValue(step: String, scalars: [Double], shape: [Int]) throws {
    let value = try expected(boundLesson("relu-1-2-2-1"), step)
    #expect(value.shape == shape)
    for (got, want) in zip(value.scalars, scalars) { #expect(abs(got - want) < 1e-12) }
  }

  @Test("a choice is judged by the option shown at that number, in the variant's shuffled order")
  func choice() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let index = try #require(bound.lesson.steps.firstIndex { $0.id == "reuse" })
    guard case .value(let position) = try bound.expectation(forStep: index),
      case .choice(let choices) = bound.lesson.steps[index].question
    else {
      Issue.record("reuse is a choice step")
      return
    }
    let right = Int(position.scalars[0])
    let order = bound.choiceOrder(step: index)
    #expect(choices[order[right - 1]].isCorrect)
    #expect(StepChecker(bound).check("\(right)", step: index).kind == .correct)
    #expect(
      StepChecker(bound).check("\(right % choices.count + 1)", step: index).kind == .incorrect)
    #expect(StepChecker(bound).check("7", step: index).kind == .malformed)
    // By content: the right option's own text is right whatever its number.
    #expect(
      StepChecker(bound).check(choices[order[right - 1]].text.text, step: index).kind == .correct)
  }

  @Test("choices are shuffled per variant: the right option is not always the same number")
  func shuffled() throws {
    var positions: Set<Int> = []
    for id in ["relu-1-2-2-1", "softmax-jacobian", "conv-3x3", "sigmoid-chain", "linear-layer"] {
      for variant in 0..<4 {
        let bound = try boundLesson(id, variant: variant)
        for index in bound.lesson.steps.indices {
          guard case .choice = bound.lesson.steps[index].question,
            case .value(let position) = try bound.expectation(forStep: index)
          else { continue }
          positions.insert(Int(position.scalars[0]))
          #expect(bound.choiceOrder(step: index) == bound.choiceOrder(step: index))
        }
      }
    }
    #expect(positions.count > 1, "right options all at \(positions)")
  }

  @Test("every value step asks for numbers: arithmetic of numbers is right, a name is refused")
  func numbersOnly() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let index = try #require(bound.lesson.steps.firstIndex { $0.id == "dJ-dh3" })
    // t = 6, y = 3 at the lesson's values: −2(6 − 3), typed as numbers.
    #expect(StepChecker(bound).check("-2*(6 - 3)", step: index).kind == .correct)
    for (step, answer) in [("dJ-dh3", "-2*(t - y)"), ("a1", "a1"), ("a1", "W1 * x")] {
      let at = try #require(bound.lesson.steps.firstIndex { $0.id == step })
      let verdict = StepChecker(bound).check(answer, step: at)
      #expect(verdict.kind == .malformed, "\(step): \(answer)")
      #expect(verdict.error?.kind == .notAllowed)
      #expect(verdict.error?.message == "type the numbers — this step asks you to compute it")
    }
    let values = bound.lesson.steps.enumerated().filter {
      if case .value = $0.element.question { return true } else { return false }
    }
    #expect(values.allSatisfy { $0.element.accept == .numbers })
  }

  @Test("a declared mistake is diagnosed with its message")
  func declaredMistake() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let index = try #require(bound.lesson.steps.firstIndex { $0.id == "dJ-dh3" })
    let verdict = StepChecker(bound).check("6", step: index)
    guard case .declaredMistake(let message) = verdict.diagnosis else {
      Issue.record("expected a declared mistake, got \(String(describing: verdict.diagnosis))")
      return
    }
    #expect(message.contains("sign flips"))
  }
}

@Suite("Variants and --set")
struct VariantTests {
  @Test("variant 0 is the lesson's own values; the same variant is reproducible")
  func reproducible() throws {
    let own = try boundLesson("relu-1-2-2-1", variant: 0)
    #expect(own.value(of: "x") == Tensor(3))
    let first = try boundLesson("relu-1-2-2-1", variant: 7)
    let second = try boundLesson("relu-1-2-2-1", variant: 7)
    for name in first.names { #expect(first.value(of: name) == second.value(of: name)) }
    let other = try boundLesson("relu-1-2-2-1", variant: 8)
    #expect(first.names.contains { first.value(of: $0) != other.value(of: $0) })
  }

  @Test("variants stay inside the ranges, on whole numbers, and off the ReLU kinks")
  func ranges() throws {
    for variant in 1...20 {
      let bound = try boundLesson("relu-1-2-2-1", variant: variant)
      let x = try #require(bound.value(of: "x")?.scalarValue)
      #expect((1...5).contains(x) && x == x.rounded())
      for name in ["a1", "a2"] {
        #expect(try #require(bound.value(of: name)).scalars.allSatisfy { $0 != 0 })
      }
    }
  }

  @Test("--set recomputes every value and expected answer")
  func override() throws {
    let bound = try boundLesson("relu-1-2-2-1", overrides: ["x": "2"])
    // a1 = W1 x = [2; -2], h1 = [2; 0], a2 = [-2; 2], h2 = [0; 2], h3 = 2, J = (6 − 2)² = 16.
    #expect(try expected(bound, "loss").scalars == [16])
    // ∂J/∂h3 = −2(6 − 2) = −8; ∂J/∂W3 = −8 · h2ᵀ = [0, −16].
    #expect(try expected(bound, "dJ-dW3").scalars == [0, -16])
  }

  @Test("a given computed from other givens follows them in variants and under --set")
  func dependentGivens() throws {
    let text = """
      version: 1
      title: Dependent givens
      summary: A given computed from another.
      source: test
      given:
        a: {value: 2, range: [1, 9]}
        b: 3 * a
      graph:
        c: a + b
      steps:
        - id: c
          title: c
          text: Compute $c$.
          ask: c
          hints: [Add them.]
          worked: $c = {c}$
      """
    let lesson = try #require(LessonLoader.parse(text, id: "dependent", path: "dependent.yaml").0)
    #expect(try BoundLesson(lesson: lesson).value(of: "b") == Tensor(6))
    for variant in 1...5 {
      let bound = try BoundLesson(lesson: lesson, variant: variant)
      let a = try #require(bound.value(of: "a")).scalars[0]
      #expect(bound.value(of: "b") == Tensor(3 * a), "variant \(variant)")
      #expect(bound.value(of: "c") == Tensor(4 * a), "variant \(variant)")
    }
    let set = try BoundLesson(lesson: lesson, overrides: ["a": "5"])
    #expect(set.value(of: "b") == Tensor(15))
    // Set directly, a dependent given keeps the value it was given.
    let both = try BoundLesson(lesson: lesson, overrides: ["a": "5", "b": "1"])
    #expect(both.value(of: "b") == Tensor(1))
  }

  @Test("--set refuses a computed quantity and a wrong shape")
  func overrideErrors() throws {
    #expect(throws: LessonErrors.self) { try boundLesson("relu-1-2-2-1", overrides: ["a1": "2"]) }
    #expect(throws: LessonErrors.self) {
      try boundLesson("relu-1-2-2-1", overrides: ["W1": "[1, 2, 3]"])
    }
  }
}
