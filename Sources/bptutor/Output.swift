import Foundation
import TerminalText
import TutorMath

/// Everything the plain commands print goes through here, so `--ascii` and a locale that
/// is not UTF-8 give pure ASCII everywhere, folded by the same table as the full-screen
/// tutor (``ASCIIFold``). Control characters (an answer's or a file name's ESC) are
/// written as `<U+001B>` (``VisibleText``), so nothing echoed can drive the terminal.
enum Output {
  /// `text` escaped and folded for `style`: what every line printed goes through.
  static func visible(_ text: String, style: MathStyle) -> String {
    style.apply(VisibleText.escaped(text, keepingLineBreaks: true))
  }

  /// Prints lines to standard output in `style`.
  static func print(_ lines: [String], style: MathStyle) {
    Swift.print(visible(lines.joined(separator: "\n"), style: style))
  }

  /// Prints one line to standard output in `style`.
  static func print(_ line: String, style: MathStyle) {
    Swift.print(visible(line, style: style))
  }

  /// Writes `text` without a newline (a prompt) and flushes.
  static func prompt(_ text: String, style: MathStyle) {
    Swift.print(visible(text, style: style), terminator: "")
    fflush(nil)
  }
}

/// Writes a line to standard error (ASCII when the locale is not UTF-8, or in `style`).
func printError(_ text: String, style: MathStyle? = nil) {
  let style = style ?? (TerminalStyle.localeIsUTF8 ? .unicode : .ascii)
  FileHandle.standardError.write(Data((Output.visible(text, style: style) + "\n").utf8))
}
