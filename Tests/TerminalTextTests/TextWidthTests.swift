import Testing

@testable import TerminalText

@Suite("Terminal cell widths")
struct TextWidthTests {
  @Test(
    "each string occupies the cells a terminal gives it",
    arguments: [
      ("abc", 3),
      ("∂J/∂W⁽³⁾", 8),
      ("⎡1  2⎤", 6),
      ("x\u{0303}", 1),  // x + combining tilde
      ("漢字", 4),
      ("σ(1 − σ)", 8),
      ("", 0),
    ])
  func width(text: String, cells: Int) {
    #expect(TextWidth.cells(of: text) == cells)
  }

  @Test("the quick path for common blocks agrees with the Unicode lookup on every scalar")
  func commonBlocksAgreeWithLookup() {
    var covered = 0
    var disagreements: [String] = []
    for value in UInt32(0xA0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value), let quick = TextWidth.commonCells(value) else {
        continue
      }
      covered += 1
      if quick != TextWidth.cellsByLookup(scalar) {
        disagreements.append("U+" + String(value, radix: 16, uppercase: true))
      }
    }
    #expect(disagreements.isEmpty)
    #expect(covered > 4_000)  // the quick path really answers for the common blocks
    #expect(TextWidth.commonCells(0xAD) == 0)  // soft hyphen
    #expect(TextWidth.commonCells(0x0303) == nil)  // a combining mark goes to the lookup
  }

  @Test("a scalar that stands alone is a character of its own beside any other that does")
  func standingAlone() {
    let alone = (UInt32(0)...0x1D7FF).compactMap(Unicode.Scalar.init).filter(TextWidth.standsAlone)
    #expect(alone.count > 4_000)
    // ASCII controls, the soft hyphen, letters, math, pictographic symbols, box drawing.
    let neighbours: [Unicode.Scalar] = [
      "\r", "\n", "\u{7F}", "a", " ", "\u{AD}", "∂", "\u{1D465}", "▶", "™", "©", "─", "⁽",
    ]
    var joined: [String] = []
    for scalar in alone {
      for neighbour in neighbours where !(scalar == "\r" && neighbour == "\n") {
        var pair = String.UnicodeScalarView()
        pair.append(scalar)
        pair.append(neighbour)
        if String(pair).count != 2 { joined.append("U+\(String(scalar.value, radix: 16))") }
        var reversed = String.UnicodeScalarView()
        reversed.append(neighbour)
        reversed.append(scalar)
        if neighbour != "\r" || scalar != "\n", String(reversed).count != 2 {
          joined.append("U+\(String(scalar.value, radix: 16)) after")
        }
      }
    }
    #expect(joined.isEmpty)
    // Those that join a cluster do not stand alone.
    for joiner: Unicode.Scalar in [
      "\u{0303}", "\u{200D}", "\u{FE0F}", "\u{1F1E6}", "\u{1100}", "\u{0903}",
    ] {
      #expect(!TextWidth.standsAlone(joiner), "U+\(String(joiner.value, radix: 16))")
    }
  }

  @Test("text of scalars that stand alone is drawn into the same cells a scalar at a time")
  func drawnByScalars() {
    let pool = Array("ab ∂J/∂W⁽³⁾ ─│┌ ▶ ™ © x\u{AD}y \u{7F}\t\r\n ᵀᵢ αβ 𝑥 ⟨⟩ ≤ → ½")
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      let text = String(
        (0..<Int.random(in: 0...40, using: &generator)).map { _ in
          pool.randomElement(using: &generator)!
        })
      #expect(text.unicodeScalars.allSatisfy(TextWidth.standsAlone))
      let column = Int.random(in: -3...10, using: &generator)
      let limit = Bool.random(using: &generator) ? Int.random(in: 0...30, using: &generator) : nil
      var byScalars = ScreenBuffer(width: 24, height: 2)
      var byCharacters = ScreenBuffer(width: 24, height: 2)
      let end = byScalars.write(
        text, row: 1, column: column, style: .bold, limit: limit, byScalars: true)
      let characterEnd = byCharacters.write(
        text, row: 1, column: column, style: .bold, limit: limit, byScalars: false)
      #expect(byScalars == byCharacters, "\(text.debugDescription) from column \(column)")
      #expect(end == characterEnd)
    }
  }

  @Test("wrapping plain text: words kept whole, continuation indented, long words split")
  func wrap() {
    #expect(
      TextWidth.wrap("✗ incorrect — both give the same derivatives", width: 20, indent: 2)
        == ["✗ incorrect — both", "  give the same", "  derivatives"])
    #expect(TextWidth.wrap("short", width: 20) == ["short"])
    #expect(TextWidth.wrap("", width: 20) == [""])
    // Every line fits, even with a word longer than the width.
    let long = "a " + String(repeating: "x", count: 30) + " b"
    let lines = TextWidth.wrap(long, width: 12, indent: 2)
    #expect(lines.allSatisfy { TextWidth.cells(of: $0) <= 12 })
    #expect(lines.joined().filter { $0 == "x" }.count == 30)
    // Wide characters count two cells.
    #expect(TextWidth.wrap("漢字 漢字 漢字", width: 10).map { TextWidth.cells(of: $0) } == [9, 4])
  }

  @Test("truncating to a width ends in an ellipsis only when something was cut")
  func truncated() {
    #expect(TextWidth.truncated("A 1-2-2-1 ReLU network", to: 30) == "A 1-2-2-1 ReLU network")
    #expect(TextWidth.truncated("A 1-2-2-1 ReLU network", to: 12) == "A 1-2-2-1 R…")
    #expect(
      TextWidth.truncated("Softmax and cross-entropy", to: 12, ellipsis: "...") == "Softmax a...")
    #expect(TextWidth.cells(of: TextWidth.truncated("漢字漢字漢字", to: 6)) <= 6)
  }
}
