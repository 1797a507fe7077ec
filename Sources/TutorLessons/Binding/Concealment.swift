import TutorEngine
import TutorMath

/// Which values the learner may see: a value a step asks for stays hidden (`?`) until
/// that step is solved or revealed. Givens and earned values are shown, and so is any
/// value that coincides with one of them (a hidden 3 is no secret when x = 3 is given).
///
/// Values are compared by their entries, whatever their shape (a row that equals a
/// hidden column gives it away too).
public struct Concealment: Sendable {
  /// A hidden value and the step (0-based) that asks for it.
  struct Hidden: Sendable {
    var value: Tensor
    var step: Int
  }

  let hidden: [Hidden]
  let visible: [Tensor]
  /// Quantities a step still asks for by name (`ask: a1`): hidden by name in the graph
  /// and explore even when their value happens to equal a given.
  let hiddenNames: [String: Int]
  /// Quantities whose loss gradient a step still asks for (`ask: grad(J, W1)`), with the
  /// step.
  let hiddenGradientNames: [String: Int]
  /// The loss's name, to recognise `grad(loss, x)` in a placeholder.
  let loss: String?
  /// The steps whose values are hidden, in order (what a cached rendering depends on).
  public let hiddenSteps: [Int]

  init(
    hidden: [Hidden], visible: [Tensor], hiddenNames: [String: Int] = [:],
    hiddenGradientNames: [String: Int] = [:], loss: String? = nil
  ) {
    (self.loss, self.hidden, self.visible, self.hiddenNames, self.hiddenGradientNames) = (
      loss, hidden, visible, hiddenNames, hiddenGradientNames
    )
    hiddenSteps = Array(Set(hidden.map(\.step))).sorted()
  }

  /// Nothing hidden: replay, handouts, `bptutor values`.
  public static let none = Concealment(hidden: [], visible: [])

  /// The step (0-based) that computes `value`, when the learner has not earned it; nil
  /// when it may be shown.
  public func concealingStep(of value: Tensor) -> Int? {
    guard let match = hidden.first(where: { Self.same($0.value, value) }) else { return nil }
    if visible.contains(where: { Self.same($0, value) }) { return nil }
    return match.step
  }

  /// The step that hides a placeholder. A name a step still asks for (`{h3}`,
  /// `{grad(J, W1)}`) is hidden whatever its number. A formula is shown when its number
  /// is one the learner has (an earned answer such as `{O[1,1]}`, a given), else hidden
  /// when it reads an unearned value (`{p - y}` while `p` is asked). Anything else is
  /// hidden when its number is a hidden one.
  public func concealingStep(of expr: Expr?, _ value: Tensor) -> Int? {
    guard let expr else { return concealingStep(of: value) }
    if case .name = expr.kind { return concealingStep(reading: expr) ?? concealingStep(of: value) }
    if lossGradientName(expr) != nil {
      return concealingStep(reading: expr) ?? concealingStep(of: value)
    }
    if visible.contains(where: { Self.same($0, value) }) { return nil }
    return concealingStep(reading: expr) ?? concealingStep(of: value)
  }

  /// `x` when `expr` is `grad(loss, x)`.
  private func lossGradientName(_ expr: Expr) -> String? {
    guard case .call("grad", let arguments, _) = expr.kind, arguments.count == 2,
      case .name(let of) = arguments[0].value.kind, of == loss,
      case .name(let name) = arguments[1].value.kind
    else { return nil }
    return name
  }

  /// The first step whose unearned value `expr` reads: a quantity a step still asks for,
  /// or one computed from it, named anywhere in it (`{h3}`, `{p - y}`), or such a loss
  /// gradient (`{grad(J, W1)}`); nil when it reads none.
  func concealingStep(reading expr: Expr) -> Int? {
    if case .name(let name) = expr.kind { return hiddenNames[name] }
    if let name = lossGradientName(expr) { return hiddenGradientNames[name] }
    return expr.subexpressions.compactMap(concealingStep(reading:)).min()
  }

  /// Whether `value` may be shown.
  public func shows(_ value: Tensor) -> Bool { concealingStep(of: value) == nil }

  /// Whether quantity `name`'s value may be shown beside its name (graph, explore): not
  /// while a step asks for it, even if the number equals a given's.
  public func showsValue(of name: String, _ value: Tensor) -> Bool {
    hiddenNames[name] == nil && shows(value)
  }

  /// Whether the loss gradient of `name` may be shown beside its name.
  public func showsGradient(of name: String, _ gradient: Tensor) -> Bool {
    hiddenGradientNames[name] == nil && shows(gradient)
  }

  static func same(_ a: Tensor, _ b: Tensor) -> Bool {
    a.count == b.count
      && zip(a.scalars, b.scalars).allSatisfy { x, y in
        x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
      }
  }
}

