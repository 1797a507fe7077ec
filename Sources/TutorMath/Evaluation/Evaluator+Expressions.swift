import TutorEngine

extension Evaluator {
  /// The node computing `expr`, built into ``graph``.
  mutating func node(for expr: Expr) throws(MathError) -> Graph.NodeID {
    let id: Graph.NodeID
    switch expr.kind {
    case .number(let value):
      id = try Self.engine(expr.range) { () throws(EngineError) in
        try graph.constant(Tensor(value))
      }
    case .name(let name):
      return try resolve(name, at: expr.range)
    case .negate(let operand):
      let a = try node(for: operand)
      id = try Self.engine(expr.range) { () throws(EngineError) in try graph.unary(.negate, a) }
    case .chain(let first, let links):
      var accumulated = try node(for: first)
      var range = first.range
      for link in links {
        let operand = try node(for: link.operand)
        range = range.union(link.operand.range)
        let lhs = accumulated
        accumulated = try Self.engine(range, quoting: text(range)) {
          () throws(EngineError) -> Graph.NodeID in
          switch link.op {
          case .add: return try graph.add(lhs, operand)
          case .subtract: return try graph.subtract(lhs, operand)
          case .multiply: return try graph.multiply(lhs, operand)
          case .divide: return try graph.divide(lhs, operand)
          case .matmul: return try graph.matmul(lhs, operand)
          }
        }
        try checkFinite(accumulated, Expr(expr.kind, range), divisor: link.op == .divide)
      }
      return accumulated
    case .power(let base, let exponent):
      let a = try node(for: base)
      let b = try node(for: exponent)
      id = try Self.engine(expr.range, quoting: text(expr.range)) { () throws(EngineError) in
        try graph.power(a, b)
      }
    case .transpose(let operand):
      let a = try node(for: operand)
      id = try Self.engine(expr.range, quoting: text(expr.range)) { () throws(EngineError) in
        try graph.unary(.transpose, a)
      }
    case .index(let base, let indices):
      id = try index(base, indices, range: expr.range)
    case .slice(let base, let subscripts):
      id = try slice(base, subscripts, range: expr.range)
    case .call(let name, let arguments, let nameRange):
      id = try call(name, arguments, nameRange: nameRange, range: expr.range)
    case .matrix(let rows, let nestedList):
      id = try matrix(rows, nestedList: nestedList, range: expr.range)
    }
    try checkFinite(id, expr, divisor: false)
    return id
  }

  // MARK: - Names

  private func resolve(_ name: String, at range: SourceRange) throws(MathError) -> Graph.NodeID {
    if let reason = options.forbiddenNames[name] {
      throw MathError(.notAllowed, reason, at: range)
    }
    if let id = bindings[name] { return id }
    for (alias, spelled) in options.nameAliases {
      let other = name == alias ? spelled : (name == spelled ? alias : nil)
      guard let other else { continue }
      if let reason = options.forbiddenNames[other] {
        throw MathError(.notAllowed, reason, at: range)
      }
      if let id = bindings[other] { return id }
    }
    if Self.functionNames.contains(name) || options.functionAliases[name] != nil {
      throw MathError(
        .syntax, "`\(name)` is a function; call it with parentheses, like `\(name)(x)`", at: range)
    }
    throw MathError(
      .unknownName, "unknown name `\(name)`", at: range,
      note: Suggestion.didYouMean(name, among: knownNames) ?? namesHere)
  }

  /// Without a near miss to suggest, the names that can be used (when they are few).
  private var namesHere: String? {
    let names = bindings.keys.filter { options.forbiddenNames[$0] == nil }.sorted()
    guard !names.isEmpty else { return "no names are defined here; type numbers" }
    guard names.count <= 12 else { return nil }
    return "the names you can use here: " + names.joined(separator: ", ")
  }

  /// Every name an expression could use here, for suggestions.
  var knownNames: [String] {
    var names = Array(bindings.keys)
    for (alias, spelled) in options.nameAliases {
      if bindings[alias] != nil { names.append(spelled) }
      if bindings[spelled] != nil { names.append(alias) }
    }
    return names.filter { options.forbiddenNames[$0] == nil }
  }

  // MARK: - Indexing

  private mutating func index(_ base: Expr, _ indices: [Expr], range: SourceRange)
    throws(MathError) -> Graph.NodeID
  {
    let a = try node(for: base)
    var position: [Int] = []
    for index in indices {
      position.append(try integer(index, what: "an index", minimum: 1))
    }
    let shape = value(of: a).shape
    let fits: Bool
    switch (shape.count, position.count) {
    case (2, 1) where shape[0] == 1 || shape[1] == 1: fits = position[0] <= shape[0] * shape[1]
    case (1, 1): fits = position[0] <= shape[0]
    default:
      fits = shape.count == position.count && zip(position, shape).allSatisfy { $0 <= $1 }
    }
    guard fits else {
      let list = position.map(String.init).joined(separator: ", ")
      throw MathError(
        .evaluation,
        "[\(list)] is outside a \(shape.shapeDescription) value",
        at: range, note: "indices are 1-based: \(Self.indexHint(for: shape))")
    }
    return try Self.engine(range, quoting: text(range)) { () throws(EngineError) in
      try graph.pick(a, position)
    }
  }

