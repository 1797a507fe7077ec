import TerminalText
import TutorMath

/// Printing errors to standard error, compiler style.
enum Diagnostics {
  /// `error: message`, the source with a caret under the problem, and the note.
  static func printError(_ error: MathError, source: String, context: String?, style: MathStyle) {
    let prefix = context.map { "error: \($0): " } ?? "error: "
    bptutor.printError(prefix + error.annotated(source: source), style: style)
  }
}
