import TutorEngine
import TutorMath

/// A lesson bound to the engine at one set of givens (its own values, a seeded
/// variant, or values the learner set): every node's value, the loss gradient of every
/// node, and each step's expected answer, all computed live.
///
/// A bound lesson never changes after it is made: new givens make a new one. Its jobs
/// beyond the values and expected answers are types of their own that read it:
/// ``StepChecker`` (the checker's context and verdicts), ``Concealment`` (what may be
/// shown), ``Trainer`` (gradient descent), ``CarryForward`` (the learner's own values
/// standing in); rendering it for a screen is the presenting side's (TutorCore).
public struct BoundLesson: Sendable, Identifiable {
  /// Which binding this is: copies share it, every binding gets a new one, so what is
  /// derived from a binding can be remembered under it (the presenter's rendered prose).
  public let id = Identity()
  public let lesson: Lesson
  /// 0 for the lesson's own values; N > 0 for the N-th seeded variant.
  public let variant: Int
  /// Givens set by expression (`--set x=2`, `:set x = 2`), by name.
  public let overrides: [String: String]
  /// The evaluator holding the graph; lesson-only forms (`grad`, `jacobian`) allowed.
  public private(set) var evaluator: Evaluator
  /// The value of each given, by name.
  public private(set) var givenValues: [String: Tensor] = [:]
  /// The loss node, when the lesson has a loss.
  public private(set) var lossNode: Graph.NodeID?
  /// ∂loss/∂name for every given and graph quantity, when the lesson has a loss.
  public private(set) var lossGradients: [String: Tensor] = [:]
  /// The names of givens and graph quantities, in file order.
  public let names: [String]
  /// The value each step asks for (nil for formula and choice steps, or one that cannot
  /// be computed), by step index: what ``Concealment`` hides until it is earned.
  public private(set) var askedValues: [Tensor?] = []

