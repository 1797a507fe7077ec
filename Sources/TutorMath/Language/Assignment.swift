/// `NAME = EXPR`, as typed after `--set`, `:set`, in explore and in `bptutor eval`:
/// the one reader of definitions, so every place accepts and refuses the same text.
public struct Assignment: Equatable, Sendable {
  /// The name on the left, trimmed.
  public var name: String
  /// The expression on the right, as typed (its errors point into it).
  public var expression: String

  public init(name: String, expression: String) {
    (self.name, self.expression) = (name, expression)
  }

  /// Splits `text` at its first `=`; the name must be letters, digits and `_`, not
  /// starting with a digit. Errors point into `text`.
  public static func parse(_ text: String) throws(MathError) -> Assignment {
    guard let equals = text.firstIndex(of: "=") else {
      throw MathError(
        .syntax, "expected NAME=EXPR, like x=2 or W=[1 -1; 2 0]", at: SourceRange(at: text.count))
    }
    let left = String(text[..<equals])
    let name = left.trimmingWhitespace()
    let start = left.prefix { $0.isWhitespace }.count
    guard let first = name.first, !first.isNumber, name.allSatisfy(Lexer.continuesIdentifier)
    else {
      throw MathError(
        .syntax,
        name.isEmpty
          ? "a name is missing before `=`"
          : "`\(name)` is not a name; names are letters, digits and _",
        at: SourceRange(start, start + max(name.count, 1)))
    }
    return Assignment(name: name, expression: String(text[text.index(after: equals)...]))
  }
}
