import TutorEngine
import TutorMath

/// A place where one set of givens hides what a step teaches: a wrong answer the step
/// means to catch — a declared mistake, or one the checker diagnoses by itself (a flipped
/// sign, the transpose, swapped entries) — that cannot be told from the right answer
/// there. `bptutor check` reports them; variants are redrawn to avoid them.
public struct BlindSpot: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// Declared mistake `index` (0-based, file order) equals the answer.
    case mistakeEqualsAnswer(Int)
    /// Declared mistake `index` is the answer's entries in the other orientation (a row
    /// for a column), which the checker accepts because the step is not `exact_shape`.
    case mistakeAccepted(Int)
    /// The answer is 0, so the answer with its sign flipped is the answer.
    case signHidden
    /// The answer is a symmetric matrix, so its transpose is the answer.
    case transposeHidden
    /// Two entries of the answer (1-based) are equal, so swapping them gives the answer.
    case swapHidden(Int, Int)

    /// Whether a declared mistake (rather than an automatic diagnosis) is hidden.
    public var isDeclaredMistake: Bool {
      switch self {
      case .mistakeEqualsAnswer, .mistakeAccepted: return true
      case .signHidden, .transposeHidden, .swapHidden: return false
      }
    }
  }

  /// The step, 0-based.
  public var step: Int
  public var kind: Kind

  public init(step: Int, kind: Kind) {
    (self.step, self.kind) = (step, kind)
  }

  /// Every blind spot of `lesson`'s value steps with the quantities bound in `evaluator`
  /// (givens and graph; lesson forms allowed). Steps or mistakes that cannot be evaluated
  /// are skipped: other checks report them.
  public static func find(in lesson: Lesson, evaluator: Evaluator) -> [BlindSpot] {
    var found: [BlindSpot] = []
    scan(lesson, evaluator) { spot in
      found.append(spot)
      return true
    }
    return found
  }

  /// The first blind spot not in `known`, stopping there: what a variant draw is
  /// rejected for, found without evaluating the steps after it.
  static func first(outside known: Set<BlindSpot>, in lesson: Lesson, evaluator: Evaluator)
    -> BlindSpot?
  {
    var new: BlindSpot?
    scan(lesson, evaluator) { spot in
      if known.contains(spot) { return true }
      new = spot
      return false
    }
    return new
  }

  /// Visits the blind spots in step order until `visit` returns false.
  private static func scan(
    _ lesson: Lesson, _ evaluator: Evaluator, _ visit: (BlindSpot) -> Bool
  ) {
    var scratch = evaluator
    func value(_ expression: LessonExpression) -> Tensor? {
      guard let expr = try? expression.expr(),
        let id = try? scratch.evaluate(expr, source: expression.text)
      else { return nil }
      let value = scratch.value(of: id)
      return value.isFinite ? value : nil
    }
    for (index, step) in lesson.steps.enumerated() {
      guard case .value(let ask) = step.question, let expected = value(ask) else { continue }
      let options = step.options
      for (number, mistake) in step.mistakes.enumerated() {
        guard let given = value(mistake.answer) else { continue }
        if AnswerChecker.matches(given, expected, options: options) {
          guard visit(BlindSpot(step: index, kind: .mistakeEqualsAnswer(number))) else { return }
        } else if !options.exactShape, isOtherOrientation(given, of: expected),
          let turned = try? given.reshaped(to: expected.shape),
          AnswerChecker.matches(turned, expected, options: options)
        {
          guard visit(BlindSpot(step: index, kind: .mistakeAccepted(number))) else { return }
        }
      }
      if AnswerChecker.matches(negated(expected), expected, options: options) {
        guard visit(BlindSpot(step: index, kind: .signHidden)) else { return }
        continue  // a zero answer hides every rearrangement too; one report is enough
      }
      if expected.rank == 2, expected.shape[0] == expected.shape[1], expected.shape[0] > 1,
        AnswerChecker.matches(transposed(expected), expected, options: options)
      {
        guard visit(BlindSpot(step: index, kind: .transposeHidden)) else { return }
      }
      if expected.isVector, let pair = equalPair(expected, options: options) {
        guard visit(BlindSpot(step: index, kind: .swapHidden(pair.0 + 1, pair.1 + 1))) else {
          return
        }
      }
    }
  }

  /// A vector with the same number of entries in another orientation.
  static func isOtherOrientation(_ given: Tensor, of expected: Tensor) -> Bool {
    given.isVector && expected.isVector && given.count == expected.count && given.count > 1
      && given.shape != expected.shape
  }

  /// The first two entries (0-based) equal within the step's tolerance.
  static func equalPair(_ tensor: Tensor, options: CheckOptions) -> (Int, Int)? {
    let scalars = tensor.scalars
    for i in scalars.indices {
      for j in scalars.indices where j > i {
        if AnswerChecker.matches(Tensor(scalars[j]), Tensor(scalars[i]), options: options) {
          return (i, j)
        }
      }
    }
    return nil
  }

  static func negated(_ tensor: Tensor) -> Tensor {
    tensor.withScalars(tensor.scalars.map { -$0 })
  }

  /// The transpose of a matrix (the checker's own, so both agree on what it is).
  static func transposed(_ tensor: Tensor) -> Tensor {
    AnswerChecker.transposed(tensor)
  }
}
