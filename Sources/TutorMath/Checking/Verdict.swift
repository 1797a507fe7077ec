import TutorEngine

/// The checker's judgement of one answer: a value, never an error.
///
/// Every verdict says how the input was read before it says anything else
/// ("read as a 2×1 column [3; 0]"), the way WeBWorK and STACK do.
public struct Verdict: Equatable, Sendable {
  public enum Kind: String, Equatable, Sendable {
    /// Within tolerance.
    case correct
    /// Within 5 % but outside tolerance: more significant figures needed.
    case close
    /// A valid answer with the wrong value (see ``Verdict/diagnosis``).
    case incorrect
    /// The input could not be read (see ``Verdict/error``).
    case malformed
  }

  public var kind: Kind
  /// How the input was read: "read as the number -6", "read as s*(1 - s)".
  public var reading: String?
  /// Why a wrong answer is wrong, the most specific reason found.
  public var diagnosis: Diagnosis?
  /// Remarks that do not change the verdict ("accepted: you gave a row, the answer is a column").
  public var notes: [String] = []
  /// For a vector or matrix answer of the right shape: each entry, row-major, right or not.
  public var entryMarks: [Bool]?
  /// Why the input could not be read, with its place in the input.
  public var error: MathError?
  /// The value the input evaluated to (for value answers).
  public var given: Tensor?

  public init(
    _ kind: Kind, reading: String? = nil, diagnosis: Diagnosis? = nil, notes: [String] = [],
    entryMarks: [Bool]? = nil, error: MathError? = nil, given: Tensor? = nil
  ) {
    self.kind = kind
    self.reading = reading
    self.diagnosis = diagnosis
    self.notes = notes
    self.entryMarks = entryMarks
    self.error = error
    self.given = given
  }

  public var isCorrect: Bool { kind == .correct }

  /// One line in words (never colour alone): "correct", "close — give at least 3
  /// significant figures", "incorrect — the sign is flipped".
  public var summary: String {
    switch kind {
    case .correct: return "correct"
    case .close: return "close — give at least 3 significant figures"
    case .incorrect:
      return diagnosis.map { "incorrect — \($0.message)" } ?? "incorrect"
    case .malformed:
      return "could not read that — " + (error?.message ?? "check the syntax")
    }
  }
}

/// Why a wrong answer is wrong, from the most to the least specific.
public enum Diagnosis: Equatable, Sendable {
  /// A mistake the lesson declares, with its message.
  case declaredMistake(String)
  /// The answer has another shape.
  case wrongShape(expected: [Int], given: [Int])
  /// The answer is the negative of the right one.
  case flippedSign
  /// The answer is the transpose of the right one.
  case transposed
  /// The answer is the right one times a factor (2, ½, the learning rate…).
  case scaled(factor: Double, name: String)
  /// The answer equals another quantity of the lesson.
  case otherQuantity(label: String, note: String?)
  /// Some entries of a vector or matrix are right, the others wrong.
  case entries(right: Int, total: Int)
  /// A formula that disagrees with the reference at some points.
  case formulaDiffers(points: Int, of: Int)

  /// The diagnosis in words.
  public var message: String {
    switch self {
    case .declaredMistake(let message): return message
    case .wrongShape(let expected, let given):
      return "expected \(expected.shapeDescription), you gave \(given.shapeDescription)"
    case .flippedSign: return "the sign is flipped"
    case .transposed: return "that is the transpose of the answer"
    case .scaled(_, let name): return "off by a factor of \(name)"
    case .otherQuantity(let label, let note):
      return "that is \(label)" + (note.map { ", \($0)" } ?? "")
    case .entries(let right, let total):
      return "\(right) of \(total) entries are right"
    case .formulaDiffers(let points, let total):
      return "your formula differs from the answer at \(points) of \(total) test points"
    }
  }
}
