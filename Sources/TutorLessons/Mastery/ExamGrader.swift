import TutorEngine
import TutorMath

/// An exam's outcome: each step's verdict, what was expected and what was given.
public struct ExamReport: Equatable, Sendable {
  /// How one step was judged.
  public enum Grade: String, Equatable, Sendable, CaseIterable {
    /// Right.
    case correct
    /// Wrong, and not explained by the learner's earlier answers.
    case incorrect
    /// Wrong only because an earlier answer was: right given the learner's own values.
    case follows
    /// Left empty.
    case skipped
  }

  /// What a step expected.
  public enum Expected: Equatable, Sendable {
    case value(Tensor)
    /// A formula step: the reference formula as written.
    case formula(String)
    /// A choice step: the right option's number (1-based, in this variant's order).
    case option(Int)
  }

  /// One step's line of the report.
  public struct Item: Equatable, Sendable {
    public var id: String
    public var grade: Grade
    /// The steps whose (wrong) answers this one follows from.
    public var followsFrom: [String]
    public var expected: Expected?
    /// The learner's answer as typed (nil when skipped).
    public var given: String?
  }

  public var lesson: String
  public var variant: Int
  public var items: [Item]

  /// How much a `follows` step counts: full marks, like a right step. A derivation that
  /// applies every rule correctly to its own slip loses only the slip.
  public static let followsWeight = 1.0

  /// Correct steps plus ``followsWeight`` per follows step.
  public var score: Double {
    items.reduce(0) { sum, item in
      sum + (item.grade == .correct ? 1 : item.grade == .follows ? Self.followsWeight : 0)
    }
  }

  /// How many steps were asked.
  public var total: Int { items.count }

  /// How many steps got `grade`.
  public func count(_ grade: Grade) -> Int { items.filter { $0.grade == grade }.count }
}

/// Grades an exam with carry-forward: each answer is judged against the engine's value;
/// a wrong one is judged again against the value recomputed from the learner's own
/// earlier answers (``CarryForward/carriedExpectation(forStep:learner:)``), and `follows`
/// when it is right given them.
public enum ExamGrader {
  /// The report for `answers`, one per step in order (nil or empty: skipped; missing
  /// trailing answers are skipped too).
  public static func grade(_ bound: BoundLesson, answers: [String?]) -> ExamReport {
    var learner = LearnerValues()
    let checker = StepChecker(bound)
    let carry = CarryForward(bound)
    var items: [ExamReport.Item] = []
    for index in bound.lesson.steps.indices {
      let step = bound.lesson.steps[index]
      let expected = expectation(bound, step: index)
      let typed = index < answers.count ? answers[index]?.trimmingWhitespace() : nil
      guard let answer = typed, !answer.isEmpty else {
        items.append(.init(id: step.id, grade: .skipped, followsFrom: [], expected: expected))
        continue
      }
      let verdict = checker.check(answer, step: index)
      var grade: ExamReport.Grade = verdict.isCorrect ? .correct : .incorrect
      var followsFrom: [String] = []
      if !verdict.isCorrect, verdict.kind != .malformed {
        let from = carry.carriedFrom(step: index, learner: learner)
        if !from.isEmpty, let carried = carry.carriedExpectation(forStep: index, learner: learner) {
          let again = AnswerChecker.check(
            answer, against: .value(carried), context: checker.context(forStep: index),
            options: checker.options(forStep: index))
          if again.isCorrect {
            grade = .follows
            followsFrom = from
          }
        }
      }
      if let quantity = carry.carriedQuantity(ofStep: index), let value = verdict.given {
        let entry = LearnerValues.Entry(value: value, step: step.id, isRight: verdict.isCorrect)
        if quantity.isGradient {
          learner.gradients[quantity.name] = entry
        } else {
          learner.values[quantity.name] = entry
        }
      }
      items.append(
        .init(
          id: step.id, grade: grade, followsFrom: followsFrom, expected: expected, given: answer))
    }
    return ExamReport(lesson: bound.lesson.id, variant: bound.variant, items: items)
  }

  /// What step `index` expects, for the report.
  static func expectation(_ bound: BoundLesson, step index: Int) -> ExamReport.Expected? {
    switch bound.lesson.steps[index].question {
    case .formula(let reference, _, _): return .formula(reference.text)
    case .choice:
      guard case .value(let number)? = try? bound.expectation(forStep: index) else { return nil }
      return .option(Int(number.scalars.first ?? 0))
    case .value:
      guard case .value(let value)? = try? bound.expectation(forStep: index) else { return nil }
      return .value(value)
    }
  }
}
