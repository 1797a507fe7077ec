import TutorMath

/// Finds the `{expr}` placeholders of lesson prose, each parsed once at load (filling
/// them with a binding's values is ``fill(_:concealingStep:markingOversized:value:)``).
///
/// Outside `$…$` math every `{…}` is a placeholder. Inside math, TeX's own groups stay
/// TeX: a `{` right after `^`, `_`, `}`, `]` or a letter (`\frac{`, `W^{(1)}`,
/// `\text{`) opens a TeX group; anywhere else (after a space, `(`, `=`, an operator,
/// a digit) it is a placeholder: `$= -2({y} - {h3}) = {dJ_dh3}$`. Write `\{` for a
/// literal brace.
public enum Placeholders {
  /// One placeholder: the expression text and its character offset in the prose.
  public struct Occurrence: Equatable, Sendable {
    public var expression: String
    /// Offset of the first character of the expression (after `{`).
    public var offset: Int
    /// Offset of the `{` and one past the `}`.
    public var range: Range<Int>
    /// Whether it sits inside `$…$` or `$$…$$` math.
    public var inMath: Bool
    /// Whether it sits inside display math `$$…$$` (or a display block).
    public var inDisplay: Bool
    /// The expression parsed (without surrounding spaces), or why it could not be.
    public var parsed: Result<Expr, MathError>
    /// Spaces before the expression: its parse error ranges start after them.
    public var leading: Int
  }

  /// The placeholders of `text`, in order; an unclosed `{` is reported as an occurrence
  /// running to the end (its expression will fail to parse there).
  public static func occurrences(in text: String, displayBlock: Bool = false) -> [Occurrence] {
    let characters = Array(text)
    var result: [Occurrence] = []
    var inMath = displayBlock
    var inDisplay = displayBlock
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\", index + 1 < characters.count {
        index += 2  // `\{`, `\$`, `\frac`…: the escaped character is not special
        continue
      }
      if character == "$", !displayBlock {
        if index + 1 < characters.count, characters[index + 1] == "$" {
          inDisplay.toggle()
          inMath = inDisplay
          index += 2
        } else {
          inMath.toggle()
          index += 1
        }
        continue
      }
      if character == "{", !(inMath && opensTeXGroup(characters, at: index)) {
        var depth = 1
        var end = index + 1
        while end < characters.count, depth > 0 {
          if characters[end] == "{" { depth += 1 }
          if characters[end] == "}" { depth -= 1 }
          if depth > 0 { end += 1 }
        }
        let expression = String(characters[(index + 1)..<min(end, characters.count)])
        let parsed: Result<Expr, MathError>
        do {
          parsed = .success(try Parser.parse(expression.trimmingWhitespace()))
        } catch {
          parsed = .failure(error)
        }
        result.append(
          Occurrence(
            expression: expression, offset: index + 1,
            range: index..<min(end + 1, characters.count), inMath: inMath, inDisplay: inDisplay,
            parsed: parsed, leading: expression.prefix { $0.isWhitespace }.count))
        index = end + 1
        continue
      }
      if character == "{" {
        // A TeX group: skip to its end, so `\frac{a}{b}` does not open placeholders.
        var depth = 1
        index += 1
        while index < characters.count, depth > 0 {
          if characters[index] == "\\" {
            index += 2
            continue
          }
          if characters[index] == "{" { depth += 1 }
          if characters[index] == "}" { depth -= 1 }
          index += 1
        }
        continue
      }
      index += 1
    }
    return result
  }

  private static func opensTeXGroup(_ characters: [Character], at index: Int) -> Bool {
    guard index > 0 else { return false }
    let previous = characters[index - 1]
    return previous == "^" || previous == "_" || previous == "}" || previous == "]"
      || previous.isLetter
  }
}
