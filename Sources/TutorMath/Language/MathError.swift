/// Why an expression could not be read or evaluated: a value with the place in the
/// source it concerns, never a crash.
///
/// ``annotated(source:)`` prints the source with a caret under the problem:
///
///     expected an expression after `*`
///       2 * (3 + )
///                ^
public struct MathError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The families of errors, for callers that react differently to each.
  public enum Kind: String, Equatable, Sendable {
    /// The text does not follow the grammar.
    case syntax
    /// A name or function that is not defined here.
    case unknownName
    /// Operands whose shapes do not fit, or a ragged matrix.
    case shape
    /// Input too long, nesting too deep, or a tensor too large.
    case limit
    /// A result that is infinite or not a number.
    case notFinite
    /// A form that is valid but not allowed here (`grad` in an answer, the asked quantity).
    case notAllowed
    /// Anything else the evaluation refused (a bad argument, an index out of range).
    case evaluation
  }

  public var kind: Kind
  /// What went wrong, and where possible what to do instead.
  public var message: String
  /// The characters the error concerns, if it concerns a place.
  public var range: SourceRange?
  /// A suggestion shown after the caret line: "did you mean `sigmoid`?".
  public var note: String?

  public init(_ kind: Kind, _ message: String, at range: SourceRange? = nil, note: String? = nil) {
    self.kind = kind
    self.message = message
    self.range = range
    self.note = note
  }

  public var description: String {
    var text = message
    if let note { text += " (\(note))" }
    return text
  }

  /// The message, then the source on its own line with a caret (and tildes) under the
  /// range, then the note; `indent` is prefixed to the source and caret lines.
  ///
  /// The caret column counts terminal cells, so it sits right under wide characters.
  public func annotated(source: String, indent: String = "  ") -> String {
    var lines = [message]
    if let range {
      let (shown, caret) = Self.caretLines(source: source, range: range)
      lines.append(indent + shown)
      lines.append(indent + caret)
    }
    if let note { lines.append(note) }
    return lines.joined(separator: "\n")
  }

  /// The source on one line (tabs and newlines shown as spaces) and the line with `^~~~`
  /// under `range`, aligned in terminal cells.
  public static func caretLines(source: String, range: SourceRange) -> (String, String) {
    let characters = Array(source).map { $0.isNewline || $0 == "\t" ? " " : $0 }
    let lower = min(max(range.lowerBound, 0), characters.count)
    let upper = min(max(range.upperBound, lower), characters.count)
    let prefix = TextWidth.cells(of: String(characters[..<lower]))
    let span = TextWidth.cells(of: String(characters[lower..<upper]))
    let caret =
      String(repeating: " ", count: prefix) + "^"
      + String(repeating: "~", count: max(0, span - 1))
    return (String(characters), caret)
  }
}
