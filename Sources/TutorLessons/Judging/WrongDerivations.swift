import TutorEngine
import TutorMath

/// The lesson's derivation of one step, redone with one catalogued slip (``WrongRules``)
/// at a time: the values a learner following a buggy procedure would give, each with the
/// misconception that produces it (BUGGY, Brown & Burton 1978).
///
/// Only the step's own derivation is changed: for a value, the definitions from the
/// quantities already earned (asked by earlier steps, or given) up to the asked one; for a
/// gradient, the definitions on the path from the quantity differentiated to the nearest
/// gradient already earned (or the loss), slipped in the backward pass only, so every
/// forward value stays right. The step's `ask` itself is changed too (an update's sign,
/// a scale). Computed only when an answer is wrong.
public struct WrongDerivations: Sendable {
  let bound: BoundLesson
  let stepIndex: Int

  public init(_ bound: BoundLesson, step index: Int) {
    self.bound = bound
    stepIndex = index
  }

  /// Every slip's value that differs from the step's answer, in two tiers: the slips
  /// of the step's own derivation (from the quantities already earned), then those of
  /// the whole derivation from the givens (for a learner who worked it out in one go).
  /// A tier is asked only when the one before explains nothing, and is worked out once
  /// however often it is asked (a kept context answers every later wrong answer at once).
  public func tiers() -> [@Sendable () -> [WrongDerivation]] {
    let derivations = self
    let own = Once { derivations.all(wide: false) }
    // The whole derivation only where it reaches further than the step's own part.
    let whole = Once { derivations.reachesFurther ? derivations.all(wide: true) : [] }
    return [{ own() }, { whole() }]
  }

  /// Every slip's value that differs from the step's answer, in catalogue order; `wide`
  /// slips the whole derivation rather than the step's own part of it.
  public func all(wide: Bool = false) -> [WrongDerivation] {
    guard case .value(let ask) = lesson.steps[stepIndex].question, let askExpr = try? ask.expr(),
      case .value(let expected)? = try? bound.expectation(forStep: stepIndex)
    else { return [] }
    let definitions = lesson.graph.compactMap { definition -> (String, Expr)? in
      (try? definition.expression.expr()).map { (definition.name, $0) }
    }
    guard definitions.count == lesson.graph.count else { return [] }
    let facts = self.facts(definitions)
    var results: [WrongDerivation] = []
    func keep(_ value: Tensor?, _ misconception: Misconception) {
      guard let value, value.shape == expected.shape || value.count == expected.count,
        value.scalars.allSatisfy(\.isFinite),
        !Concealment.same(value, expected)
      else { return }
      results.append(WrongDerivation(value, misconception))
    }
    let slipped = plan(askExpr, definitions, wide: wide)
    var seen = Set<Int>()
    for (index, mode) in slipped where seen.insert(index).inserted {
      let (name, expr) = definitions[index]
      for (changed, local) in expr.slips(mode: mode, facts: facts) {
        let misconception = describe(local, in: name, mode: mode, definitions)
        keep(
          evaluate(askExpr, definitions, replacing: index, with: changed, mode: mode),
          misconception)
      }
    }
    // The step's own expression (an update's sign, a dropped learning rate) — unless it
    // only names a quantity, whose definition is slipped above.
    if case .name = askExpr.kind { return results }
    for (changed, local) in askExpr.slips(mode: .forward, facts: facts) {
      var misconception = describe(local, in: nil, mode: .forward, definitions)
      if local.kind == .signError, Self.isUpdate(askExpr) { misconception.kind = .ascent }
      keep(evaluate(changed, definitions, replacing: nil, with: nil, mode: .forward), misconception)
    }
    return results
  }

  var lesson: Lesson { bound.lesson }

  /// The definitions a tier slips, and in which pass.
  func plan(_ ask: Expr, _ definitions: [(String, Expr)], wide: Bool) -> [(
    index: Int, mode: WrongRules.Mode
  )] {
    let gradients = Self.differentiated(ask)
    if gradients.isEmpty {
      let earned = wide ? [] : Set(lesson.steps[..<stepIndex].compactMap(bound.askedName))
      return forwardPath(of: ask.names, definitions, earned: earned).map { ($0, .forward) }
    }
    let earnedGradients =
      wide ? [] : Set(lesson.steps.indices[..<stepIndex].compactMap(bound.askedGradientName))
    return gradients.flatMap {
      backwardPath(from: $0.x, to: $0.f, definitions, earnedGradients: earnedGradients)
    }.map { ($0, .backward) }
  }

  /// Whether the whole derivation has definitions the step's own part does not.
  var reachesFurther: Bool {
    guard case .value(let ask) = lesson.steps[stepIndex].question, let askExpr = try? ask.expr()
    else { return false }
    let definitions = lesson.graph.compactMap { definition -> (String, Expr)? in
      (try? definition.expression.expr()).map { (definition.name, $0) }
    }
    return Set(plan(askExpr, definitions, wide: true).map(\.index))
      != Set(plan(askExpr, definitions, wide: false).map(\.index))
  }

  // MARK: - Which definitions

