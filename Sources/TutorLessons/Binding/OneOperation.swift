import TutorMath

/// The quantities one operation away from the values a step still asks for: showing
/// one of them gives the answer away as surely as showing the answer (issue 21, "one
/// operation away counts as shown").
///
/// An operation here is one definition of the lesson's graph, `name: expression` — one
/// arrow of the graph screen, the unit a step asks the learner to carry out. For an
/// unearned asked value `a` (`ask: a` or an entry `ask: a[i, j]`):
/// - **the whole of it**: `a` itself when only an entry is asked (no operation at all);
/// - **its operands**, when `a`'s definition is a single operation
///   (``Expr/operationCount`` 1): the quantities it reads (`a₂` of `h₂ = tanh(a₂)`, the
///   per-example `ℓ` of `L = mean(ℓ)`), since `a` follows from them by one operation. The
///   operands of a longer definition (`h` of `x̃ = W h + b`, two operations) are what a
///   step gives to ask for it, and stay shown;
/// - quantities computed from `a` are hidden already, and transitively
///   (``Concealment/withDependents(of:except:in:)``).
///
/// For an unearned asked loss gradient `∂L/∂x` (`ask: grad(L, x)`, or an entry of it):
/// - **the gradient of each quantity `c` whose definition reads `x`**: `∂L/∂x` follows
///   from `∂L/∂c` by `c`'s local rule;
/// - **the gradients of `c`'s other operands**: they come from `∂L/∂c` by the same
///   definition's local rule, so one gives the other (`∂L/∂T = −∂L/∂P` for
///   `L = ½ Σ (P − T)²`; `∂L/∂ε = Σ ∂L/∂σ²` for `σ = √(v + ε)`);
/// - gradients computed from `∂L/∂x` are hidden already, and transitively
///   (``Concealment/withGradientDependents(of:except:in:)``).
///
/// Never hidden (the "must not"): a given's value, the seed `∂L/∂L = 1`, and any
/// value or gradient a step the learner solved or revealed asks for.
struct OneOperation {
  /// What a step asks for, as far as the graph goes.
  enum Ask: Equatable {
    /// A quantity, or an entry of it (`whole` when the ask is the quantity itself).
    case value(String, whole: Bool)
    /// The loss gradient of a quantity, or an entry of it.
    case gradient(String, whole: Bool)
  }

  /// Values one operation from an unearned asked value, with the step that asks for it.
  private(set) var values: [String: Int] = [:]
  /// Loss gradients one operation from an unearned asked gradient, likewise.
  private(set) var gradients: [String: Int] = [:]

  /// What `step` asks for in terms of the graph's `names` and `loss`: `a`, `a[i, j]`,
  /// `grad(L, x)` or `grad(L, x)[i]`; nil for anything else (a formula, a choice, an
  /// expression).
  static func ask(of step: Step, loss: String?, _ names: [String]) -> Ask? {
    guard case .value(let ask) = step.question, case .success(let expr) = ask.parsed else {
      return nil
    }
    func gradientOf(_ expr: Expr) -> String? {
      guard case .call("grad", let arguments, _) = expr.kind, arguments.count == 2,
        case .name(let of) = arguments[0].value.kind, of == loss,
        case .name(let name) = arguments[1].value.kind, names.contains(name)
      else { return nil }
      return name
    }
    switch expr.kind {
    case .name(let name) where names.contains(name): return .value(name, whole: true)
    case .call: return gradientOf(expr).map { .gradient($0, whole: true) }
    case .index(let base, _), .slice(let base, _):
      if case .name(let name) = base.kind, names.contains(name) {
        return .value(name, whole: false)
      }
      return gradientOf(base).map { .gradient($0, whole: false) }
    default: return nil
    }
  }

  /// The neighbours of `asks` (each with its step, 0-based) in `lesson`'s graph, leaving
  /// out givens, the loss's own gradient, and the earned names in `exceptValues` and
  /// `exceptGradients`.
  init(
    _ lesson: Lesson, asks: [(ask: Ask, step: Int)], exceptValues: Set<String>,
    exceptGradients: Set<String>
  ) {
    let givens = Set(lesson.givens.map(\.name))
    let loss = lesson.loss?.text
    var reads: [String: [String]] = [:]
    var singleOperation: Set<String> = []
    for definition in lesson.graph {
      reads[definition.name] = definition.expression.names
      if case .success(let expr) = definition.expression.parsed, expr.operationCount == 1 {
        singleOperation.insert(definition.name)
      }
    }
    func hideValue(_ name: String, _ step: Int) {
      guard !givens.contains(name), !exceptValues.contains(name) else { return }
      values[name] = min(values[name] ?? step, step)
    }
    func hideGradient(_ name: String, _ step: Int) {
      guard name != loss, !exceptGradients.contains(name) else { return }
      gradients[name] = min(gradients[name] ?? step, step)
    }
    for (ask, step) in asks {
      switch ask {
      case .value(let name, let whole):
        if !whole { hideValue(name, step) }
        guard singleOperation.contains(name) else { continue }
        for operand in reads[name] ?? [] where operand != name { hideValue(operand, step) }
      case .gradient(let name, let whole):
        if !whole { hideGradient(name, step) }
        for (user, operands) in reads where operands.contains(name) {
          hideGradient(user, step)
          for operand in operands where operand != name { hideGradient(operand, step) }
        }
      }
    }
  }
}