extension Concealment {
  /// What may be shown of `bound` when the steps in `earned` (0-based) are solved or
  /// revealed.
  ///
  /// Hidden, with the step that asks: each unearned asked value; every quantity computed
  /// from one (``withDependents(of:except:in:)``) and every loss gradient computed from an
  /// unearned asked gradient (``withGradientDependents(of:except:in:)``); and every value
  /// **one operation away** from an unearned asked one (``OneOperation``): the operands
  /// of its definition, the whole of a quantity it is an entry of, its negation, and for
  /// a gradient the gradients of the quantities that use it and of their other operands
  /// (∂L/∂T beside an asked ∂L/∂P when L reads P − T). Givens, the seed ∂L/∂L = 1 and
  /// earned values are never hidden, nor any value equal to one of them.
  public init(_ bound: borrowing BoundLesson, earned: Set<Int>) {
    let lesson = bound.lesson
    var hidden: [Hidden] = []
    var hiddenNames: [String: Int] = [:]
    var hiddenGradients: [String: Int] = [:]
    var visible = lesson.givens.compactMap { bound.givenValues[$0.name] }
    var earnedNames: Set<String> = []
    var earnedGradients: Set<String> = []
    var unearnedAsks: [(ask: OneOperation.Ask, step: Int)] = []
    for (index, value) in bound.askedValues.enumerated() {
      guard let value else { continue }
      let ask = OneOperation.ask(of: lesson.steps[index], loss: lesson.loss?.text, bound.names)
      if earned.contains(index) {
        visible.append(value)
        if let name = bound.askedName(lesson.steps[index]) { earnedNames.insert(name) }
        if let name = bound.askedGradientName(step: index) { earnedGradients.insert(name) }
      } else {
        hidden.append(Hidden(value: value, step: index))
        if let ask { unearnedAsks.append((ask, index)) }
        if let name = bound.askedName(lesson.steps[index]), hiddenNames[name] == nil {
          hiddenNames[name] = index
        }
        if let name = bound.askedGradientName(step: index), hiddenGradients[name] == nil {
          hiddenGradients[name] = index
        }
      }
    }
    let neighbours = OneOperation(
      lesson, asks: unearnedAsks, exceptValues: earnedNames, exceptGradients: earnedGradients)
    var names = Self.withDependents(of: hiddenNames, except: earnedNames, in: lesson)
    var gradients = Self.withGradientDependents(
      of: hiddenGradients, except: earnedGradients, in: lesson)
    // A neighbour equal to a given or an earned value is no secret (∂L/∂Y = G, given).
    let known = visible
    func isKnown(_ value: Tensor?) -> Bool {
      value.map { v in known.contains { Self.same($0, v) } } ?? true
    }
    for (name, step) in neighbours.values.sorted(by: { $0.key < $1.key })
    where !isKnown(bound.value(of: name)) {
      names[name] = min(names[name] ?? step, step)
      if let value = bound.value(of: name) { hidden.append(Hidden(value: value, step: step)) }
    }
    for (name, step) in neighbours.gradients.sorted(by: { $0.key < $1.key })
    where !isKnown(bound.lossGradients[name]) {
      gradients[name] = min(gradients[name] ?? step, step)
      if let gradient = bound.lossGradients[name] {
        hidden.append(Hidden(value: gradient, step: step))
      }
    }
    // A sign flip is one operation: −v gives v away wherever it is printed.
    for entry in hidden where entry.value.scalars.contains(where: { $0 != 0 }) {
      if let negated = try? Tensor(
        shape: entry.value.shape, scalars: entry.value.scalars.map { -$0 })
      {
        hidden.append(Hidden(value: negated, step: entry.step))
      }
    }
    hidden.sort { $0.step < $1.step }
    self.init(
      hidden: hidden, visible: visible, hiddenNames: names, hiddenGradientNames: gradients,
      loss: lesson.loss?.text)
  }
  /// `hidden` and every quantity computed from one of them, through the graph: with
  /// `p` unearned, `r = p − y` would give `p` away (add `y`), so it is hidden too, with
  /// the step that asks for `p`. A quantity in `earned` (asked by a step already solved
  /// or revealed) stays shown.
  static func withDependents(
    of hidden: [String: Int], except earned: Set<String>, in lesson: Lesson
  ) -> [String: Int] {
    guard !hidden.isEmpty else { return hidden }
    var result = hidden
    for definition in lesson.graph
    where result[definition.name] == nil && !earned.contains(definition.name) {
      let steps = definition.expression.names.compactMap { result[$0] }
      if let step = steps.min() { result[definition.name] = step }
    }
    return result
  }

  /// `hidden` and every quantity whose loss gradient is computed from one of them: the
  /// chain rule reaches a quantity's gradient through the gradients of the quantities
  /// that use it, so with `∂J/∂a` unearned, `∂J/∂W` of `a = W x` is hidden too. A
  /// gradient in `earned` stays shown.
  static func withGradientDependents(
    of hidden: [String: Int], except earned: Set<String>, in lesson: Lesson
  ) -> [String: Int] {
    guard !hidden.isEmpty else { return hidden }
    var result = hidden
    for definition in lesson.graph.reversed() {
      guard let step = result[definition.name] else { continue }
      // A gradient a step asks for keeps that step; one reached from several, the first.
      for name in definition.expression.names where hidden[name] == nil && !earned.contains(name) {
        result[name] = min(result[name] ?? step, step)
      }
    }
    return result
  }
}
