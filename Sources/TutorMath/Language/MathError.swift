import TerminalText

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
    (self.kind, self.message, self.range, self.note) = (kind, message, range, note)
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
  /// Control characters in the message and note are shown as `<U+001B>`, and a long
  /// source as a window around the caret (``caretLines(source:range:)``).
  public func annotated(source: String, indent: String = "  ") -> String {
    var lines = [VisibleText.escaped(message)]
    if let range {
      let (shown, caret) = Self.caretLines(source: source, range: range)
      lines.append(indent + shown)
      lines.append(indent + caret)
    }
    if let note { lines.append(VisibleText.escaped(note)) }
    return lines.joined(separator: "\n")
  }

  /// How many characters of the source ``caretLines(source:range:)`` shows on each side
  /// of the caret; the rest is cut and marked `…`, as compilers do.
  public static let caretContext = 60

  /// The source on one line (tabs and newlines shown as spaces, other control characters
  /// as `<U+001B>`) and the line with `^~~~` under `range`, aligned in terminal cells.
  ///
  /// A long source is shown as a window: ``caretContext`` characters before the range,
  /// at most as many of the range itself, and as many after, with `…` where it is cut.
  /// So 100 KB of input echoes as a couple of hundred characters, never 100 KB.
  public static func caretLines(source: String, range: SourceRange) -> (String, String) {
    let characters = Array(source)
    let lower = min(max(range.lowerBound, 0), characters.count)
    let upper = min(max(range.upperBound, lower), characters.count)
    let start = max(0, lower - caretContext)
    let spanEnd = min(upper, lower + caretContext)
    let end = min(characters.count, max(spanEnd, lower + 1) + caretContext)
    func shown(_ slice: ArraySlice<Character>) -> String {
      var text = ""
      for character in slice {
        if character.isNewline || character == "\t" {
          text.append(" ")
        } else {
          text += VisibleText.escaped(String(character))
        }
      }
      return text
    }
    let head = start > 0 ? "…" : ""
    let before = head + shown(characters[start..<lower])
    let marked = shown(characters[lower..<spanEnd])
    let after = shown(characters[spanEnd..<end]) + (end < characters.count ? "…" : "")
    let prefix = TextWidth.cells(of: before)
    let span = TextWidth.cells(of: marked)
    let caret =
      String(repeating: " ", count: prefix) + "^"
      + String(repeating: "~", count: max(0, span - 1))
    return (before + marked + after, caret)
  }
}
