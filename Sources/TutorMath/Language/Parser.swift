/// A recursive-descent parser for the math language, with a source range on every
/// node and an error that says what was expected where.
///
/// Grammar, lowest precedence first:
///
///     input    := entries                      (a bare `3 0` or `6 8; 9 8` reads as a matrix)
///     entries  := row (';' row)*               row := expr ((',' | space) expr)*
///     expr     := term (('+' | '-') term)*
///     term     := unary (('*' | '/' | '@') unary)*
///     unary    := ('-' | '+') unary | power
///     power    := postfix ('^' unary)?         (so -2^2 = -4 and 2^3^2 = 512)
///     postfix  := primary ("'" | 'ᵀ' | '[' subscript (',' subscript)* ']')*
///     subscript := expr | expr? ':' expr?     (1-based, inclusive: X[:, 2], X[1:2, 2:3])
///     primary  := number | name | name '(' arguments ')' | '(' expr ')' | '[' entries ']'
///
/// Inside brackets a space separates entries the way MATLAB reads them: `[1 -2]` is
/// two entries, `[1 - 2]` and `[1 -  2]`… one only when the operator is followed by a space.
public struct Parser {
  /// Limits on what the parser accepts, each refused with a clear message.
  public struct Limits: Equatable, Sendable {
    /// The longest input, in characters.
    public var maxLength = 4096
    /// The deepest nesting of parentheses, brackets, unary operators and exponents.
    public var maxDepth = 100
    public init(maxLength: Int = 4096, maxDepth: Int = 100) {
      (self.maxLength, self.maxDepth) = (maxLength, maxDepth)
    }
  }

  private var tokens: [Token]
  private var position = 0
  private var depth = 0
  private let limits: Limits
  /// One entry per open bracket or parenthesis: whether spaces separate entries there.
  private var matrixContext: [Bool] = [true]

  /// Parses `source` as a whole expression (or a bare matrix).
  public static func parse(_ source: String, limits: Limits = Limits()) throws(MathError) -> Expr {
    ParseCounter.current?.record(source)
    let lexer = Lexer(source)
    let length = lexer.count
    if length > limits.maxLength {
      throw MathError(
        .limit,
        "the input is \(length) characters long; the limit is \(limits.maxLength)",
        at: SourceRange(limits.maxLength, length))
    }
    do {
      var parser = Parser(tokens: try lexer.tokenize(), limits: limits, source: source)
      return try parser.parseInput()
    } catch {
      // NumPy, MATLAB and TeX get a note saying what to write here instead.
      throw ForeignNotation.explain(error, source: source)
    }
  }

  /// The source, to quote tokens as typed in suggestions.
  private let source: String

  private init(tokens: [Token], limits: Limits, source: String) {
    (self.tokens, self.limits, self.source) = (tokens, limits, source)
  }

  /// The characters of `token` as typed.
  private func text(of token: Token) -> String {
    let source = Array(self.source)
    let lower = min(token.range.lowerBound, source.count)
    return String(source[lower..<min(max(token.range.upperBound, lower), source.count)])
  }

  // MARK: - Entries and matrices

  private mutating func parseInput() throws(MathError) -> Expr {
    if current.kind == .end {
      throw MathError(
        .syntax, "expected an expression, found nothing", at: current.range,
        note: "type a number like `-6`, a vector like `[3; 0]`, or a formula like `s*(1 - s)`")
    }
    let (rows, range) = try parseEntries(closing: .end, opener: nil)
    if rows.count == 1, rows[0].count == 1 { return rows[0][0] }
    return Expr(.matrix(rows, nestedList: Self.isNestedList(rows)), range)
  }

  /// Rows of entries up to `closing` (not consumed).
  private mutating func parseEntries(closing: Token.Kind, opener: Token?) throws(MathError) -> (
    [[Expr]], SourceRange
  ) {
    let start = current.range
    var rows: [[Expr]] = []
    var row: [Expr] = []
    while true {
      if current.kind == closing {
        if row.isEmpty, rows.isEmpty {
          throw MathError(
            .syntax, "empty brackets: a vector or matrix needs at least one entry",
            at: (opener?.range ?? start).union(current.range))
        }
        break
      }
      if current.kind == .semicolon {
        if row.isEmpty {
          throw MathError(
            .syntax, "expected an entry before `;`", at: current.range,
            note: rows.isEmpty ? nil : "a row cannot be empty")
        }
        rows.append(row)
        row = []
        advance()
        continue
      }
      row.append(try parseExpression())
      switch current.kind {
      case .comma:
        advance()
        if current.kind == closing || current.kind == .semicolon {
          throw MathError(.syntax, "expected an entry after `,`", at: current.range)
        }
      case .semicolon, closing:
        continue
      default:
        if current.spaceBefore, current.startsExpression { continue }  // `[1 2]`, `3 0`
        throw unexpectedAfterEntry(closing: closing, opener: opener)
      }
    }
    if !row.isEmpty { rows.append(row) }
    return (rows, start.union(tokens[max(position - 1, 0)].range))
  }

