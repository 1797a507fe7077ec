/// Why a wrong answer is wrong, from the most to the least specific.
public enum Diagnosis: Equatable, Sendable {
  /// A mistake the lesson declares: its message, prose with `$…$` TeX and placeholders
  /// already filled by the engine.
  case declaredMistake(String)
  /// A catalogued misconception whose derivation reproduces the answer, and no other does.
  case misconception(Misconception)
  /// What the answer is, seen but not explained: `factor` times the right one (−1, 2, ½).
  /// Said when a relation holds but no derivation confirms a cause.
  case multipleOfAnswer(Double)
  /// A formula that is the reference times a constant (−1: the sign) at every test point.
  case formulaScaled(Double)
  /// A formula that is the reference without one of its terms. The term is not named:
  /// it is part of the answer, which the learner has not earned.
  case formulaMissingTerm
  /// A formula that is the reference plus one term of its own (the term, as written).
  case formulaExtraTerm(String)
  /// The answer has another shape.
  case wrongShape(expected: [Int], given: [Int])
  /// The answer is the negative of the right one.
  case flippedSign
  /// The answer is the transpose of the right one.
  case transposed
  /// The answer is the right one times a factor.
  case scaled(Factor)
  /// The answer equals another quantity of the lesson.
  case otherQuantity(QuantityReference)
  /// Some entries of a vector or matrix are right, the others wrong.
  case entries(right: Int, total: Int)
  /// A formula that disagrees with the reference at some points.
  case formulaDiffers(points: Int, of: Int)
  /// Two entries of a vector of `total` entries trade places (1-based positions, the
  /// smaller first).
  case swappedEntries(Int, Int, total: Int)
  /// The entries of a vector are right but in another order (not a single swap).
  case wrongOrder
  /// A close answer whose wrong entries give fewer significant figures than `needed`.
  case tooFewFigures(needed: Int)
  /// A close answer that gives enough figures, but they are not the answer rounded.
  case notRoundedCorrectly
  /// A constant where the step asks for a formula in `variables` (the step's own names).
  case numberForFormula(variables: [String])
  /// A formula that agrees with the answer at the lesson's own values of the variables
  /// but not elsewhere: it must hold for every value of `variables` (those the answer
  /// replaced by a number, else all of the step's).
  case onlyAtLessonValues(variables: [String])

  /// A factor a wrong answer may be off by.
  public enum Factor: Equatable, Sendable {
    case two, half
    /// The step's learning rate η (its value).
    case learningRate(Double)
    /// 1/η.
    case inverseLearningRate(Double)

    /// The factor as a number.
    public var value: Double {
      switch self {
      case .two: return 2
      case .half: return 0.5
      case .learningRate(let eta): return eta
      case .inverseLearningRate(let eta): return 1 / eta
      }
    }
  }
}