  private static func indexHint(for shape: [Int]) -> String {
    switch shape.count {
    case 0: return "a scalar cannot be indexed"
    case 2 where shape[0] == 1 || shape[1] == 1: return "use 1…\(shape[0] * shape[1])"
    case 2: return "rows 1…\(shape[0]), columns 1…\(shape[1])"
    default: return "each index from 1 to its extent"
    }
  }

  /// Evaluates `expr`, which must be an integer ≥ `minimum` (an index, a size, a stride).
  mutating func integer(_ expr: Expr, what: String, minimum: Int) throws(MathError) -> Int {
    let id = try node(for: expr)
    let tensor = value(of: id)
    guard let scalar = tensor.scalarValue, scalar == scalar.rounded(), abs(scalar) < 1e9,
      Int(scalar) >= minimum
    else {
      let shown =
        tensor.scalarValue.map { NumberFormat.string($0) }
        ?? "a \(tensor.shape.shapeDescription) value"
      let tooLarge = tensor.scalarValue.map { abs($0) >= 1e9 && $0 == $0.rounded() } ?? false
      throw MathError(
        .evaluation,
        tooLarge
          ? "\(what) is too large: \(shown)"
          : "\(what) must be a whole number ≥ \(minimum), not \(shown)", at: expr.range)
    }
    return Int(scalar)
  }

  // MARK: - Finiteness and engine errors

  private func checkFinite(_ id: Graph.NodeID, _ expr: Expr, divisor: Bool) throws(MathError) {
    guard options.requiresFinite else { return }
    let tensor = value(of: id)
    guard !tensor.isFinite else { return }
    let quoted = text(expr.range).map { "`\($0)`" } ?? "this"
    let why: String
    if tensor.scalars.contains(where: \.isNaN) {
      why = "is not a number (0/0, or a log or square root of a negative?)"
    } else if divisor {
      why = "is infinite (a division by zero?)"
    } else {
      why = "is infinite (too large for a Double, or log(0))"
    }
    throw MathError(.notFinite, "\(quoted) \(why)", at: expr.range)
  }

  /// The source text of `range`, when known and short enough to quote.
  func text(_ range: SourceRange) -> String? {
    guard range.upperBound <= source.count, range.count > 0, range.count <= 40 else { return nil }
    return String(source[range.lowerBound..<range.upperBound])
  }

  /// Runs engine work, turning its errors into ``MathError``s at `range`.
  /// The quoted text is only built when there is an error to report.
  static func engine<T>(
    _ range: SourceRange?, quoting quoted: @autoclosure () -> String? = nil,
    _ body: () throws(EngineError) -> T
  ) throws(MathError) -> T {
    do {
      return try body()
    } catch {
      throw mathError(error, at: range, quoting: quoted())
    }
  }

  static func mathError(_ error: EngineError, at range: SourceRange?, quoting quoted: String?)
    -> MathError
  {
    let subject = quoted.map { " in `\($0)`" } ?? ""
    switch error {
    case .shapeMismatch(let op, let lhs, let rhs):
      var note: String?
      let isProduct = op.contains("@") || op.contains("matmul")
      if isProduct, lhs.count == 2, rhs.count == 2, lhs[1] != rhs[0] {
        note =
          "`@` needs the columns of the left (\(lhs[1])) to equal the rows of the right (\(rhs[0]))"
      } else if !isProduct {
        note = "element-wise operands need equal shapes, a scalar, or a row/column to broadcast"
      }
      return MathError(
        .shape,
        "shape mismatch\(subject): \(lhs.shapeDescription) and \(rhs.shapeDescription) do not fit",
        at: range, note: note)
    case .unsupportedShape, .invalidShape, .scalarCountMismatch, .raggedRows:
      return MathError(.shape, error.description + subject, at: range)
    case .tooLarge, .tooMuchWork:
      return MathError(.limit, error.description, at: range)
    default:
      return MathError(.evaluation, error.description, at: range)
    }
  }

  /// Whether any of `ids` depends on a given (an input leaf), so its value can change.
  func dependsOnInput(_ ids: [Graph.NodeID]) -> Bool {
    guard let last = ids.map(\.index).max() else { return false }
    var variable = Array(repeating: false, count: last + 1)
    for index in 0...last {
      let node = graph.nodes[index]
      variable[index] = node.op == .input || node.parents.contains { variable[$0.index] }
    }
    return ids.contains { variable[$0.index] }
  }
}
