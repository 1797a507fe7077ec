import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// A bound lesson split by job: the binding holds the values and expected answers; the
/// checker's context (``StepChecker``), training (``Trainer``), concealment
/// (``Concealment``) and carry-forward (``CarryForward``) are types that read it and
/// change nothing in it.
@Suite("Bound lesson: one type per job")
struct BoundLessonJobsTests {
  /// Checks at compile time that a value may cross tasks.
  static func sendable<T: Sendable>(_ value: T) -> T { value }

  @Test("every job is a Sendable value over one binding, sharing its id")
  func jobsShareTheBinding() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    #expect(Self.sendable(StepChecker(bound)).bound.id == bound.id)
    #expect(Self.sendable(Trainer(bound)).bound.id == bound.id)
    #expect(Self.sendable(CarryForward(bound)).bound.id == bound.id)
    _ = Self.sendable(Concealment(bound, earned: []))
  }

  @Test("training descends on a copy of the graph: the binding keeps its values")
  func trainingLeavesTheBindingAlone() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let loss = try #require(bound.lesson.loss)
    let before = try bound.evaluate(loss, context: "loss")
    let weights = bound.lesson.train?.parameters.compactMap { bound.value(of: $0) } ?? []
    let losses = try Trainer(bound).train(steps: 5)
    #expect(losses.count == 6)
    #expect(losses[0] == before.scalars[0])
    #expect(losses[5] < losses[0])
    #expect(try bound.evaluate(loss, context: "loss") == before)
    #expect(bound.lesson.train?.parameters.compactMap { bound.value(of: $0) } == weights)
  }

  @Test("the checker judges against the binding's expected answer, with its context")
  func checkerUsesTheExpectation() throws {
    let bound = try boundLesson("sigmoid-chain")
    let checker = StepChecker(bound)
    for index in bound.lesson.steps.indices {
      guard case .value(let expected) = try bound.expectation(forStep: index) else { continue }
      let typed = TensorFormat.inline(expected, style: .ascii)
      #expect(checker.check(typed, step: index).isCorrect, "step \(index + 1): \(typed)")
      let direct = AnswerChecker.check(
        typed, against: .value(expected), context: checker.context(forStep: index),
        options: checker.options(forStep: index))
      #expect(direct.kind == checker.check(typed, step: index).kind)
    }
  }

  @Test("concealment hides what a step asks until it is earned, and the binding says what")
  func concealmentFromTheBinding() throws {
    let bound = try boundLesson("sigmoid-chain")
    let asked = try #require(bound.askedValues[0])
    #expect(Concealment(bound, earned: []).concealingStep(of: asked) == 0)
    #expect(Concealment(bound, earned: [0]).shows(asked))
  }
}
