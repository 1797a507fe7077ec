import TutorEngine

/// What the checker knows around one question: the names the learner may use, the
/// lesson's other quantities (to recognise "that is ∂J/∂a⁽²⁾"), and declared mistakes.
public struct AnswerContext: Sendable {
  /// Values the learner may write by name: givens and quantities from earlier steps.
  public var names: [String: Tensor] = [:]
  /// Names that must not be used, with the reason (the quantity being asked for).
  public var forbiddenNames: [String: String] = [:]
  /// Every named value and gradient of the lesson, compared against wrong answers.
  public var quantities: [Quantity] = []
  /// Mistakes the lesson declares for this step, most specific first.
  public var mistakes: [DeclaredMistake] = []
  /// The step's derivation redone with each catalogued slip, in tiers (the step's own
  /// part first, then the whole derivation): computed only when an answer is wrong, to
  /// name the misconception that reproduces it. A later tier is asked only when the
  /// tiers before it reproduce nothing.
  public var wrongDerivations: [@Sendable () -> [WrongDerivation]] = []
  /// Spellings that find each other (`η` ↔ `eta`); the lesson may override.
  public var nameAliases: [String: String] = Evaluator.defaultNameAliases
  /// Whether the answer must be computed: numbers, arithmetic and functions, every name
  /// refused with ``numbersOnlyReason`` (a step's `accept: numbers`).
  public var acceptsNumbersOnly = false
  /// Why a name is refused when ``acceptsNumbersOnly`` is set.
  public static let numbersOnlyReason = "type the numbers — this step asks you to compute it"

  public init(
    names: [String: Tensor] = [:], forbiddenNames: [String: String] = [:],
    quantities: [Quantity] = [], mistakes: [DeclaredMistake] = []
  ) {
    (self.names, self.forbiddenNames, self.quantities, self.mistakes) = (
      names, forbiddenNames, quantities, mistakes
    )
  }
}

/// A named value of the lesson, as the learner would recognise it.
public struct Quantity: Equatable, Sendable {
  /// The name in the lesson (`dJ_da2`, or `grad(J, a2)` for a loss gradient).
  public var name: String
  /// How it is written, as TeX (`\partial J/\partial a^{(2)}`).
  public var tex: String
  public var value: Tensor

  public init(name: String, tex: String, value: Tensor) {
    (self.name, self.tex, self.value) = (name, tex, value)
  }

  /// The quantity as a verdict names it.
  public var reference: QuantityReference { QuantityReference(name: name, tex: tex) }
}

/// A wrong answer the lesson anticipates, and what to say about it.
public struct DeclaredMistake: Equatable, Sendable {
  /// The mistake as a value (for value questions) or a formula (for formula questions,
  /// in the same variables as the reference).
  public enum Form: Equatable, Sendable {
    case value(Tensor)
    case formula(Expr)
  }

  public var form: Form
  /// What to say: prose with `$…$` TeX, placeholders already filled.
  public var message: String

  public init(_ form: Form, message: String) {
    (self.form, self.message) = (form, message)
  }
}

/// The right answer: a value from the engine, or a reference formula.
public enum Expectation: Equatable, Sendable {
  case value(Tensor)
  case formula(Formula)
}

/// A reference formula and where its variables live, for checking formula answers
/// at random points.
public struct Formula: Equatable, Sendable {
  /// One variable of the formula and the interval its test values are drawn from.
  public struct Variable: Equatable, Sendable {
    public var name: String
    public var domain: ClosedRange<Double>
    /// The variable's shape (`[]` for a scalar, `[3, 1]` for a column).
    public var shape: [Int]
    /// Drawn as whole numbers only (an exponent `p` where `w^(p − 1)` must be defined for
    /// a negative `w`).
    public var whole: Bool

    public init(
      _ name: String, in domain: ClosedRange<Double>, shape: [Int] = [], whole: Bool = false
    ) {
      (self.name, self.domain, self.shape, self.whole) = (name, domain, shape, whole)
    }

    /// A point drawn from the domain (rounded to whole numbers for a whole variable).
    public func draw(_ generator: inout SeededGenerator) throws(EngineError) -> Tensor {
      let value = try generator.tensor(shape: shape, in: domain)
      guard whole else { return value }
      return (try? Tensor(shape: value.shape, scalars: value.scalars.map { $0.rounded() })) ?? value
    }
  }

  /// The reference formula, parsed once.
  public var reference: Expr
  /// Its text, for showing it (`bptutor values`).
  public var source: String
  public var variables: [Variable]
  /// The lesson's own values of the variables (its `agrees: at:`), when it has them: a
  /// wrong formula that agrees there is told it must hold for every value, not just these.
  public var lessonValues: [String: Tensor]?

  public init(
    _ reference: Expr, source: String, variables: [Variable], lessonValues: [String: Tensor]? = nil
  ) {
    (self.reference, self.source, self.variables, self.lessonValues) = (
      reference, source, variables, lessonValues
    )
  }
}

/// Per-step settings of the checker.
public struct CheckOptions: Equatable, Sendable {
  /// Correct when |a − e| ≤ max(rtol·|e|, atol), entry by entry.
  public var relativeTolerance = 1e-3
  public var absoluteTolerance = 1e-9
  /// Outside tolerance but within this relative distance is `close`.
  public var closeBand = 0.05
  /// Whether a row given for a column (or the reverse) is wrong instead of accepted.
  public var exactShape = false
  /// The step's learning rate, tried as a factor a wrong answer may be off by.
  public var learningRate: Double?
  /// The seed of the formula test points: the same seed gives the same verdict.
  public var seed: UInt64 = 0x6270_7475_746f_72
  /// How many points a formula is compared at, and how few valid ones are too few.
  public var formulaPoints = 16
  public var minimumFormulaPoints = 8
  /// The relative tolerance of formula comparison.
  public var formulaTolerance = 1e-6
  /// The fewest significant figures a typed number may give to be judged by rounding:
  /// with at least this many, an entry is right when it is the answer correctly rounded
  /// to the figures typed (`0.245` for 0.244728…), even outside the tolerance.
  public var minimumSignificantFigures = 3

  public init() {}
}
