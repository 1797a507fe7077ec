/// One lexical unit of the math language.
public struct Token: Equatable, Sendable {
  public enum Kind: Equatable, Sendable {
    case number(Double)
    case identifier(String)
    /// `+`
    case plus
    /// `-` or the Unicode minus `−`
    case minus
    /// `*`, `·`, `×`, `⋅`, `∗` or `⊙` (all element-wise with broadcasting)
    case star
    /// `/` or `÷`
    case slash
    /// `^` or `**`
    case caret
    /// `@`, the matrix product
    case at
    /// postfix `'` or `ᵀ`
    case transpose
    case leftParen, rightParen, leftBracket, rightBracket
    case comma, semicolon
    /// `=`, for named arguments (`stride = 2`)
    case equals
    /// `:`, for slices (`X[:, 2]`, `X[1:2, 2:3]`)
    case colon
    case end
  }

  public var kind: Kind
  public var range: SourceRange
  /// Whether whitespace separates this token from the previous one; inside brackets
  /// `[1 -2]` is two entries and `[1 - 2]` one.
  public var spaceBefore: Bool

  /// How the token reads in an error message.
  public var display: String {
    switch kind {
    case .number(let value): return NumberFormat.string(value)
    case .identifier(let name): return "`\(name)`"
    case .plus: return "`+`"
    case .minus: return "`-`"
    case .star: return "`*`"
    case .slash: return "`/`"
    case .caret: return "`^`"
    case .at: return "`@`"
    case .transpose: return "`'`"
    case .leftParen: return "`(`"
    case .rightParen: return "`)`"
    case .leftBracket: return "`[`"
    case .rightBracket: return "`]`"
    case .comma: return "`,`"
    case .semicolon: return "`;`"
    case .equals: return "`=`"
    case .colon: return "`:`"
    case .end: return "the end of the input"
    }
  }

  /// Whether this token can begin an expression (used to find juxtaposed matrix entries).
  var startsExpression: Bool {
    switch kind {
    case .number, .identifier, .leftParen, .leftBracket, .plus, .minus: return true
    default: return false
    }
  }
}
