import TerminalText
import Testing
import TutorEngine

@testable import TutorMath

/// The byte-level prose layout (issue 24) equals the `String` layout it replaced, on
/// random prose mixing ASCII, Greek, operators, combining marks, a cluster-joining
/// prepend mark, wide characters, emoji, control characters and TeX of every kind.
@Suite("Prose fast path equals the general path")
struct ProseFastPathTests {
  /// Pieces random prose is built from: words, spaces, line breaks, math, and scalars
  /// whose `Character`s are not single scalars.
  static let pieces: [String] = [
    "a", "word", "gradient", "x", " ", " ", " ", "  ", "\n", "\n\n", "\t", ".", ",", "(", ")",
    "σ", "∂L/∂W", "—", "é", "e\u{301}", "\u{600}", "\u{600} ", "漢字", "👍🏽", "\u{200D}", "\u{A0}",
    "\u{1B}", "\r", "\\$", "$", "$$", "\u{FFFD}", "x\u{303}", "⟨", "⟩",
    "$x_1$", "$W^{(3)}$", "$\\frac{a}{b}$", "$a = b + c$", "$\\sigma(z) (1 - \\sigma(z))$",
    "$\\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}$",
    "$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$",
    "$W = \\begin{bmatrix} 0.5 & -0.25 \\\\ 1 & 2 \\end{bmatrix}.$",
    "$\\left( \\frac{1}{2} \\right)$", "$\\tilde{x}$", "$\\text{loss } L$", "$[1, 2] + [3, 4]$",
    "$$\\frac{\\partial L}{\\partial w} = \\delta x$$", "$$a \\\\ b$$",
    "$\\begin{pmatrix} \\frac{1}{2} & x \\\\ y & z \\end{pmatrix}$", "$\\sqrt{\\frac{a}{b}}$",
    "$\\langle a, b \\rangle$", "$e^{-x}$", "$\\mathbb{R}^{n}$", "$\\hat{y} - y$",
  ]

  static func randomProse(_ generator: inout SeededGenerator) -> String {
    let count = Int.random(in: 0...24, using: &generator)
    return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
  }

  @Test("random prose lays out the same at random widths, both styles, with and without blocks")
  func layoutEqualsReference() {
    var generator = SeededGenerator(seed: 24)
    for _ in 0..<3000 {
      let text = MathRenderer.visible(Self.randomProse(&generator), keepingNewlines: true)
      let width = [1, 2, 5, 8, 12, 20, 40, 80, 1001].randomElement(using: &generator)!
      let style: MathStyle = Bool.random(using: &generator) ? .unicode : .ascii
      let blocks = Bool.random(using: &generator)
      let fast = ProseLayout(width: width, style: style, matrixBlocks: blocks).lines(text)
      let general = ReferenceProseLayout(width: width, style: style, matrixBlocks: blocks)
        .lines(text)
      #expect(fast == general, "width \(width) \(style) blocks \(blocks): \(text.debugDescription)")
      if fast != general { return }
    }
  }

  @Test("trailing spaces go as String drops them, also after a mark that joins a space")
  func trimmingEqualsString() {
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<5000 {
      let text =
        Self.randomProse(&generator)
        + String(repeating: " ", count: Int.random(in: 0...3, using: &generator))
      var expected = text
      while expected.last == " " { expected.removeLast() }
      var bytes = Array(text.utf8)
      ProseBytes.trimTrailingSpaces(&bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(text.debugDescription)")
    }
    // U+0600 (a prepended mark) and the space after it are one `Character`: kept.
    var joined = Array("x\u{600} ".utf8)
    ProseBytes.trimTrailingSpaces(&joined)
    #expect(joined == Array("x\u{600} ".utf8))
  }

  @Test("white space by table is Unicode's White_Space, over every scalar")
  func spaceTable() {
    var spaces = 0
    var differing: [String] = []
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      if ProseBytes.isSpace(scalar) != scalar.isSpace { differing.append(String(value, radix: 16)) }
      if scalar.isSpace { spaces += 1 }
    }
    #expect(differing.isEmpty, "differ at U+\(differing)")
    #expect(spaces == 25)
    for byte in UInt8(0)..<0x80 {
      #expect(ProseBytes.isSpace(byte) == Unicode.Scalar(byte).isSpace)
    }
  }

  @Test("control characters become U+FFFD, tabs and line breaks spaces, newlines kept if asked")
  func visibleBytes() {
    var generator = SeededGenerator(seed: 3)
    for _ in 0..<2000 {
      let text = Self.randomProse(&generator)
      for keeping in [true, false] {
        var expected = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
          switch scalar.value {
          case 0x0A where keeping: expected.append(scalar)
          case 0x09, 0x0A, 0x0D: expected.append(" ")
          case 0..<0x20, 0x7F: expected.append("\u{FFFD}")
          default: expected.append(scalar)
          }
        }
        #expect(MathRenderer.visible(text, keepingNewlines: keeping) == String(expected))
      }
    }
  }

  /// Boxes trust the width of lines they built (``TexBox/horizontal(_:)``, centring,
  /// right alignment, a matrix's rows): that width is what measuring would give.
  @Test("every box's lines measure its width, built or laid out, on random text and TeX")
  func boxWidthsAreMeasured() {
    var generator = SeededGenerator(seed: 5)
    func measured(_ box: TexBox) -> Bool {
      box.lines.allSatisfy { TextWidth.cells(of: $0) == box.width }
    }
    let words = ["", "a", "σ", "漢字", "x\u{303}", "👍🏽", "  ", "⎡", "‖", "e\u{301}"]
    for _ in 0..<2000 {
      var boxes: [TexBox] = []
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let lines = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
          (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            words.randomElement(using: &generator)!
          }.joined()
        }
        boxes.append(
          TexBox(lines: lines, baseline: Int.random(in: 0..<lines.count, using: &generator)))
      }
      let row = TexBox.horizontal(boxes)
      let width = Int.random(in: 0...12, using: &generator)
      for box in boxes + [row, row.centered(in: width), row.rightAligned(in: width)] {
        #expect(measured(box), "\(box.lines) width \(box.width)")
      }
    }
    for _ in 0..<1000 {
      let tex = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
        Self.pieces.filter { $0.hasPrefix("$") }.randomElement(using: &generator)!
          .filter { $0 != "$" }
      }.joined(separator: " ")
      for style in [MathStyle.unicode, .ascii] {
        let block = MathRenderer.display(tex, style: style)
        #expect(
          block.lines.allSatisfy { TextWidth.cells(of: $0) == block.width }, "\(tex) \(style)")
      }
    }
  }

  @Test("bytes decode to the string's scalars and measure its cells")
  func decodingAndCells() {
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<3000 {
      let text = Self.randomProse(&generator)
      let bytes = Array(text.utf8)
      var scalars: [Unicode.Scalar] = []
      var index = 0
      while index < bytes.count { scalars.append(ProseBytes.decode(bytes, at: &index)) }
      #expect(scalars == Array(text.unicodeScalars), "\(text.debugDescription)")
      #expect(ProseBytes.cells(of: bytes[...]) == TextWidth.cells(of: text))
      #expect(scalars.map(ProseBytes.length(of:)).reduce(0, +) == bytes.count)
    }
    // Every length of UTF-8: 1 to 4 bytes.
    let text = "a\u{E9}\u{2202}\u{1D4AA}"
    var index = 0
    let bytes = Array(text.utf8)
    var decoded: [Unicode.Scalar] = []
    while index < bytes.count { decoded.append(ProseBytes.decode(bytes, at: &index)) }
    #expect(decoded == Array(text.unicodeScalars))
  }
}