  private func unexpectedAfterEntry(closing: Token.Kind, opener: Token?) -> MathError {
    let previous = tokens[max(position - 1, 0)]
    switch current.kind {
    case .number, .identifier, .leftParen, .leftBracket:
      let left = previous.display
      var note = "write `*` for a product, e.g. `2*x`; a space separates entries"
      if case .number = previous.kind, case .identifier = current.kind {
        // `2x`: a product written as on paper.
        note = "write \(text(of: previous))*\(text(of: current)) for a product"
      }
      return MathError(
        .syntax, "expected an operator between \(left) and \(current.display)",
        at: current.range, note: note)
    case .rightParen:
      return MathError(.syntax, "unmatched `)`", at: current.range)
    case .rightBracket:
      return MathError(.syntax, "unmatched `]`", at: current.range)
    case .colon:
      return MathError(
        .syntax, "unexpected `:`", at: current.range,
        note: "`:` writes a range inside index brackets, like X[:, 2] or X[1:2, 2:3]")
    case .end:
      let what = opener.map { "`]` to close the `[` at column \($0.range.column)" } ?? "`]`"
      return MathError(.syntax, "expected \(what)", at: current.range)
    default:
      let expected = closing == .end ? "an operator" : "`,`, `;` or `]`"
      return MathError(
        .syntax, "expected \(expected), found \(current.display)", at: current.range)
    }
  }

  /// `[[1, 2], [3, 4]]`: one row whose entries are all one-row bracket literals.
  private static func isNestedList(_ rows: [[Expr]]) -> Bool {
    guard rows.count == 1 else { return false }
    return rows[0].allSatisfy { entry in
      if case .matrix(let inner, _) = entry.kind { return inner.count == 1 }
      return false
    }
  }

  // MARK: - Expressions

  private var inMatrix: Bool { matrixContext.last ?? false }

  private mutating func parseExpression() throws(MathError) -> Expr {
    let first = try parseTerm()
    var links: [Expr.Link] = []
    while current.kind == .plus || current.kind == .minus {
      // Inside brackets `[1 -2]` is two entries: a signed operand after a space.
      if inMatrix, current.spaceBefore, !peek(1).spaceBefore, peek(1).kind != .end { break }
      let op: BinaryOperator = current.kind == .plus ? .add : .subtract
      let opRange = current.range
      advance()
      let operand = try parseTerm(after: op.rawValue)
      links.append(Expr.Link(op: op, operand: operand, opRange: opRange))
    }
    return chain(first, links)
  }

  private mutating func parseTerm(after previous: String? = nil) throws(MathError) -> Expr {
    let first = try parseUnary(after: previous)
    var links: [Expr.Link] = []
    while true {
      let op: BinaryOperator
      switch current.kind {
      case .star: op = .multiply
      case .slash: op = .divide
      case .at: op = .matmul
      default: return chain(first, links)
      }
      let opRange = current.range
      advance()
      let operand = try parseUnary(after: op.rawValue)
      links.append(Expr.Link(op: op, operand: operand, opRange: opRange))
    }
  }

  private func chain(_ first: Expr, _ links: [Expr.Link]) -> Expr {
    guard let last = links.last else { return first }
    return Expr(.chain(first, links), first.range.union(last.operand.range))
  }

  private mutating func parseUnary(after previous: String? = nil) throws(MathError) -> Expr {
    try enter()
    defer { depth -= 1 }
    switch current.kind {
    case .minus:
      let start = current.range
      advance()
      let operand = try parseUnary(after: "-")
      return Expr(.negate(operand), start.union(operand.range))
    case .plus:
      advance()
      return try parseUnary(after: "+")
    default:
      return try parsePower(after: previous)
    }
  }

  private mutating func parsePower(after previous: String?) throws(MathError) -> Expr {
    let base = try parsePostfix(after: previous)
    guard current.kind == .caret else { return base }
    advance()
    let exponent = try parseUnary(after: "^")
    return Expr(.power(base, exponent), base.range.union(exponent.range))
  }

