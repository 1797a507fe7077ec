import TutorEngine
import TutorMath

/// A place where one set of givens hides what a step teaches: a wrong answer the step
/// means to catch — a declared mistake, or one the checker diagnoses by itself (a flipped
/// sign, the transpose, swapped entries) — that cannot be told from the right answer
/// there — or a derivative whose entry is a residue too small to derive by hand
/// (``Kind/tinyEntry(_:)``). `bptutor check` reports them; variants are redrawn to avoid
/// them.
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
    /// Entry `index` (1-based) of a derivative's answer is not 0 for the checker but below
    /// ``tinyRatio`` of the scale — the answer's largest entry, or the largest entry of
    /// every derivative the lesson asks at these values, whichever is larger: a residue
    /// (batch normalisation's ε, a cancellation) that a hand derivation gives as 0, and
    /// that no one can judge to three significant figures.
    case tinyEntry(Int)

    /// Whether a declared mistake (rather than an automatic diagnosis) is hidden.
    public var isDeclaredMistake: Bool {
      switch self {
      case .mistakeEqualsAnswer, .mistakeAccepted: return true
      case .signHidden, .transposeHidden, .swapHidden, .tinyEntry: return false
      }
    }
  }

  /// An entry of a derivative below this fraction of its scale is tiny (``Kind/tinyEntry(_:)``).
  public static let tinyRatio = 1e-4

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
    // Each value step's answer, evaluated once and only when reached, so a scan that
    // stops early evaluates no later step. The derivatives' largest entry is the scale a
    // tiny entry is measured against: worked out at the first derivative that needs it.
    var answers: [Int: Tensor?] = [:]
    func answer(_ index: Int) -> Tensor? {
      if let known = answers[index] { return known }
      var result: Tensor?
      if case .value(let ask) = lesson.steps[index].question { result = value(ask) }
      answers[index] = result
      return result
    }
    var scale: Double?
    func derivativeScale() -> Double {
      if let scale { return scale }
      let found =
        lesson.steps.indices.filter { lesson.asksDerivative(step: $0) }
        .compactMap { answer($0)?.scalars.lazy.map(abs).max() }.max() ?? 0
      scale = found
      return found
    }
    for (index, step) in lesson.steps.enumerated() {
      guard let expected = answer(index) else { continue }
      let options = step.options
      if lesson.asksDerivative(step: index),
        expected.scalars.contains(where: { abs($0) > options.absoluteTolerance }),
        let tiny = tinyEntry(
          expected, scale: derivativeScale(), floor: options.absoluteTolerance)
      {
        guard visit(BlindSpot(step: index, kind: .tinyEntry(tiny + 1))) else { return }
      }
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

  /// The first entry (0-based) of `answer` that the checker tells from 0 (above `floor`)
  /// but that lies below ``tinyRatio`` of the larger of `scale` and the answer's own
  /// largest entry.
  static func tinyEntry(_ answer: Tensor, scale: Double, floor: Double) -> Int? {
    let magnitudes = answer.scalars.map(abs)
    let reference = max(scale, magnitudes.max() ?? 0) * tinyRatio
    return magnitudes.firstIndex { $0 > floor && $0 < reference }
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
