import TerminalText

/// Rendering the TeX math of lesson text for a terminal: Unicode glyphs (∂, σ, W⁽³⁾,
/// x₁, ᵀ, ⎡⎢⎣) or an ASCII fallback, inline on one line or as display blocks of a known
/// width in terminal cells. It never fails and never hangs: unknown commands show as
/// their names, unbalanced braces are tolerated, very deep nesting is shown flat.
public enum MathRenderer {
  /// Inline math on one line: fractions as a/b, matrices as [a b; c d].
  public static func inline(_ tex: String, style: MathStyle = .unicode) -> String {
    var writer = InlineWriter(style: style)
    writer.write(TexParser.parse(visible(tex)))
    return writer.result
  }

  /// Display math: stacked fractions, bracketed matrices, tall delimiters. Every line
  /// has the same width in cells; `baseline` is the line that continues the text.
  public static func display(_ tex: String, style: MathStyle = .unicode) -> RenderedBlock {
    display(TexParser.parse(visible(tex)), style: style)
  }

  /// Display math of parsed TeX.
  static func display(_ nodes: [TexNode], style: MathStyle) -> RenderedBlock {
    let box = DisplayLayout(style: style).box(nodes)
    return RenderedBlock(lines: box.lines, width: box.width, baseline: box.baseline)
  }

  /// Lesson prose with `$…$` inline math and `$$…$$` display math, word-wrapped to
  /// `width` cells. Inline math is never broken; display blocks stand on their own lines,
  /// indented by 4. Blank lines separate paragraphs; single newlines are spaces.
  ///
  /// With `matrixBlocks`, inline math holding a matrix (`\begin{bmatrix}`, as placeholders
  /// fill them) is drawn in 2-D on lines of its own, the text around it on its baseline,
  /// when it fits the width; otherwise, and without `matrixBlocks`, inline: `[1; -1]`.
  public static func prose(
    _ text: String, width: Int, style: MathStyle = .unicode, matrixBlocks: Bool = true
  ) -> [String] {
    ProseLayout(width: max(1, width), style: style, matrixBlocks: matrixBlocks)
      .lines(visible(text, keepingNewlines: true))
  }

  /// Control characters shown as `�`: an ESC or BEL must never reach the terminal
  /// (`check` refuses them in lessons; `bptutor render` takes anything). Tabs are spaces.
  static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
    // Bytes: a control character is ASCII, and no byte of a longer UTF-8 sequence is.
    var source = text
    return source.withUTF8 { bytes in
      func kept(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte != 0x7F) || (byte == 0x0A && keepingNewlines)
      }
      guard !bytes.allSatisfy(kept) else { return text }
      var result: [UInt8] = []
      result.reserveCapacity(bytes.count + 16)
      for byte in bytes {
        if kept(byte) {
          result.append(byte)
        } else if byte == 0x09 || byte == 0x0A || byte == 0x0D {
          result.append(UInt8(ascii: " "))
        } else {
          result.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD
        }
      }
      return String(decoding: result, as: UTF8.self)
    }
  }
}

/// A display block of rendered math.
public struct RenderedBlock: Equatable, Sendable {
  /// All padded with spaces to the same cell width.
  public var lines: [String]
  /// In terminal cells, equal for every line.
  public var width: Int
  /// The line that lines up with surrounding text.
  public var baseline: Int

  public init(lines: [String], width: Int, baseline: Int) {
    (self.lines, self.width, self.baseline) = (lines, width, baseline)
  }
}