  private mutating func parsePostfix(after previous: String?) throws(MathError) -> Expr {
    var expr = try parsePrimary(after: previous)
    var applied = 0
    defer { depth -= applied }
    while true {
      switch current.kind {
      case .transpose:
        try enter()
        applied += 1
        expr = Expr(.transpose(expr), expr.range.union(current.range))
        advance()
      case .leftBracket where !(inMatrix && current.spaceBefore):
        try enter()
        applied += 1
        let open = current
        advance()
        matrixContext.append(false)
        var subscripts: [Expr.Subscript] = []
        repeat {
          if current.kind == .comma { advance() }
          subscripts.append(try parseSubscript())
        } while current.kind == .comma
        matrixContext.removeLast()
        let close = try expect(
          .rightBracket, "`]` to close the index opened at column \(open.range.column)")
        var indices: [Expr] = []
        for item in subscripts {
          if case .index(let index) = item { indices.append(index) }
        }
        let kind: Expr.Kind =
          indices.count == subscripts.count
          ? .index(expr, indices) : .slice(expr, subscripts)
        expr = Expr(kind, expr.range.union(close.range))
      default:
        return expr
      }
    }
  }

  /// `i`, `:`, `lower:`, `:upper` or `lower:upper` inside index brackets.
  private mutating func parseSubscript() throws(MathError) -> Expr.Subscript {
    let start = current.range
    let lower: Expr? = current.kind == .colon ? nil : try parseExpression()
    guard current.kind == .colon else { return .index(lower!) }
    var end = current.range
    advance()
    var upper: Expr?
    if current.kind != .comma, current.kind != .rightBracket {
      let bound = try parseExpression()
      upper = bound
      end = bound.range
    }
    return .range(lower, upper, range: start.union(end))
  }

  private mutating func parsePrimary(after previous: String?) throws(MathError) -> Expr {
    let token = current
    switch token.kind {
    case .number(let value):
      advance()
      return Expr(.number(value), token.range)
    case .identifier(let name):
      advance()
      if current.kind == .leftParen, !(inMatrix && current.spaceBefore) {
        return try parseCall(name: name, nameRange: token.range)
      }
      return Expr(.name(name), token.range)
    case .leftParen:
      advance()
      matrixContext.append(false)
      let inner = try parseExpression()
      matrixContext.removeLast()
      let close = try expect(.rightParen, "`)` to close the `(` at column \(token.range.column)")
      return Expr(inner.kind, token.range.union(close.range))
    case .leftBracket:
      advance()
      matrixContext.append(true)
      let (rows, _) = try parseEntries(closing: .rightBracket, opener: token)
      matrixContext.removeLast()
      let close = try expect(.rightBracket, "`]` to close the `[` at column \(token.range.column)")
      return Expr(
        .matrix(rows, nestedList: Self.isNestedList(rows)), token.range.union(close.range))
    default:
      let context = previous.map { " after `\($0)`" } ?? ""
      throw MathError(
        .syntax,
        "expected a number, a name, `(` or `[`\(context), found \(token.display)",
        at: token.range)
    }
  }

  private mutating func parseCall(name: String, nameRange: SourceRange) throws(MathError) -> Expr {
    let open = current
    advance()
    matrixContext.append(false)
    defer { matrixContext.removeLast() }
    var arguments: [Expr.Argument] = []
    if current.kind != .rightParen {
      while true {
        var label: String?
        if case .identifier(let word) = current.kind, peek(1).kind == .equals {
          label = word
          advance()
          advance()
        }
        arguments.append(Expr.Argument(label: label, value: try parseExpression()))
        guard current.kind == .comma else { break }
        advance()
      }
    }
    let close = try expect(
      .rightParen, "`,` or `)` to close the call of `\(name)` at column \(open.range.column)")
    return Expr(.call(name, arguments, nameRange: nameRange), nameRange.union(close.range))
  }

  // MARK: - Tokens

  private var current: Token { tokens[position] }

  private func peek(_ ahead: Int) -> Token {
    tokens[min(position + ahead, tokens.count - 1)]
  }

  private mutating func advance() {
    if position < tokens.count - 1 { position += 1 }
  }

  private mutating func expect(_ kind: Token.Kind, _ what: String) throws(MathError) -> Token {
    guard current.kind == kind else {
      throw MathError(.syntax, "expected \(what), found \(current.display)", at: current.range)
    }
    let token = current
    advance()
    return token
  }

  private mutating func enter() throws(MathError) {
    depth += 1
    // The outermost level is not nesting: `(1)` nests one deep, 100 parentheses 100 deep.
    if depth > limits.maxDepth + 1 {
      throw MathError(
        .limit, "the expression nests deeper than \(limits.maxDepth) levels", at: current.range,
        note: "simplify it or split it into named steps")
    }
  }
}
