import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 21, must-hold 5: carry-forward accepts the rounding the learner's own precision
/// allows. A chain that is right to the significant figures the learner gave `follows`
/// from the rounded answers it rests on, and the report shows the value it recomputed.
@Suite("Carry-forward allows for the learner's rounding")
struct CarryForwardPrecisionTests {
  static func bound(_ id: String, variant: Int) throws -> BoundLesson {
    let lesson = try #require(LessonLoader.load(path: Repository.lessons + "/\(id).yaml").lesson)
    return try BoundLesson(lesson: lesson, variant: variant)
  }

  /// `tensor` typed as a literal, each entry to `figures` significant figures.
  static func literal(_ tensor: Tensor, figures: Int) -> String {
    let columns = tensor.shape.count == 2 ? tensor.shape[1] : 1
    let entries = tensor.scalars.map { String(format: "%.\(figures)g", $0) }
    let rows = stride(from: 0, to: entries.count, by: columns).map {
      entries[$0..<min($0 + columns, entries.count)].joined(separator: ", ")
    }
    return "[" + rows.joined(separator: "; ") + "]"
  }

  static func index(_ bound: BoundLesson, _ id: String) throws -> Int {
    try #require(bound.lesson.steps.firstIndex { $0.id == id })
  }

  /// The right answers of steps before `stop`, at full precision (a choice: its number).
  static func rightAnswers(_ bound: BoundLesson, before stop: Int) throws -> [String] {
    try (0..<stop).map { index in
      let expected = try #require(try? bound.expectation(forStep: index))
      guard case .value(let value) = expected else { return "" }
      if case .choice = bound.lesson.steps[index].question {
        return String(Int(value.scalars[0]))
      }
      return literal(value, figures: 12)
    }
  }

  /// attention-head variant 1 (the case): every answer right, A to 3 significant
  /// figures, and O computed from that A — given to `oFigures` figures.
  static func attentionChain(oFigures: Int, scale: Double = 1) throws -> (
    bound: BoundLesson, answers: [String], fromRounded: Tensor
  ) {
    let bound = try bound("attention-head", variant: 1)
    let weights = try index(bound, "weights")
    let output = try index(bound, "output")
    var answers = try rightAnswers(bound, before: weights)
    guard case .value(let a) = try bound.expectation(forStep: weights) else {
      throw CancellationError()
    }
    let roundedA = literal(a, figures: 3)
    #expect(StepChecker(bound).check(roundedA, step: weights).isCorrect, "A to 3 figures is right")
    answers.append(roundedA)
    // O as the learner computes it: from their own A.
    var learner = LearnerValues()
    let typedA = try #require(StepChecker(bound).check(roundedA, step: weights).given)
    learner.values["A"] = .init(value: typedA, step: "weights", isRight: true)
    let fromRounded = try #require(
      CarryForward(bound).carriedExpectation(forStep: output, learner: learner))
    let scaled = try Tensor(
      shape: fromRounded.shape, scalars: fromRounded.scalars.map { $0 * scale })
    answers.append(literal(scaled, figures: oFigures))
    return (bound, answers, fromRounded)
  }

  @Test("the issue's case: A right to 3 figures, O from it follows from A")
  func roundedChainFollows() throws {
    let (bound, answers, fromRounded) = try Self.attentionChain(oFigures: 6)
    let output = try Self.index(bound, "output")
    #expect(
      !StepChecker(bound).check(answers[output], step: output).isCorrect,
      "against the engine's own O, the learner's O is not within tolerance")
    let report = ExamGrader.grade(bound, answers: answers)
    let item = report.items[output]
    #expect(item.grade == .follows)
    #expect(item.followsFrom == ["weights"])
    #expect(item.followsFromTitles == ["A softmax along each row"])
    #expect(item.title == "The output")
    let recomputed = try #require(item.recomputed)
    #expect(recomputed.scalars == fromRounded.scalars, "the value recomputed from A as typed")
    #expect(report.items[try Self.index(bound, "weights")].grade == .correct)
  }

  @Test("O rounded to 3 figures from the rounded A still follows; off by 2% it does not")
  func roundingBothWays() throws {
    let output = try Self.index(try Self.bound("attention-head", variant: 1), "output")
    let three = try Self.attentionChain(oFigures: 3)
    #expect(ExamGrader.grade(three.bound, answers: three.answers).items[output].grade != .incorrect)
    let off = try Self.attentionChain(oFigures: 6, scale: 1.02)
    let item = ExamGrader.grade(off.bound, answers: off.answers).items[output]
    #expect(item.grade == .incorrect, "more than the rounding allows is wrong")
    #expect(item.recomputed == nil)
  }

  @Test("an exact answer allows no rounding: the half unit of `3` is not a licence")
  func exactAnswersAllowNothing() throws {
    let relu = try Self.bound("relu-1-2-2-1", variant: 0)
    // a1 right and exact; h1 wrong by 0.4 (less than half a unit of the typed `3`).
    let report = ExamGrader.grade(relu, answers: ["[3; -3]", "[3; 0.4]"])
    #expect(report.items[0].grade == .correct)
    #expect(report.items[1].grade == .incorrect)
    #expect(report.items[1].followsFrom.isEmpty)
  }

  @Test("half units: where the typed number is not the engine's value, half its last digit")
  func halfUnits() throws {
    let given = try Tensor(shape: [3, 1], scalars: [0.245, 3, 1.5])
    let expected = try Tensor(shape: [3, 1], scalars: [0.244_97, 3, 1.5])
    let typed = [
      TypedNumber(literal: "0.245", text: "0.245"), TypedNumber(literal: "3", text: "3"), nil,
    ]
    let halves = LearnerValues.Entry.halfUnits(typed: typed, given: given, expected: expected)
    #expect(halves.count == 3)
    #expect(abs(halves[0] - 0.0005) < 1e-12)
    #expect(halves[1] == 0 && halves[2] == 0)
    #expect(LearnerValues.Entry.halfUnits(typed: nil, given: given, expected: expected).isEmpty)
  }

  @Test("the slip semantics hold: a derivation right to its own slip loses only the slip")
  func slipStillFollows() throws {
    let relu = try Self.bound("relu-1-2-2-1", variant: 0)
    let report = ExamGrader.grade(relu, answers: ["[3; 3]", "[3; 3]", "[0; 0]"])
    #expect(report.items.map(\.grade).prefix(3) == [.incorrect, .follows, .follows])
    #expect(report.items[2].followsFrom == ["h1"])
    #expect(report.items[2].recomputed?.scalars == [0, 0])
  }
}
