import TerminalText

/// The tutor's glyphs; in ASCII each is folded by the one table (``ASCIIFold``).
struct Glyphs {
  let ascii: Bool
  func glyph(_ unicode: String) -> String { ascii ? ASCIIFold.fold(unicode) : unicode }
  var right: String { glyph("✓") }
  var wrong: String { glyph("✗") }
  var close: String { glyph("≈") }
  var rule: String { glyph("─") }
  var filled: String { glyph("█") }
  var empty: String { glyph("░") }
  var pointer: String { glyph("›") }
  var arrow: String { glyph("⇒") }
  /// A finished lesson in the menu (ASCII drops the tick rather than print "ok done").
  var done: String { ascii ? "done" : "✓ done" }
  var boxTop: (String, String, String) { (glyph("┌"), glyph("─"), glyph("┐")) }
  var boxSide: String { glyph("│") }
  var boxBottom: (String, String, String) { (glyph("└"), glyph("─"), glyph("┘")) }
  var edge: String { ascii ? "->" : "──▶" }
}
