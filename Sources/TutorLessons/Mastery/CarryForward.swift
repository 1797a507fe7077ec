import TutorEngine
import TutorMath

/// Carry-forward grading on a bound lesson: the value a step expects when the learner's
/// own earlier answers stand in for the engine's, and which answers it rests on.
public struct CarryForward: Sendable {
  /// The lesson graded, at its givens.
  public let bound: BoundLesson

  public init(_ bound: BoundLesson) {
    self.bound = bound
  }

  var lesson: Lesson { bound.lesson }

  /// What step `index` asks for, when the learner's answer to it can stand in for a
  /// quantity: its `ask` is a name (`a1`: a value) or `grad(loss, name)` (a gradient).
  public func carriedQuantity(ofStep index: Int) -> (name: String, isGradient: Bool)? {
    let step = lesson.steps[index]
    if let name = bound.askedName(step) { return (name, false) }
    guard let name = lossGradientName(step) else { return nil }
    return (name, true)
  }

  /// `x` when step asks `grad(loss, x)` for a quantity `x` of the lesson.
  func lossGradientName(_ step: Step) -> String? {
    guard case .value(let ask) = step.question, case .success(let expr) = ask.parsed,
      case .call("grad", let arguments, _) = expr.kind, arguments.count == 2,
      case .name(let of) = arguments[0].value.kind, of == lesson.loss?.text,
      case .name(let name) = arguments[1].value.kind, bound.names.contains(name)
    else { return nil }
    return name
  }

  /// The learner's values by the node they stand for, each shaped like the node's value.
  private func byNode(_ entries: [String: LearnerValues.Entry]) -> [Graph.NodeID: Tensor] {
    var result: [Graph.NodeID: Tensor] = [:]
    for (name, entry) in entries {
      guard let id = bound.evaluator.bindings[name],
        let value = Self.shaped(entry.value, like: bound.evaluator.value(of: id))
      else { continue }
      result[id] = value
    }
    return result
  }

  /// The value step `index` expects when the learner's values stand in for the engine's:
  /// forward, every quantity in `learner.values` is replaced and everything after it
  /// recomputed; backward, backpropagation continues from the learner's gradient wherever
  /// they gave one (``Graph/gradients(of:withRespectTo:continuing:)``). The engine
  /// recomputes everything; nil for formula and choice steps, or when it cannot.
  public func carriedExpectation(forStep index: Int, learner: LearnerValues) -> Tensor? {
    guard case .value(let ask) = lesson.steps[index].question, let expr = try? ask.expr() else {
      return nil
    }
    var scratch = bound.evaluator
    do {
      try scratch.graph.reevaluate(substituting: byNode(learner.values))
    } catch {
      return nil
    }
    let continuing = byNode(learner.gradients)
    // `grad(loss, x)` in the ask becomes the carried gradient, bound under a name no
    // lesson can spell.
    let rewritten = rewriteGradients(expr) { name in
      guard let lossNode = bound.lossNode, let id = scratch.bindings[name],
        let gradient = try? scratch.graph.gradients(
          of: lossNode, withRespectTo: [id], continuing: continuing
        ).first,
        (try? scratch.bindConstant(Self.carriedName(name), gradient)) != nil
      else { return false }
      return true
    }
    guard let id = try? scratch.evaluate(rewritten, source: ask.text) else { return nil }
    return scratch.value(of: id)
  }

  /// The name a carried gradient is bound under while an ask is evaluated.
  static func carriedName(_ name: String) -> String { "∂carried·" + name }

