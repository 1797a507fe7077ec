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
  /// The file line the location points into, shown under the message.
  public var sourceLine: String?

  public init(
    _ severity: Severity = .error, path: String, at location: SourceLocation?, length: Int = 1,
    _ message: String, note: String? = nil, sourceLine: String? = nil
  ) {
    self.severity = severity
    self.path = path
    self.location = location
    self.length = length
    self.message = message
    self.note = note
    self.sourceLine = sourceLine
  }

  /// `path:line:col: error: message`, then the source line with a caret, then the note.
  public var description: String {
    let place = location.map { "\(path):\($0.line):\($0.column)" } ?? path
    var lines = ["\(place): \(severity.rawValue): \(message)"]
    if let sourceLine, let location {
      let shown = sourceLine.map { $0 == "\t" ? " " : $0 }
      lines.append("  " + String(shown))
      let prefix = String(shown.prefix(max(0, location.column - 1)))
      lines.append(
        "  " + String(repeating: " ", count: TextWidth.cells(of: prefix)) + "^"
          + String(repeating: "~", count: max(0, length - 1)))
    }
    if let note { lines.append("note: " + note) }
    return lines.joined(separator: "\n")
  }
}
