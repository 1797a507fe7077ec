import TutorEngine
import TutorMath

/// Filling placeholders with values: what a binding does to show lesson prose.
extension Placeholders {
  /// The most entries a placeholder's value may have (a 10×10 matrix).
  public static let maximumEntries = 100

  /// `text` with every placeholder replaced by its value: a number, or in math a
  /// vector/matrix as TeX `\begin{bmatrix}…\end{bmatrix}` (inline: `[3; 0]`). A negative
  /// number right after `+`, `-` or a product sign is parenthesised: `6 - (-3)`.
  ///
  /// A value `concealingStep` names a step for (0-based) is not shown: it becomes `?`
  /// and names that step, `? (step 3)`, so prose never gives away an unearned answer.
  ///
  /// A value of more than ``maximumEntries`` entries is never formatted: it is an error
  /// (what `check` reports), or with `markingOversized` (what a learner's screen uses) a
  /// short marker, `(1000×1000 values: too many to show)`, so no text can make the tutor
  /// format and lay out a million numbers.
  public static func fill(
    _ prose: Prose, concealingStep: (Expr?, Tensor) -> Int? = { _, _ in nil },
    markingOversized: Bool = false,
    value: (Expr, String) throws(MathError) -> Tensor
  ) throws(PlaceholderError) -> String {
    // Walked by index (character offsets, as the placeholders count): copying the prose
    // into an array of characters and back cost 40,000 instructions a placeholder.
    let text = prose.text
    var output = ""
    var cursor = text.startIndex
    var cursorOffset = 0
    for occurrence in prose.placeholders {
      let lower = text.index(cursor, offsetBy: occurrence.range.lowerBound - cursorOffset)
      output += text[cursor..<lower]
      let upper = text.index(lower, offsetBy: occurrence.range.count, limitedBy: text.endIndex)
      cursor = upper ?? text.endIndex
      cursorOffset = occurrence.range.upperBound
      guard let upper, upper > lower, text[text.index(before: upper)] == "}"
      else {
        throw PlaceholderError(
          error: MathError(.syntax, "unclosed `{` of a placeholder", at: SourceRange(at: 0)),
          offset: occurrence.offset - 1)
      }
      let tensor: Tensor
      do throws(MathError) {
        let expr: Expr
        switch occurrence.parsed {
        case .success(let parsed): expr = parsed
        case .failure(let error): throw error
        }
        tensor = try value(expr, occurrence.expression.trimmingWhitespace())
      } catch {
        throw PlaceholderError(error: error, offset: occurrence.offset + occurrence.leading)
      }
      var shown: String
      if let step = concealingStep(try? occurrence.parsed.get(), tensor) {
        output += occurrence.inMath ? "?\\,\\text{(step \(step + 1))}" : "? (step \(step + 1))"
        continue
      }
      if tensor.count > maximumEntries {
        let size = tensor.shape.map(String.init).joined(separator: "×")
        guard markingOversized else {
          throw PlaceholderError(
            error: MathError(
              .limit,
              "this value has \(size) = \(tensor.count) entries; a placeholder shows at most "
                + "\(maximumEntries)",
              at: SourceRange(0, occurrence.expression.trimmingWhitespace().count),
              note: "show a few entries (an index or a slice such as W[1:2, :]) or a sum"),
            offset: occurrence.offset + occurrence.leading)
        }
        let marker = "(\(size) values: too many to show)"
        output += occurrence.inMath ? "\\text{\(marker)}" : marker
        continue
      }
      if let number = tensor.scalarValue {
        shown = NumberFormat.string(number)
      } else if occurrence.inMath, tensor.rank == 2 {
        // TeX, so the renderer keeps entries apart: `[1 -1]` would read as `1 − 1`.
        shown = bmatrix(tensor)
      } else {
        shown = TensorFormat.inline(tensor)
      }
      if let number = tensor.scalarValue, number < 0, followsOperator(output) {
        shown = "(" + shown + ")"
      }
      output += shown
    }
    output += text[cursor...]
    return output
  }

  private static func followsOperator(_ text: String) -> Bool {
    let trimmed = text.trimmingWhitespace()
    if let last = trimmed.last, "+-−*·×".contains(last) { return true }
    return trimmed.hasSuffix("\\cdot") || trimmed.hasSuffix("\\times")
  }

  static func bmatrix(_ tensor: Tensor) -> String {
    let (rows, columns) = (tensor.shape[0], tensor.shape[1])
    let body = (0..<rows).map { row in
      (0..<columns).map { NumberFormat.string(tensor.scalars[row * columns + $0]) }
        .joined(separator: " & ")
    }.joined(separator: " \\\\ ")
    return "\\begin{bmatrix} \(body) \\end{bmatrix}"
  }
}

/// A placeholder that could not be filled, at its offset in the prose.
public struct PlaceholderError: Error, Sendable {
  public var error: MathError
  /// Where the placeholder's expression starts in the prose; add the error's range.
  public var offset: Int
}