  /// `expr` with each `grad(loss, name)` whose gradient `bind` could bind replaced by its
  /// carried name.
  private func rewriteGradients(_ expr: Expr, bind: (String) -> Bool) -> Expr {
    func visit(_ expr: Expr) -> Expr {
      var result = expr
      switch expr.kind {
      case .number, .name: break
      case .call("grad", let arguments, _)
      where arguments.count == 2 && arguments[0].value.kind == .name(lesson.loss?.text ?? ""):
        if case .name(let name) = arguments[1].value.kind, bind(name) {
          result.kind = .name(Self.carriedName(name))
        }
      case .negate(let a): result.kind = .negate(visit(a))
      case .transpose(let a): result.kind = .transpose(visit(a))
      case .chain(let first, let links):
        result.kind = .chain(
          visit(first),
          links.map { link in
            var copy = link
            copy.operand = visit(link.operand)
            return copy
          })
      case .power(let a, let b): result.kind = .power(visit(a), visit(b))
      case .index(let a, let indices): result.kind = .index(visit(a), indices.map(visit))
      case .slice(let a, let subscripts): result.kind = .slice(visit(a), subscripts)
      case .call(let name, let arguments, let range):
        result.kind = .call(
          name,
          arguments.map { argument in
            var copy = argument
            copy.value = visit(argument.value)
            return copy
          },
          nameRange: range)
      case .matrix(let rows, let nested):
        result.kind = .matrix(rows.map { $0.map(visit) }, nestedList: nested)
      }
      return result
    }
    return visit(expr)
  }

  /// `value` in the shape of `like` (a row given for a column), when the counts agree.
  static func shaped(_ value: Tensor, like: Tensor) -> Tensor? {
    if value.shape == like.shape { return value }
    guard value.count == like.count else { return nil }
    return try? Tensor(shape: like.shape, scalars: value.scalars)
  }

  /// The steps whose learner values step `index`'s expected value rests on, nearest
  /// first: walking back from what the step reads (forward: the quantities its `ask`
  /// reads and what they are computed from; backward: the quantities a gradient passes
  /// through on its way from the loss and the values their rules read), stopping at each
  /// quantity the learner answered. Only answers that were not right are listed, unless
  /// `including` says which else to list (``carriedSources(step:learner:)``).
  public func carriedFrom(
    step index: Int, learner: LearnerValues,
    including: (LearnerValues.Entry) -> Bool = { !$0.isRight }
  ) -> [String] {
    guard case .value(let ask) = lesson.steps[index].question else { return [] }
    var found: [String] = []
    var seenValues: Set<String> = []
    var seenGradients: Set<String> = []
    let definitions = Dictionary(
      lesson.graph.map { ($0.name, $0.expression.names) }, uniquingKeysWith: { a, _ in a })
    let lossName = lesson.loss?.text

    func note(_ entry: LearnerValues.Entry) {
      if including(entry), !found.contains(entry.step) { found.append(entry.step) }
    }
    func value(_ name: String) {
      guard seenValues.insert(name).inserted else { return }
      if let entry = learner.values[name] { return note(entry) }
      for used in definitions[name] ?? [] { value(used) }
    }
    func gradient(_ name: String) {
      guard seenGradients.insert(name).inserted, name != lossName else { return }
      if let entry = learner.gradients[name] { return note(entry) }
      // Every quantity that reads `name` passes the gradient back to it.
      for (consumer, uses) in definitions where uses.contains(name) {
        gradient(consumer)
        for used in uses { value(used) }
      }
    }
    if let expr = try? ask.expr() {
      visitGradients(expr, loss: lossName) { gradient($0) }
    }
    if let expr = try? ask.expr() {
      // The values it reads outside `grad(loss, ·)`.
      for name in rewriteGradients(expr, bind: { _ in true }).names { value(name) }
    }
    return found
  }

  /// Calls `body` with `x` for each `grad(loss, x)` in `expr`.
  private func visitGradients(_ expr: Expr, loss: String?, _ body: (String) -> Void) {
    switch expr.kind {
    case .call("grad", let arguments, _)
    where arguments.count == 2 && arguments[0].value.kind == .name(loss ?? ""):
      if case .name(let name) = arguments[1].value.kind { body(name) }
    case .call(_, let arguments, _):
      for argument in arguments { visitGradients(argument.value, loss: loss, body) }
    case .negate(let a), .transpose(let a): visitGradients(a, loss: loss, body)
    case .chain(let first, let links):
      visitGradients(first, loss: loss, body)
      for link in links { visitGradients(link.operand, loss: loss, body) }
    case .power(let a, let b):
      visitGradients(a, loss: loss, body)
      visitGradients(b, loss: loss, body)
    case .index(let a, _), .slice(let a, _): visitGradients(a, loss: loss, body)
    case .matrix(let rows, _):
      for row in rows { for item in row { visitGradients(item, loss: loss, body) } }
    case .number, .name: break
    }
  }
}
