/// Why a wrong answer is wrong, from the most to the least specific.
public enum Diagnosis: Equatable, Sendable {
  /// A mistake the lesson declares: its message, prose with `$…$` TeX and placeholders
  /// already filled by the engine.
  case declaredMistake(String)
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
