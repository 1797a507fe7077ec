import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Carry-forward grading (issue 11): values recomputed from the learner's own answers,
/// forward (their quantities substituted) and backward (backpropagation continued from
/// their gradients), by the engine.
@Suite("Carry-forward")
struct CarryForwardTests {
  /// Learner values for relu-1-2-2-1: `values` by quantity, `gradients` by the quantity
  /// whose loss gradient was answered; every one marked wrong, answered at a step named
  /// after it.
  static func learner(values: [String: Tensor] = [:], gradients: [String: Tensor] = [:])
    -> LearnerValues
  {
    var learner = LearnerValues()
    // relu-1-2-2-1's steps are named after the homework's quantities: step h3 asks y.
    func step(_ name: String) -> String { name == "y" ? "h3" : name }
    for (name, value) in values {
      learner.values[name] = .init(value: value, step: step(name), isRight: false)
    }
    for (name, value) in gradients {
      learner.gradients[name] = .init(value: value, step: "dJ-d" + step(name), isRight: false)
    }
    return learner
  }

  static func column(_ values: [Double]) -> Tensor {
    try! Tensor(shape: [values.count, 1], scalars: values)
  }

  /// A 1×1 value, as the engine gives a product of a row and a column.
  static func one(_ value: Double) -> Tensor { try! Tensor(shape: [1, 1], scalars: [value]) }

  static func row(_ values: [Double]) -> Tensor {
    try! Tensor(shape: [1, values.count], scalars: values)
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var label: String
    var values: [String: Tensor] = [:]
    var gradients: [String: Tensor] = [:]
    var step: String
    var carried: Tensor
    var testDescription: String { label }
  }

  // The lesson's own values (h3 is the step asking the output y): x = 3, t = 6, W1 = [1; −1], W2 = [−1 1; 1 −1], W3 = [−1, 1];
  // a1 = [3; −3], h1 = [3; 0], a2 = [−3; 3], h2 = [0; 3], h3 = 3, J = 9.
  static let cases: [Case] = [
    // Forward.
    Case(
      label: "a slip in a1 passes through the first ReLU", values: ["a1": column([3, 3])],
      step: "h1", carried: column([3, 3])),
    Case(
      label: "h1 = [3; 3] through W2: [−3 + 3; 3 − 3]", values: ["h1": column([3, 3])],
      step: "a2", carried: column([0, 0])),
    Case(
      label: "a wrong h2 into the output", values: ["h2": column([1, 2])], step: "h3",
      carried: one(1)),
    Case(
      label: "a wrong output y into the loss: (6 − 0)²", values: ["y": Tensor(0)], step: "loss",
      carried: one(36)),
    Case(
      label: "a wrong y changes ∂J/∂y = −2(t − y)", values: ["y": Tensor(0)],
      step: "dJ-dh3", carried: one(-12)),
    Case(
      label: "the learner's value nearest the step wins: h1 over a1",
      values: ["a1": column([3, 3]), "h1": column([3, 0])], step: "a2",
      carried: column([-3, 3])),
    // Backward.
    Case(
      label: "a wrong upstream gradient through a matrix product: ∂J/∂W3 = g·h2ᵀ",
      gradients: ["y": Tensor(5)], step: "dJ-dW3", carried: row([0, 15])),
    Case(
      label: "a wrong upstream gradient into ∂J/∂h2 = W3ᵀ g", gradients: ["y": Tensor(5)],
      step: "dJ-dh2", carried: column([-5, 5])),
    Case(
      label: "a wrong ∂J/∂h2 through the ReLU mask of a2 = [−3; 3]",
      gradients: ["h2": column([1, 2])], step: "dJ-da2", carried: column([0, 2])),
    Case(
      label: "a wrong ∂J/∂h2 through the mask and W2ᵀ: ∂J/∂h1 = W2ᵀ [0; 2]",
      gradients: ["h2": column([1, 2])], step: "dJ-dh1", carried: column([2, -2])),
    Case(
      label: "a wrong ∂J/∂a2 into the outer product ∂J/∂W2 = g h1ᵀ",
      gradients: ["a2": column([0, 2])], step: "dJ-dW2",
      carried: try! Tensor(shape: [2, 2], scalars: [0, 0, 6, 0])),
    Case(
      label: "forward and backward together: a wrong h2 and a wrong ∂J/∂h3",
      values: ["h2": column([0, 0])], gradients: ["y": Tensor(-12)], step: "dJ-dW3",
      carried: row([0, 0])),
    Case(
      label: "a wrong a1 changes the first mask; the learner's ∂J/∂h1 passes where a1 > 0",
      values: ["a1": column([3, 3])], gradients: ["h1": column([1, 1])], step: "dJ-da1",
      carried: column([1, 1])),
    Case(
      label: "the SGD step uses the learner's ∂J/∂W1", gradients: ["W1": column([10, 0])],
      step: "sgd", carried: column([0.9, -1])),
  ]

