import TerminalText
import TutorMath

/// A problem found in a lesson file, printed the way compilers do:
///
///     lessons/relu.yaml:12:9: error: unknown name `W4`
///       a2: W4 @ h1
///           ^~
///     did you mean `W1`?
public struct LessonDiagnostic: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Severity: String, Equatable, Sendable {
    case error, warning
  }

  public var severity: Severity
  public var path: String
  public var location: SourceLocation?
  /// How many columns the problem spans (for the `^~~~` under it).
  public var length: Int
  public var message: String
  public var note: String?
  /// The file line the location points into, shown under the message (a window of it
  /// around the column when it is long: see ``quote(_:)``).
  public var sourceLine: String?
  /// How many columns of the file line come before the start of ``sourceLine`` (its
  /// leading `…` counted as one of them).
  var sourceOffset = 0

  /// The longest source line quoted whole, in characters: a longer one is quoted as this
  /// many around the column, with `…` at a cut, as answers are.
  public static let sourceWindow = 100
  /// The most diagnostics reported per file; past them, one line says how many more.
  public static let maxPerFile = 100

  public init(
    _ severity: Severity = .error, path: String, at location: SourceLocation?, length: Int = 1,
    _ message: String, note: String? = nil, sourceLine: String? = nil
  ) {
    (self.severity, self.path, self.location, self.length, self.message, self.note) = (
      severity, path, location, length, message, note
    )
    if let sourceLine { quote(sourceLine) }
  }

  /// Shows `line` (a file line) under the message: control characters as pictures, and a
  /// long line as a window around the column.
  public mutating func quote(_ line: some StringProtocol) {
    let (text, offset) = Self.window(line, column: location?.column ?? 1)
    sourceLine = TextPosition.visible(text)
    sourceOffset = offset
  }

  /// `line` cut to ``sourceWindow`` characters around 1-based `column`, with `…` where it
  /// was cut, and how many columns come before what is kept.
  static func window(_ line: some StringProtocol, column: Int) -> (text: String, offset: Int) {
    guard line.utf8.count > sourceWindow + 2 else { return (String(line), 0) }
    let count = line.count
    guard count > sourceWindow + 2 else { return (String(line), 0) }
    let start = max(0, min(column - 1 - sourceWindow / 2, count - sourceWindow))
    let from = line.index(line.startIndex, offsetBy: start)
    let to = line.index(from, offsetBy: sourceWindow, limitedBy: line.endIndex) ?? line.endIndex
    var text = String(line[from..<to])
    if to < line.endIndex { text += "…" }
    guard start > 0 else { return (text, 0) }
    return ("…" + text, start - 1)
  }

  /// `path:line:col: error: message`, then the source line with a caret, then the note.
  public var description: String {
    let place = location.map { "\(path):\($0.line):\($0.column)" } ?? path
    var lines = ["\(place): \(severity.rawValue): \(message)"]
    if let sourceLine, let location {
      // A line set directly (not through quote) may still be long.
      let (text, offset) =
        sourceOffset == 0
        ? Self.window(sourceLine, column: location.column) : (sourceLine, sourceOffset)
      let shown = text.map { $0 == "\t" ? " " : $0 }
      lines.append("  " + String(shown))
      let prefix = String(shown.prefix(max(0, location.column - 1 - offset)))
      lines.append(
        "  " + String(repeating: " ", count: TextWidth.cells(of: prefix)) + "^"
          + String(repeating: "~", count: max(0, length - 1)))
    }
    if let note { lines.append("note: " + note) }
    return lines.joined(separator: "\n")
  }
}
