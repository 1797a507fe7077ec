import Foundation
import TutorMath

/// Printing errors to standard error, compiler style.
enum Diagnostics {
  /// `error: message`, the source with a caret under the problem, and the note.
  static func printError(_ error: MathError, source: String, context: String?) {
    let prefix = context.map { "error: \($0): " } ?? "error: "
    let text = prefix + error.annotated(source: source) + "\n"
    FileHandle.standardError.write(Data(text.utf8))
  }
}

/// What the terminal can show.
enum TerminalStyle {
  /// Whether the locale's character set is UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`).
  static var localeIsUTF8: Bool {
    for variable in ["LC_ALL", "LC_CTYPE", "LANG"] {
      if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty {
        let lowered = value.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
      }
    }
    return false
  }
}