  @Test("the engine recomputes each step from the learner's values", arguments: cases)
  func carried(_ item: Case) throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let index = try #require(bound.lesson.steps.firstIndex { $0.id == item.step })
    let learner = Self.learner(values: item.values, gradients: item.gradients)
    let carried = try #require(
      CarryForward(bound).carriedExpectation(forStep: index, learner: learner))
    #expect(carried.shape == item.carried.shape)
    for (got, want) in zip(carried.scalars, item.carried.scalars) {
      #expect(abs(got - want) < 1e-9, "\(carried.scalars) ≠ \(item.carried.scalars)")
    }
  }

  @Test("with no learner values the carried value is the engine's own")
  func nothingCarried() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    for index in bound.lesson.steps.indices {
      guard case .value(let expected) = try bound.expectation(forStep: index),
        case .value = bound.lesson.steps[index].question
      else { continue }
      #expect(
        CarryForward(bound).carriedExpectation(forStep: index, learner: LearnerValues()) == expected
      )
    }
  }

  @Test("a step follows from the nearest wrong answers it rests on")
  func followsFrom() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    func from(_ step: String, _ learner: LearnerValues) throws -> [String] {
      let index = try #require(bound.lesson.steps.firstIndex { $0.id == step })
      return CarryForward(bound).carriedFrom(step: index, learner: learner)
    }
    let a1 = Self.learner(values: ["a1": Self.column([3, 3])])
    #expect(try from("h1", a1) == ["a1"])
    #expect(try from("a2", a1) == ["a1"], "through h1, which the learner did not answer")
    var both = a1
    both.values["h1"] = .init(value: Self.column([3, 3]), step: "h1", isRight: false)
    #expect(try from("a2", both) == ["h1"], "h1 stands between a2 and a1")
    both.values["h1"]?.isRight = true
    #expect(try from("a2", both) == [], "a right h1 blocks the slip in a1")
    let upstream = Self.learner(
      values: ["h2": Self.column([0, 0])], gradients: ["y": Tensor(-12)])
    #expect(try Set(from("dJ-dW3", upstream)) == ["h2", "dJ-dh3"])
  }
}

@Suite("Exam grading")
struct ExamGraderTests {
  @Test("issue 11's example: a slip in a¹ carried forward through the loss and back to ∂J/∂W3")
  func reluSlip() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let answers = ["[3; 3]", "[3; 3]", "[0; 0]", "[0; 0]", "0", "36", "-12", "[0, 0]"]
    let report = ExamGrader.grade(bound, answers: answers)
    let grades = Dictionary(uniqueKeysWithValues: report.items.map { ($0.id, $0) })
    #expect(grades["a1"]?.grade == .incorrect)
    for id in ["h1", "a2", "h2", "h3", "loss", "dJ-dh3", "dJ-dW3"] {
      #expect(grades[id]?.grade == .follows, "\(id)")
    }
    #expect(grades["h1"]?.followsFrom == ["a1"])
    #expect(grades["a2"]?.followsFrom == ["h1"])
    #expect(grades["dJ-dh3"]?.followsFrom == ["h3"])
    #expect(Set(grades["dJ-dW3"]?.followsFrom ?? []) == ["h2", "dJ-dh3"])
    for item in report.items.dropFirst(8) { #expect(item.grade == .skipped) }
    #expect(grades["h1"]?.expected == .value(try Tensor(shape: [2, 1], scalars: [3, 0])))
    #expect(grades["h1"]?.given == "[3; 3]")
    #expect(report.score == 7 * ExamReport.followsWeight)
    #expect(report.total == bound.lesson.steps.count)
  }

  @Test("right answers are correct; a wrong answer no slip explains is incorrect")
  func plainVerdicts() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let report = ExamGrader.grade(bound, answers: ["[3; -3]", "[3; 0]", "[5; 5]", ""])
    #expect(report.items.prefix(4).map(\.grade) == [.correct, .correct, .incorrect, .skipped])
    #expect(report.items[2].followsFrom == [])
    #expect(report.score == 2)
  }

  @Test("a right answer after a slip that does not follow from it is still correct")
  func rightDespiteSlip() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let report = ExamGrader.grade(bound, answers: ["[3; 3]", "[3; 0]"])
    #expect(report.items[1].grade == .correct)
  }
}
