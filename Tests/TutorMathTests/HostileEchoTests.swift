import TerminalText
import Testing
import TutorMath

/// Issue 15, item 15: what echoes user input (the caret lines under an error) never passes
/// a control character through, and never echoes 100 KB for 100 KB of input.
@Suite("Hostile input: echoes")
struct HostileEchoTests {
  @Test("15: control characters in the source are shown as <U+001B>, the caret under them")
  func controlCharacters() {
    let source = "1+\u{1B}]0;pwned\u{07}"
    let error = MathError(.syntax, "unexpected character", at: SourceRange(2, 3))
    let (shown, caret) = MathError.caretLines(source: source, range: SourceRange(2, 3))
    #expect(shown == "1+<U+001B>]0;pwned<U+0007>")
    #expect(caret == "  ^" + String(repeating: "~", count: 7), "under all 8 cells of <U+001B>")
    let annotated = error.annotated(source: source)
    #expect(!annotated.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(annotated)")
    // Bidirectional overrides and C1 controls too; newlines and tabs are spaces.
    #expect(VisibleText.escaped("a\u{202E}b\u{9B}c") == "a<U+202E>b<U+009B>c")
    #expect(MathError.caretLines(source: "a\n\tb", range: SourceRange(3, 4)) == ("a  b", "   ^"))
  }

  @Test("15: an over-long source is a window of 60 characters each side of the caret, with …")
  func window() {
    let source = String(repeating: "1+", count: 50_000) + "?"
    let error = MathError(.syntax, "unexpected `?`", at: SourceRange(100_000, 100_001))
    let (shown, caret) = MathError.caretLines(source: source, range: SourceRange(100_000, 100_001))
    #expect(shown == "…" + String(repeating: "1+", count: 30) + "?")
    #expect(caret == String(repeating: " ", count: 61) + "^")
    #expect(error.annotated(source: source).count < 200)

    // A range of 95,904 characters (the parser's length limit): the window shows 60 of
    // them under tildes, then 60 more of context, then `…`.
    let (long, tildes) = MathError.caretLines(
      source: source, range: SourceRange(4096, source.count))
    #expect(long.hasPrefix("…") && long.hasSuffix("…"))
    #expect(long.count == 1 + 60 + 60 + 60 + 1)
    #expect(tildes == String(repeating: " ", count: 61) + "^" + String(repeating: "~", count: 59))

    // A short source is shown whole, as before.
    #expect(
      MathError.caretLines(source: "2 * (3 + )", range: SourceRange(9, 10)) == (
        "2 * (3 + )", "         ^"
      ))
  }
}
