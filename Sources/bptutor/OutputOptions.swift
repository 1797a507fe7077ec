import ArgumentParser
import TerminalText
import TutorMath

/// `--ascii`, shared by every command that prints.
struct OutputOptions: ParsableArguments {
  @Flag(help: "ASCII only (the default when the locale is not UTF-8).")
  var ascii = false

  /// How to print: ASCII under `--ascii` or a locale that is not UTF-8.
  var style: MathStyle { ascii || !TerminalStyle.localeIsUTF8 ? .ascii : .unicode }
}