  /// Binds `lesson` at givens already drawn for `variant` (``Variants/givens(of:variant:)``;
  /// `init(lesson:variant:overrides:)` draws them), with some givens overridden by
  /// expressions (`--set x=2`); every problem becomes a diagnostic at its place in the file.
  public init(
    lesson: Lesson, variant: Int, drawn: [String: Tensor], overrides: [String: String] = [:]
  ) throws(LessonErrors) {
    (self.lesson, self.variant, self.overrides) = (lesson, variant, overrides)
    names = lesson.givens.map(\.name) + lesson.graph.map(\.name)
    evaluator = Evaluator()
    var problems: [LessonDiagnostic] = []

    for name in overrides.keys.sorted() where !lesson.givens.contains(where: { $0.name == name }) {
      let note =
        Suggestion.didYouMean(name, among: lesson.givens.map(\.name))
        ?? "the givens are " + lesson.givens.map(\.name).joined(separator: ", ")
      let computed = lesson.graph.contains { $0.name == name }
      problems.append(
        LessonDiagnostic(
          path: lesson.path, at: nil,
          computed
            ? "`\(name)` is computed from the givens; only givens can be set"
            : "`\(name)` is not a given of \(lesson.id)", note: computed ? nil : note))
    }
    for given in lesson.givens where given.isFixed && overrides[given.name] != nil {
      problems.append(
        LessonDiagnostic(
          path: lesson.path, at: given.location, length: given.name.count,
          "\(given.name) is fixed in this lesson",
          note: "the lesson is written for \(given.name) = \(given.expression.text)"))
    }
    if !problems.isEmpty { throw LessonErrors(problems) }

    // Overridden givens, and the givens computed from them (drawn ones stay drawn).
    var values = drawn
    if !overrides.isEmpty {
      let fixed = Set(variant > 0 ? lesson.givens.filter { $0.range != nil }.map(\.name) : [])
      try GivenValues.recomputeDependents(lesson, &values, keeping: fixed) {
        (given, scratch) throws(LessonErrors) -> Tensor? in
        guard let text = overrides[given.name] else { return nil }
        let value = drawn[given.name] ?? Tensor(0)
        let overridden: Tensor
        do throws(MathError) {
          let id = try scratch.evaluate(text)
          overridden = scratch.value(of: id)
        } catch {
          throw LessonErrors([
            LessonDiagnostic(
              path: lesson.path, at: nil, "--set \(given.name): " + error.annotated(source: text))
          ])
        }
        guard overridden.shape == value.shape || (overridden.count == 1 && value.count == 1)
        else {
          throw LessonErrors([
            LessonDiagnostic(
              path: lesson.path, at: given.location,
              "--set \(given.name): expected a \(value.shape.shapeDescription) value, got "
                + overridden.shape.shapeDescription)
          ])
        }
        return value.withScalars(overridden.scalars)
      }
    }
    // A given computed from other givens (`X: '[x1, x2]'`) is a node of the graph, so
    // gradients flow through it to them; set or drawn, it is a leaf of its own value.
    let drawnNames = Set(variant > 0 ? lesson.givens.filter { $0.range != nil }.map(\.name) : [])
    for given in lesson.givens {
      let value = values[given.name] ?? Tensor(0)
      if overrides[given.name] == nil, !drawnNames.contains(given.name),
        let expr = GivenValues.dependentExpression(of: given, in: lesson)
      {
        do {
          try evaluator.define(given.name, as: expr, source: given.expression.text)
        } catch {
          throw LessonErrors([
            Self.diagnostic(
              error, in: given.expression.source, path: lesson.path,
              context: "in the given `\(given.name)`")
          ])
        }
        givenValues[given.name] = evaluator.bindings[given.name].map { evaluator.value(of: $0) }
        continue
      }
      givenValues[given.name] = value
      do throws(EngineError) {
        let id = try evaluator.graph.input(value, name: given.name)
        evaluator.bind(given.name, to: id)
      } catch {
        throw LessonErrors([
          LessonDiagnostic(path: lesson.path, at: given.location, error.description)
        ])
      }
    }
    // Quantities that failed, and those computed from them: a failure is reported where
    // it happens, not again as a follow-on (a shape error from a placeholder).
    var failed: Set<String> = []
    for definition in lesson.graph {
      if definition.expression.names.contains(where: failed.contains) {
        failed.insert(definition.name)
        if let id = try? evaluator.graph.constant(Tensor(0)) {
          evaluator.bind(definition.name, to: id)
        }
        continue
      }
      do {
        let expr = try definition.expression.expr()
        try evaluator.define(definition.name, as: expr, source: definition.expression.text)
      } catch {
        failed.insert(definition.name)
        problems.append(
          Self.diagnostic(
            error, in: definition.expression.source, path: lesson.path,
            context: "in `\(definition.name)`", lesson: lesson, defining: definition.name))
        // Keep going with a placeholder so later errors are still found.
        if let id = try? evaluator.graph.constant(Tensor(0)) {
          evaluator.bind(definition.name, to: id)
        }
      }
    }
    if !problems.isEmpty { throw LessonErrors(problems) }
    if let loss = lesson.loss {
      do {
        let id = try evaluator.evaluate(try loss.expr(), source: loss.text)
        guard evaluator.value(of: id).isScalarLike else {
          throw MathError(
            .shape,
            "the loss must be a scalar; `\(loss.text)` is "
              + evaluator.value(of: id).shape.shapeDescription, at: SourceRange(0, loss.text.count))
        }
        lossNode = id
        let targets = names.compactMap { evaluator.bindings[$0] }
        let gradients = try evaluator.graph.gradients(of: id, withRespectTo: targets)
        for (name, gradient) in zip(names, gradients) { lossGradients[name] = gradient }
      } catch let error as MathError {
        throw LessonErrors([
          Self.diagnostic(error, in: loss.source, path: lesson.path, context: "in `loss`")
        ])
      } catch {
        throw LessonErrors([
          LessonDiagnostic(path: lesson.path, at: loss.location, "in `loss`: \(error)")
        ])
      }
    }
    askedValues = lesson.steps.map { step in
      guard case .value(let ask) = step.question else { return nil }
      return try? evaluate(ask, context: "ask")
    }
  }

  // MARK: - Values

