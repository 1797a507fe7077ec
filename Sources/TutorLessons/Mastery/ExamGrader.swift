import Foundation
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
    /// The steps whose (wrong or rounded) answers this one follows from.
    public var followsFrom: [String]
    public var expected: Expected?
    /// The learner's answer as typed (nil when skipped).
    public var given: String?
    /// The step's title, as the report names it.
    public var title: String = ""
    /// For `follows`: the value recomputed from the learner's own earlier answers, which
    /// their answer matches.
    public var recomputed: Tensor? = nil
    /// For `follows`: the titles of the steps in ``followsFrom``, in the same order.
    public var followsFromTitles: [String] = []
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
/// when it is right given them — within the rounding the learner's own figures allow
/// (``CarryForward/carriedAllowance(forStep:learner:)``): a chain right to the significant
/// figures the learner gave follows from the rounded answers it rests on.
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
        items.append(
          .init(
            id: step.id, grade: .skipped, followsFrom: [], expected: expected, title: step.title))
        continue
      }
      let verdict = checker.check(answer, step: index)
      var grade: ExamReport.Grade = verdict.isCorrect ? .correct : .incorrect
      var followsFrom: [String] = []
      var recomputed: Tensor?
      if !verdict.isCorrect, verdict.kind != .malformed {
        let from = carry.carriedSources(step: index, learner: learner)
        if !from.isEmpty, let carried = carry.carriedExpectation(forStep: index, learner: learner) {
          let options = checker.options(forStep: index)
          let again = AnswerChecker.check(
            answer, against: .value(carried), context: checker.context(forStep: index),
            options: options)
          var follows = again.isCorrect
          if !follows, again.kind != .malformed, let given = again.given ?? verdict.given,
            var allowance = carry.carriedAllowance(forStep: index, learner: learner)
          {
            // The learner's own answer, rounded to 3 or more figures, is right rounding.
            for (position, number) in typedNumbers(verdict).enumerated()
            where position < allowance.count {
              if let number, number.significantFigures >= 3 {
                allowance[position] += 0.5 * pow(10, Double(number.lastDigitExponent))
              }
            }
            follows = isWithin(given, of: carried, allowance: allowance, options: options)
          }
          if follows {
            grade = .follows
            followsFrom = from
            recomputed = carried
          }
        }
      }
      if let quantity = carry.carriedQuantity(ofStep: index), let value = verdict.given {
        var expectedValue: Tensor?
        if case .value(let tensor)? = expected { expectedValue = tensor }
        let entry = LearnerValues.Entry(
          value: value, step: step.id, isRight: verdict.isCorrect,
          halfUnits: LearnerValues.Entry.halfUnits(
            typed: typedNumbers(verdict), given: value, expected: expectedValue))
        if quantity.isGradient {
          learner.gradients[quantity.name] = entry
        } else {
          learner.values[quantity.name] = entry
        }
      }
      let titles = followsFrom.map { id in
        bound.lesson.steps.first { $0.id == id }?.title ?? id
      }
      items.append(
        .init(
          id: step.id, grade: grade, followsFrom: followsFrom, expected: expected, given: answer,
          title: step.title, recomputed: recomputed, followsFromTitles: titles))
    }
    return ExamReport(lesson: bound.lesson.id, variant: bound.variant, items: items)
  }

  /// The numbers the learner typed for each entry (nil: computed), when the answer was a
  /// literal.
  static func typedNumbers(_ verdict: Verdict) -> [TypedNumber?] {
    if case .typed(_, let entries)? = verdict.reading { return entries }
    return []
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
