/// The parsed form of a TeX math snippet, as much of TeX as lesson math uses.
indirect enum TexNode: Equatable, Sendable {
  /// An operand-like atom: a letter, a digit run, a Greek letter, ∂, ∞… (Unicode and ASCII forms).
  case symbol(String, ascii: String)
  /// A binary or relational operator: + − = < > ≤ ≥ ≠ ≈ → × · ⊙ ∈ ±.
  case op(String, ascii: String)
  /// Punctuation and brackets: , ; : ( ) [ ] | !
  case punct(String)
  /// A function name set upright: log, exp, max…
  case function(String)
  /// Whitespace in the source, or an explicit space (`\quad` is two).
  case space(Int)
  /// `\text{…}`, verbatim.
  case text(String)
  case group([TexNode])
  /// A base with a subscript and/or a superscript.
  case scripts(base: TexNode, sub: [TexNode]?, sup: [TexNode]?)
  case fraction([TexNode], [TexNode])
  case root([TexNode])
  /// `\begin{bmatrix} … \end{bmatrix}`: kind (bmatrix, pmatrix, vmatrix, matrix) and cells.
  case matrix(String, [[[TexNode]]])
  /// `\left( … \right)`.
  case delimited(String, [TexNode], String)
  /// A combining accent over a base: `\tilde{x}` = x + U+0303.
  case accent(Character, ascii: String, [TexNode])
  /// `\\` outside a matrix: a line break in display math.
  case lineBreak
}