  /// The current value of a given or graph quantity.
  public func value(of name: String) -> Tensor? {
    evaluator.bindings[name].map { evaluator.value(of: $0) }
  }

  /// Parses and evaluates typed text (lesson-only forms allowed) against the bound
  /// values: for what a person types (explore, benchmarks), never for lesson text.
  public func evaluate(_ text: String) throws(MathError) -> Tensor {
    var scratch = evaluator
    let id = try scratch.evaluate(text)
    return scratch.value(of: id)
  }

  /// Evaluates a parsed expression against the bound values.
  public func evaluate(_ expr: Expr, source: String? = nil) throws(MathError) -> Tensor {
    var scratch = evaluator
    let id = try scratch.evaluate(expr, source: source)
    return scratch.value(of: id)
  }

  /// Evaluates an expression of the lesson file (parsed at load), reporting errors at
  /// its place there.
  public func evaluate(_ expression: LessonExpression, context: String) throws(LessonErrors)
    -> Tensor
  {
    do {
      return try evaluate(try expression.expr(), source: expression.text)
    } catch {
      throw LessonErrors([
        Self.diagnostic(error, in: expression.source, path: lesson.path, context: context)
      ])
    }
  }

  /// The TeX of ∂loss/∂name, for labels and prose.
  public func gradientTeX(of name: String) -> String? {
    guard let loss = lesson.loss else { return nil }
    return "\\partial \(lesson.tex(for: loss.text))/\\partial \(lesson.tex(for: name))"
  }

  // MARK: - Diagnostics

  /// A math error inside a lesson expression, at its file position.
  static func diagnostic(
    _ error: MathError, in located: Located, path: String, context: String,
    lesson: Lesson? = nil, defining: String? = nil
  ) -> LessonDiagnostic {
    let range = error.range ?? SourceRange(0, located.text.count)
    let start = located.location(ofOffset: range.lowerBound)
    var message = "\(context): \(error.message)"
    var note = error.note
    if error.kind == .unknownName, let lesson, let defining, let range = error.range {
      let name = String(
        Array(located.text)[range.lowerBound..<min(range.upperBound, located.text.count)])
      if let later = lesson.graph.firstIndex(where: { $0.name == name }) {
        if Self.dependsOn(lesson: lesson, name, defining) {
          message = "\(context): cycle: `\(defining)` uses `\(name)`, which uses `\(defining)`"
          note = "a lesson graph is computed in order and cannot refer to itself"
        } else {
          message = "\(context): `\(name)` is used before it is defined"
          note = "move `\(name)` (line \(lesson.graph[later].location.line)) above `\(defining)`"
        }
      }
    }
    return LessonDiagnostic(
      path: path, at: start, length: max(1, range.count), message, note: note,
      sourceLine: nil)
  }

  /// Whether the definition of `name` (transitively) reads `target`.
  static func dependsOn(lesson: Lesson, _ name: String, _ target: String) -> Bool {
    var stack = [name]
    var seen: Set<String> = []
    while let current = stack.popLast() {
      guard seen.insert(current).inserted,
        let definition = lesson.graph.first(where: { $0.name == current })
      else { continue }
      let used = definition.expression.names
      if used.contains(target) { return true }
      stack += used
    }
    return false
  }
}

extension BoundLesson {
  /// The identity of one binding: an object with no state, equal only to itself. What
  /// is remembered under it keeps it alive, so a later binding never reuses its address.
  public final class Identity: Hashable, Sendable {
    init() {}

    public static func == (a: Identity, b: Identity) -> Bool { a === b }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(ObjectIdentifier(self))
    }
  }
}

/// Several diagnostics thrown together.
public struct LessonErrors: Error, Sendable {
  public var diagnostics: [LessonDiagnostic]
  public init(_ diagnostics: [LessonDiagnostic]) { self.diagnostics = diagnostics }
}

extension Tensor {
  /// The same shape with other scalars (counts must match).
  func withScalars(_ scalars: [Double]) -> Tensor {
    (try? Tensor(shape: shape, scalars: scalars)) ?? self
  }
}
