import TutorEngine

/// The checker's judgement of one answer: data only, never finished words.
///
/// A verdict says how the input was read, whether it is right, and why not, as values
/// (tensors, shapes, which lesson quantity, per-entry marks). ``VerdictPresenter`` is
/// the one place that turns it into lines for a style (Unicode or ASCII) and a width;
/// the full-screen tutor, `learn --plain`, `answer` and `answer --json` all use it.
public struct Verdict: Equatable, Sendable {
  public enum Kind: String, Equatable, Sendable {
    /// Within tolerance.
    case correct
    /// Within 5 % but neither within tolerance nor a correct rounding: more (or the
    /// right) significant figures needed (see ``Verdict/diagnosis``).
    case close
    /// A valid answer with the wrong value (see ``Verdict/diagnosis``).
    case incorrect
    /// The input could not be read (see ``Verdict/error``).
    case malformed
  }

  public var kind: Kind
  /// How the input was read.
  public var reading: Reading?
  /// Why a wrong answer is wrong, the most specific reason found; for a close one, what
  /// is missing (``Diagnosis/tooFewFigures(needed:)``).
  public var diagnosis: Diagnosis?
  /// Remarks that do not change the verdict.
  public var notes: [Note] = []
  /// For a vector or matrix answer of the right shape: each entry, row-major, right or not.
  public var entryMarks: [Bool]?
  /// Why the input could not be read, with its place in the input.
  public var error: MathError?
  /// The value the input evaluated to (for value answers).
  public var given: Tensor?

  public init(
    _ kind: Kind, reading: Reading? = nil, diagnosis: Diagnosis? = nil, notes: [Note] = [],
    entryMarks: [Bool]? = nil, error: MathError? = nil, given: Tensor? = nil
  ) {
    (self.kind, self.reading, self.diagnosis, self.notes, self.entryMarks, self.error, self.given) =
      (kind, reading, diagnosis, notes, entryMarks, error, given)
  }

  public var isCorrect: Bool { kind == .correct }
}

extension Verdict.Reading {
  /// The value of a value answer, typed or computed.
  public var tensor: Tensor? {
    switch self {
    case .value(let tensor), .typed(let tensor, _): return tensor
    case .formula, .option: return nil
    }
  }
}

extension Verdict {
  /// How the checker read the input, shown before the verdict (WeBWorK's "your answer
  /// was read as …").
  public enum Reading: Equatable, Sendable {
    /// A value answer: what it evaluated to.
    case value(Tensor)
    /// A value answer typed as numbers (`[0.0900; 0.245]`, `1.1799`): the value and each
    /// entry as typed, row-major (`nil` for a computed entry such as `1/3`, shown as its
    /// value). "read as" echoes the typed text, never a re-rounding of it.
    case typed(Tensor, entries: [TypedNumber?])
    /// A formula answer, as parsed.
    case formula(Expr)
    /// An option of a choice question (1-based).
    case option(Int)
  }

  /// A remark beside the verdict.
  public enum Note: Equatable, Sendable {
    /// A row accepted for a column, or the reverse: the shapes given and expected.
    case acceptedOtherOrientation(given: [Int], expected: [Int])
    /// The entries are right but this step wants the other orientation.
    case otherOrientation(given: [Int], expected: [Int])
    /// A formula of the wrong shape: the step's variables to write it in.
    case useVariables([String])
    /// The lesson's feedback on a choice (prose with `$…$` TeX, placeholders filled).
    case feedback(String)
    /// How many entries are wrong, of how many, when which ones is not (yet) shown: a
    /// first wrong answer's marks are withheld, since they are a hint.
    case entriesOff(Int, of: Int)
  }
}
