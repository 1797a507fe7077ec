/// A parsed expression of the math language, every node with its source range.
///
/// Chains of the same precedence (`a + b - c`, `a * b / c @ d`) are kept flat as
/// ``Kind/chain(_:_:)`` so long sums never make a deep tree; the parser bounds every
/// other kind of nesting.
public struct Expr: Equatable, Sendable {
  public indirect enum Kind: Equatable, Sendable {
    case number(Double)
    case name(String)
    /// `-a` (`+a` parses to `a`).
    case negate(Expr)
    /// `first op₁ e₁ op₂ e₂ …`, left-associative, all operators of one precedence.
    case chain(Expr, [Link])
    /// `base ^ exponent`, right-associative.
    case power(Expr, Expr)
    /// `a'` or `aᵀ`.
    case transpose(Expr)
    /// `a[i]` or `a[i, j]`, 1-based.
    case index(Expr, [Expr])
    /// `a[:, j]`, `a[i, :]`, `a[1:2, 2:3]`: a block by 1-based inclusive ranges; at
    /// least one subscript is a range (all plain indices parse as ``index(_:_:)``).
    case slice(Expr, [Subscript])
    /// `f(a, b, name = c)`.
    case call(String, [Argument], nameRange: SourceRange)
    /// `[a, b; c, d]`: rows of entries. `nestedList` marks the `[[a, b], [c, d]]` form,
    /// whose entries are rows to stack rather than blocks to place side by side.
    case matrix([[Expr]], nestedList: Bool)
  }

  /// One `op operand` step of a chain.
  public struct Link: Equatable, Sendable {
    public var op: BinaryOperator
    public var operand: Expr
    /// Where the operator sits, for errors about it.
    public var opRange: SourceRange
  }

  /// One subscript of a slice.
  public enum Subscript: Equatable, Sendable {
    /// One index, `i`.
    case index(Expr)
    /// `lower:upper`, inclusive, either end left out for the first or the last
    /// (`:` alone is the whole axis); `range` covers the whole subscript.
    case range(Expr?, Expr?, range: SourceRange)

    /// The expressions the subscript reads.
    public var bounds: [Expr] {
      switch self {
      case .index(let i): return [i]
      case .range(let lower, let upper, _): return [lower, upper].compactMap { $0 }
      }
    }

    /// Where the subscript is written.
    public var range: SourceRange {
      switch self {
      case .index(let i): return i.range
      case .range(_, _, let range): return range
      }
    }
  }

  /// A function argument, optionally named (`stride = 2`).
  public struct Argument: Equatable, Sendable {
    public var label: String?
    public var value: Expr
  }

  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    (self.kind, self.range) = (kind, range)
  }

  /// The expressions directly inside this one, left to right.
  /// How many operations the expression performs: each function call, operator,
  /// negation, power, transpose and index counts one; names, numbers and the brackets of
  /// a matrix literal none (`tanh(a)` is 1, `W @ h + b` is 2).
  public var operationCount: Int {
    let inner = subexpressions.reduce(0) { $0 + $1.operationCount }
    switch kind {
    case .number, .name, .matrix: return inner
    case .chain(_, let links): return inner + links.count
    default: return inner + 1
    }
  }

  public var subexpressions: [Expr] {
    switch kind {
    case .number, .name: return []
    case .negate(let a), .transpose(let a): return [a]
    case .chain(let first, let links): return [first] + links.map(\.operand)
    case .power(let a, let b): return [a, b]
    case .index(let a, let indices): return [a] + indices
    case .slice(let a, let subscripts): return [a] + subscripts.flatMap(\.bounds)
    case .call(_, let arguments, _): return arguments.map(\.value)
    case .matrix(let rows, _): return rows.flatMap { $0 }
    }
  }

  /// Every name the expression reads (not function names), in order of first use.
  public var names: [String] {
    var seen: [String] = []
    func visit(_ expr: Expr) {
      if case .name(let name) = expr.kind, !seen.contains(name) { seen.append(name) }
      expr.subexpressions.forEach(visit)
    }
    visit(self)
    return seen
  }
}

/// The binary operators, by precedence: `+ -` below `* / @` below `^`.
public enum BinaryOperator: String, Equatable, Sendable {
  case add = "+"
  case subtract = "-"
  /// Element-wise with broadcasting (NumPy's `*`).
  case multiply = "*"
  case divide = "/"
  /// The matrix product.
  case matmul = "@"
}

extension Expr {
  /// `first op₁ e₁ op₂ e₂ …` built in code (wrong derivations), every part at `range`.
  public static func chain(_ first: Expr, _ links: [(BinaryOperator, Expr)], at range: SourceRange)
    -> Expr
  {
    Expr(
      .chain(first, links.map { Link(op: $0.0, operand: $0.1, opRange: range) }), range)
  }

  /// `name(a, b, …)` built in code, unlabelled arguments, at `range`.
  public static func call(_ name: String, _ arguments: [Expr], at range: SourceRange) -> Expr {
    Expr(
      .call(
        name, arguments.map { Argument(label: nil, value: $0) }, nameRange: range), range)
  }
}