  /// Whether an ask is a gradient step `w - η * grad(L, w)`: a name minus terms that
  /// differentiate (only then is its flipped sign an ascent).
  static func isUpdate(_ ask: Expr) -> Bool {
    guard case .chain(let first, let links) = ask.kind, case .name = first.kind else {
      return false
    }
    return links.contains { $0.op == .subtract && !differentiated($0.operand).isEmpty }
  }

  /// The `grad(f, x)` and `jacobian(f, x)` calls of an ask, by name.
  static func differentiated(_ expr: Expr) -> [(f: String, x: String)] {
    var found: [(String, String)] = []
    func visit(_ expr: Expr) {
      if case .call(let name, let arguments, _) = expr.kind, name == "grad" || name == "jacobian",
        arguments.count == 2, case .name(let f) = arguments[0].value.kind,
        case .name(let x) = arguments[1].value.kind
      {
        found.append((f, x))
        return
      }
      expr.subexpressions.forEach(visit)
    }
    visit(expr)
    return found
  }

  /// The definitions a value step computes: the asked names' and, through them, every
  /// quantity not earned yet.
  func forwardPath(of names: [String], _ definitions: [(String, Expr)], earned: Set<String>)
    -> [Int]
  {
    var wanted = Set(names)
    var path: [Int] = []
    for index in definitions.indices.reversed() {
      let (name, expr) = definitions[index]
      guard wanted.contains(name) else { continue }
      path.append(index)
      for read in expr.names where !earned.contains(read) { wanted.insert(read) }
    }
    return path.reversed()
  }

  /// The definitions a gradient ∂f/∂x flows back through, from x up to the nearest
  /// quantity whose gradient is earned (or `f`).
  func backwardPath(
    from x: String, to f: String, _ definitions: [(String, Expr)], earnedGradients: Set<String>
  ) -> [Int] {
    var reached: Set<String> = [x]
    var path: [Int] = []
    for (index, (name, expr)) in definitions.enumerated()
    where !reached.isDisjoint(with: expr.names) {
      path.append(index)
      if name != f, !earnedGradients.contains(name) { reached.insert(name) }
    }
    // Only definitions that reach f matter.
    let feeding = ancestors(of: f, definitions)
    return path.filter { feeding.contains(definitions[$0].0) }
  }

  func ancestors(of name: String, _ definitions: [(String, Expr)]) -> Set<String> {
    var result: Set<String> = [name]
    for (defined, expr) in definitions.reversed() where result.contains(defined) {
      result.formUnion(expr.names)
    }
    return result
  }

  // MARK: - What the rules may ask

  func facts(_ definitions: [(String, Expr)]) -> WrongRules.Facts {
    var uses: [String: Int] = [:]
    for (_, expr) in definitions {
      func count(_ expr: Expr) {
        if case .name(let name) = expr.kind { uses[name, default: 0] += 1 }
        expr.subexpressions.forEach(count)
      }
      count(expr)
    }
    let activations = Self.activationInputs(definitions)
    let inputs = Dictionary(definitions.map { ($0.0, $0.1.names) }, uniquingKeysWith: { a, _ in a })
    let bound = self.bound
    let names = bound.names
    // Whether a subexpression is one number, asked once per spelling: evaluating copies
    // the bound graph.
    let scalars = ScalarMemo()
    return WrongRules.Facts(
      isScalar: { expr in
        let key = ExprPrinter.string(expr)
        if let known = scalars.known[key] { return known }
        let answer = (try? bound.evaluate(expr))?.count == 1
        scalars.known[key] = answer
        return answer
      },
      alternatives: { name in
        guard let value = bound.value(of: name) else { return [] }
        var result: [String] = []
        if let input = activations[name] { result.append(input) }
        // What the quantity is computed from, when it has the same shape (X̂ from Xc).
        for input in inputs[name] ?? [] where !result.contains(input) && input != name {
          if bound.value(of: input)?.shape == value.shape { result.append(input) }
        }
        let stem = Self.stem(name)
        for other in names
        where other != name && !result.contains(other) && !stem.isEmpty
          && Self.stem(other) == stem && other.count == name.count
          && bound.value(of: other)?.shape == value.shape
        {
          result.append(other)
        }
        return result
      },
      isShared: { uses[$0, default: 0] > 1 })
  }

  /// For each quantity defined as an activation of a name (`h2 = relu(a2)`), that name.
  static func activationInputs(_ definitions: [(String, Expr)]) -> [String: String] {
    var result: [String: String] = [:]
    for (name, expr) in definitions {
      if case .call(let function, let arguments, _) = expr.kind,
        Self.activations.contains(function), let first = arguments.first,
        case .name(let input) = first.value.kind
      {
        result[name] = input
      }
    }
    return result
  }

  /// The language's names of the activations (``Op/isActivation``).
  static let activations = Set(
    Op.elementwiseFunctions.filter(\.op.isActivation).map(\.name))

  /// A name's letters before its digits and primes (`h` of `h2`, `W` of `W3`).
  static func stem(_ name: String) -> String {
    guard name.contains(where: \.isNumber) else { return "" }
    return String(name.prefix { !$0.isNumber })
  }
}

/// Answers of ``WrongRules/Facts/isScalar`` already computed, by expression text.
final class ScalarMemo {
  var known: [String: Bool] = [:]
}
