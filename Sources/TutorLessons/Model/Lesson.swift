import TutorEngine
import TutorMath
import TutorProgress

/// A lesson as written in its YAML file: a small computation and the questions that
/// walk through it. Every expected answer comes from the engine, never from the file.
public struct Lesson: Equatable, Sendable {
  /// The file name without `.yaml`.
  public var id: String
  /// Where it was read from, for diagnostics.
  public var path: String
  public var version: Int
  public var title: String
  public var summary: String
  /// Where the problem comes from (a course assignment, never people's names).
  public var source: String
  /// How each name is shown, as TeX (`a1` → `a^{(1)}`), in file order.
  public var notation: [(name: String, tex: String)]
  /// The given values, in file order.
  public var givens: [Given]
  /// The quantities computed from the givens, in order.
  public var graph: [Definition]
  /// The name of the scalar loss, if the lesson has one.
  public var loss: LessonExpression?
  public var steps: [Step]
  /// How gradient descent trains the lesson's graph (`train:`), if it declares it.
  public var train: Training? = nil

  public static func == (a: Lesson, b: Lesson) -> Bool {
    a.id == b.id && a.path == b.path && a.version == b.version && a.title == b.title
      && a.summary == b.summary && a.source == b.source
      && a.notation.map(\.name) == b.notation.map(\.name)
      && a.notation.map(\.tex) == b.notation.map(\.tex) && a.givens == b.givens
      && a.graph == b.graph && a.loss == b.loss && a.steps == b.steps && a.train == b.train
  }

  /// Whether step `index` asks for a derivative (its `ask` is a `grad` or `jacobian`
  /// call): from the parsed step, never from how its text looks.
  public func asksDerivative(step index: Int) -> Bool {
    guard case .value(let ask) = steps[index].question else { return false }
    return ask.isDerivative
  }

  /// The TeX a name is shown with (its notation, or the name itself).
  public func tex(for name: String) -> String {
    notation.first { $0.name == name }?.tex ?? name
  }
}

/// `train: {parameters: [W1, W2], rate: eta, steps: 100}`: the givens gradient descent
/// updates, its learning rate (an expression of the givens) and how many steps to take.
public struct Training: Equatable, Sendable {
  public var parameters: [String]
  public var rate: LessonExpression
  public var steps: Int
  public var location: SourceLocation

  public init(parameters: [String], rate: LessonExpression, steps: Int, location: SourceLocation) {
    (self.parameters, self.rate, self.steps, self.location) = (parameters, rate, steps, location)
  }
}

/// A given value: an expression (usually a literal) and an optional interval its
/// entries are drawn from for variants.
public struct Given: Equatable, Sendable {
  public var name: String
  public var expression: LessonExpression
  /// Variants draw every entry uniformly from this interval.
  public var range: ClosedRange<Double>?
  /// Variants round each drawn entry to a multiple of this (default 1: whole numbers).
  public var step: Double
  public var location: SourceLocation
  /// Whether the lesson's prose states this value (`fixed: true`): `--set` refuses it.
  public var isFixed = false
}

/// One named quantity of the graph: `name: expression`.
public struct Definition: Equatable, Sendable {
  public var name: String
  public var expression: LessonExpression
  public var location: SourceLocation
}

/// One question of a lesson.
public struct Step: Equatable, Sendable {
  public var id: String
  public var title: String
  /// Prose with inline `$…$` math and `{expr}` placeholders the engine fills.
  public var text: Prose
  /// An optional display-math block (TeX), placeholders allowed.
  public var display: Prose?
  public var question: Question
  public var options: CheckOptions
  /// Progressive hints, shown one at a time.
  public var hints: [Prose]
  public var mistakes: [Mistake]
  /// The worked line shown on reveal and in replay; placeholders filled by the engine.
  /// Every step has one (the loader requires it).
  public var worked: Prose
  public var location: SourceLocation
  /// An expression for the step's learning rate, tried as a factor wrong answers may be off by.
  public var learningRate: LessonExpression?
  /// What an answer may be written with (`accept: numbers` refuses the lesson's names).
  public var accept: Accept = .expressions
  /// The skills the step trains (`skills:`), from ``Skill/all``.
  public var skills: [String] = []

  public init(
    id: String, title: String, text: Prose, display: Prose?, question: Question,
    options: CheckOptions, hints: [Prose], mistakes: [Mistake], worked: Prose,
    location: SourceLocation
  ) {
    (
      self.id, self.title, self.text, self.display, self.question, self.options, self.hints,
      self.mistakes, self.worked, self.location
    ) = (id, title, text, display, question, options, hints, mistakes, worked, location)
  }
}

/// What an answer to a value step may be written with.
public enum Accept: String, Equatable, Sendable, CaseIterable {
  /// Numbers, arithmetic, functions and the names of earlier quantities (the default).
  case expressions
  /// Numbers, arithmetic and functions only: computing the value is the point of the step.
  case numbers
}

/// What a step asks for.
public enum Question: Equatable, Sendable {
  /// A value: the engine value of the expression is the answer.
  case value(LessonExpression)
  /// A formula in the given variables, checked at random points; `agreement` ties it to
  /// the engine (the formula at `at` must equal `value`).
  case formula(reference: LessonExpression, variables: [Formula.Variable], agreement: Agreement?)
  /// A choice among options; exactly one is right.
  case choice([Choice])
}

/// "This formula, with its variables set to these lesson values, equals this engine value."
public struct Agreement: Equatable, Sendable {
  public var value: LessonExpression
  public var bindings: [(name: String, expression: LessonExpression)]

  public static func == (a: Agreement, b: Agreement) -> Bool {
    a.value == b.value && a.bindings.map(\.name) == b.bindings.map(\.name)
      && a.bindings.map(\.expression) == b.bindings.map(\.expression)
  }
}

/// One option of a choice question.
public struct Choice: Equatable, Sendable {
  public var text: Prose
  public var isCorrect: Bool
  public var feedback: Prose?
}

/// A wrong answer the lesson anticipates: an expression (or formula) and what to say.
public struct Mistake: Equatable, Sendable {
  public var answer: LessonExpression
  public var message: Prose
}
