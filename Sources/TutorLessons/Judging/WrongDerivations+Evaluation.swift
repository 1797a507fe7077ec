import TutorEngine
import TutorMath

extension WrongDerivations {
  /// The step's `ask` evaluated on a copy of the lesson's graph whose definition `index`
  /// is `changed`: in the forward pass as it is; in the backward pass as
  /// `value + changed − stop(changed)`, so the value stays right and the derivative is
  /// `changed`'s. Nil when the slipped derivation cannot be computed.
  func evaluate(
    _ ask: Expr, _ definitions: [(String, Expr)], replacing index: Int?, with changed: Expr?,
    mode: WrongRules.Mode
  ) -> Tensor? {
    var evaluator = Evaluator(options: bound.evaluator.options)
    var hidden = 0
    func hiddenName() -> String {
      hidden += 1
      return "·\(hidden)"
    }
    do {
      for given in lesson.givens {
        guard let value = bound.givenValues[given.name] else { return nil }
        try evaluator.bindInput(given.name, value)
      }
      let needed = needed(by: ask, definitions)
      for (position, (name, expr)) in definitions.enumerated() where needed.contains(name) {
        guard position == index, let changed else {
          try evaluator.define(name, as: expr)
          continue
        }
        let resolved = try resolve(changed, in: &evaluator, hiddenName)
        switch mode {
        case .forward:
          try evaluator.define(name, as: resolved)
        case .backward:
          guard let original = bound.value(of: name) else { return nil }
          let slipped = try evaluator.evaluate(resolved)
          let slippedValue = evaluator.value(of: slipped)
          guard slippedValue.shape == original.shape else { return nil }
          let (a, b, c) = (hiddenName(), hiddenName(), hiddenName())
          try evaluator.bindConstant(a, original)
          evaluator.bind(b, to: slipped)
          try evaluator.bindConstant(c, slippedValue)
          let range = expr.range
          let sum = Expr.chain(
            Expr(.name(a), range),
            [(.add, Expr(.name(b), range)), (.subtract, Expr(.name(c), range))],
            at: range)
          try evaluator.define(name, as: sum)
        }
      }
      let resolvedAsk = try resolve(ask, in: &evaluator, hiddenName)
      let id = try evaluator.evaluate(resolvedAsk)
      return evaluator.value(of: id)
    } catch {
      return nil
    }
  }

  /// The quantities `ask` reads, directly or through other definitions (the others need
  /// not be computed).
  func needed(by ask: Expr, _ definitions: [(String, Expr)]) -> Set<String> {
    var result = Set(ask.names)
    for (name, expr) in definitions.reversed() where result.contains(name) {
      result.formUnion(expr.names)
    }
    return result
  }

  /// `expr` with the rules' own functions computed: `·stop(x)` becomes x's value in the
  /// lesson (a constant), `·rot180(K)` K rotated by 180°, `·bessel(…)` a mean or
  /// variance times N/(N − 1).
  func resolve(
    _ expr: Expr, in evaluator: inout Evaluator, _ hiddenName: () -> String
  ) throws -> Expr {
    var copy = expr
    for (index, child) in expr.subexpressions.enumerated() {
      let resolved = try resolve(child, in: &evaluator, hiddenName)
      if resolved != child { copy = copy.replacingSubexpression(index, with: resolved) }
    }
    guard case .call(let function, let arguments, _) = copy.kind,
      function.hasPrefix("·"), let first = arguments.first?.value
    else { return copy }
    switch function {
    case WrongRules.stopFunction:
      let name = hiddenName()
      try evaluator.bindConstant(name, try bound.evaluate(first))
      return Expr(.name(name), expr.range)
    case WrongRules.rotateFunction:
      let name = hiddenName()
      let id = try evaluator.evaluate(first)
      guard let rotated = Self.rotated(evaluator.value(of: id)) else {
        throw Unresolvable()
      }
      try evaluator.bindConstant(name, rotated)
      return Expr(.name(name), expr.range)
    case WrongRules.overwriteFunction:
      // lookup(E, ids) row by row, a repeated id's earlier rows held constant.
      guard arguments.count == 2 else { return copy }
      let idsNode = try evaluator.evaluate(arguments[1].value)
      let ids = evaluator.value(of: idsNode).scalars
      let table = arguments[0].value
      var rows: [Expr] = []
      for (position, id) in ids.enumerated() {
        let row = Expr.call("lookup", [table, Expr(.number(id), expr.range)], at: expr.range)
        if ids[(position + 1)...].contains(id) {
          let name = hiddenName()
          try evaluator.bindConstant(name, try bound.evaluate(row))
          rows.append(Expr(.name(name), expr.range))
        } else {
          rows.append(row)
        }
      }
      return Expr.call("concat", rows, at: expr.range)
    case WrongRules.besselFunction:
      // mean(X, dim = d) or var(…): N entries averaged, from the shape of what is averaged.
      let averaged: Expr
      let statistic: Expr
      if case .call("var", let inner, _) = first.kind, let x = inner.first?.value {
        averaged = x
        statistic = first
        let n = try count(averaged, inner, in: &evaluator)
        return scaled(statistic, n)
      }
      averaged = first
      statistic = Expr(.call("mean", arguments, nameRange: expr.range), expr.range)
      let n = try count(averaged, arguments, in: &evaluator)
      return scaled(statistic, n)
    default:
      return copy
    }
  }

  /// How many entries a reduction with `arguments` averages over `averaged`.
  private func count(
    _ averaged: Expr, _ arguments: [Expr.Argument], in evaluator: inout Evaluator
  ) throws -> Double {
    let id = try evaluator.evaluate(averaged)
    let value = evaluator.value(of: id)
    if let dim = arguments.first(where: { $0.label == "dim" }),
      case .number(let d) = dim.value.kind, value.rank == 2
    {
      return Double(value.shape[Int(d) - 1])
    }
    return Double(value.count)
  }

  private func scaled(_ statistic: Expr, _ n: Double) -> Expr {
    guard n > 1 else { return statistic }
    let range = statistic.range
    return Expr.chain(statistic, [(.multiply, Expr(.number(n / (n - 1)), range))], at: range)
  }

  /// A kernel rotated by 180° in its last two dimensions.
  static func rotated(_ kernel: Tensor) -> Tensor? {
    guard kernel.rank >= 2 else { return nil }
    let rows = kernel.shape[kernel.rank - 2]
    let columns = kernel.shape[kernel.rank - 1]
    let plane = rows * columns
    var scalars = kernel.scalars
    for start in stride(from: 0, to: scalars.count, by: plane) {
      for offset in 0..<plane {
        scalars[start + offset] = kernel.scalars[start + plane - 1 - offset]
      }
    }
    return try? Tensor(shape: kernel.shape, scalars: scalars)
  }
}

/// A rule's function that cannot be computed here (a kernel of rank below 2).
struct Unresolvable: Error {}
