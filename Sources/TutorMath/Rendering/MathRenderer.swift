/// Rendering the TeX math of lesson text for a terminal: Unicode glyphs (∂, σ, W⁽³⁾,
/// x₁, ᵀ, ⎡⎢⎣) or an ASCII fallback, inline on one line or as display blocks of a known
/// width in terminal cells. It never fails and never hangs: unknown commands show as
/// their names, unbalanced braces are tolerated, very deep nesting is shown flat.
public enum MathRenderer {
  /// Inline math on one line: fractions as a/b, matrices as [a b; c d].
  public static func inline(_ tex: String, style: MathStyle = .unicode) -> String {
    var writer = InlineWriter(style: style)
    writer.write(TexParser.parse(tex))
    return writer.result
  }

  /// Display math: stacked fractions, bracketed matrices, tall delimiters. Every line
  /// has the same width in cells; `baseline` is the line that continues the text.
  public static func display(_ tex: String, style: MathStyle = .unicode) -> RenderedBlock {
    let layout = DisplayLayout(style: style)
    let box = layout.box(TexParser.parse(tex))
    return RenderedBlock(lines: box.lines, width: box.width, baseline: box.baseline)
  }

  /// Lesson prose with `$…$` inline math and `$$…$$` display math, word-wrapped to
  /// `width` cells. Inline math is never broken; display blocks stand on their own lines,
  /// indented by 4. Blank lines separate paragraphs; single newlines are spaces.
  public static func prose(_ text: String, width: Int, style: MathStyle = .unicode) -> [String] {
    ProseLayout(width: max(1, width), style: style).lines(text)
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
    self.lines = lines
    self.width = width
    self.baseline = baseline
  }
}
