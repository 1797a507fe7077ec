import Foundation
import TutorMath

/// Everything the plain commands print goes through here, so `--ascii` and a locale that
/// is not UTF-8 give pure ASCII everywhere, folded by the same table as the full-screen
/// tutor (``ASCIIFold``).
enum Output {
  /// Prints lines to standard output in `style`.
  static func print(_ lines: [String], style: MathStyle) {
    Swift.print(style.apply(lines.joined(separator: "\n")))
  }

  /// Prints one line to standard output in `style`.
  static func print(_ line: String, style: MathStyle) {
    Swift.print(style.apply(line))
  }

  /// Writes `text` without a newline (a prompt) and flushes.
  static func prompt(_ text: String, style: MathStyle) {
    Swift.print(style.apply(text), terminator: "")
    fflush(nil)
  }
}

/// Writes a line to standard error (ASCII when the locale is not UTF-8, or in `style`).
func printError(_ text: String, style: MathStyle? = nil) {
  let style = style ?? (TerminalStyle.localeIsUTF8 ? .unicode : .ascii)
  FileHandle.standardError.write(Data((style.apply(text) + "\n").utf8))
}
