/// Everything the engine can refuse, as a value: no input may trap it.
public enum EngineError: Error, Equatable, Sendable {
  /// Two operands whose shapes do not fit the op.
  case shapeMismatch(op: String, lhs: [Int], rhs: [Int])
  /// An operand of the wrong shape or rank for a unary op.
  case unsupportedShape(op: String, shape: [Int], expected: String)
  /// A shape that no tensor may have.
  case invalidShape([Int], reason: String)
  /// A shape whose scalars do not number its element count.
  case scalarCountMismatch(shape: [Int], expected: Int, got: Int)
  /// A matrix literal whose row (1-based) has the wrong length.
  case raggedRows(row: Int, expected: Int, got: Int)
  /// A tensor over the element cap; `elements` is nil when the count overflows.
  case tooLarge(elements: Int?, limit: Int)
  /// An op that would take more multiply-adds than the limit allows.
  case tooMuchWork(op: String, operations: Double, limit: Int)
  /// A 1-based index outside the tensor.
  case indexOutOfRange(index: [Int], shape: [Int])
  /// A query that needs a scalar node got another shape.
  case notScalar(node: String, shape: [Int])
  /// A value may only be set on a leaf (a given), not on a computed node.
  case notALeaf(node: String)
  /// A node id from another graph, or a name the graph does not have.
  case unknownNode(String)
  /// A second node with a name already in use.
  case duplicateName(String)
  /// An op parameter out of its domain (stride 0, negative padding, …).
  case invalidArgument(op: String, message: String)
}

extension EngineError: CustomStringConvertible {
  /// A message that names the problem and, where it helps, what to do next.
  public var description: String {
    switch self {
    case let .shapeMismatch(op, lhs, rhs):
      return "\(op): shapes \(lhs.shapeDescription) and \(rhs.shapeDescription) do not fit"
    case let .unsupportedShape(op, shape, expected):
      return "\(op): got a \(shape.shapeDescription) operand; expected \(expected)"
    case let .invalidShape(shape, reason):
      return "invalid shape \(shape.map(String.init).joined(separator: "×")): \(reason)"
    case let .scalarCountMismatch(shape, expected, got):
      return "a \(shape.shapeDescription) tensor needs \(expected) entries, got \(got)"
    case let .raggedRows(row, expected, got):
      return "row \(row) has \(got) entries; the rows before it have \(expected)"
    case let .tooLarge(elements, limit):
      let size = elements.map { "\($0) elements" } ?? "a number of elements that overflows"
      return "tensor too large: \(size), the limit is \(limit)"
    case let .tooMuchWork(op, operations, limit):
      let count = operations < 9e18 ? String(Int(operations)) : String(operations)
      return "\(op): too much work (\(count) multiply-adds, the limit is \(limit))"
    case let .indexOutOfRange(index, shape):
      let list = index.map(String.init).joined(separator: ", ")
      return "index [\(list)] is outside a \(shape.shapeDescription) tensor (indices are 1-based)"
    case let .notScalar(node, shape):
      return "\(node) is \(shape.shapeDescription), not a scalar"
    case let .notALeaf(node):
      return "\(node) is computed from other values; only givens can be set"
    case let .unknownNode(name):
      return "no node named \(name) in this graph"
    case let .duplicateName(name):
      return "the name \(name) is already used in this graph"
    case let .invalidArgument(op, message):
      return "\(op): \(message)"
    }
  }
}
