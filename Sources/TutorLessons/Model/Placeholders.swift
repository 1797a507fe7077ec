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
    var memo = ParseMemo()
    return occurrences(in: text, displayBlock: displayBlock, memo: &memo)
  }

  /// The placeholders of `text`, each parsed with `memo` (once per distinct text).
  static func occurrences(in text: String, displayBlock: Bool, memo: inout ParseMemo)
    -> [Occurrence]
  {
    // ASCII prose is scanned as bytes (a byte is a character there, but for "\r\n"): an
    // array of characters compares each as a string, about 60,000 instructions a text.
    if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
      return scan(
        Array(text.utf8), displayBlock: displayBlock, memo: &memo, symbols: asciiSymbols,
        isLetter: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A },
        string: { String(decoding: $0, as: UTF8.self) })
    }
    return scan(
      Array(text), displayBlock: displayBlock, memo: &memo, symbols: characterSymbols,
      isLetter: \.isLetter, string: { String($0) })
  }

  /// The delimiters, as characters or as bytes.
  private struct Symbols<Element: Sendable>: Sendable {
    var backslash, dollar, open, close, caret, underscore, bracket: Element
  }

  private static let characterSymbols = Symbols<Character>(
    backslash: "\\", dollar: "$", open: "{", close: "}", caret: "^", underscore: "_",
    bracket: "]")

  private static let asciiSymbols = Symbols<UInt8>(
    backslash: UInt8(ascii: "\\"), dollar: UInt8(ascii: "$"), open: UInt8(ascii: "{"),
    close: UInt8(ascii: "}"), caret: UInt8(ascii: "^"), underscore: UInt8(ascii: "_"),
    bracket: UInt8(ascii: "]"))

  private static func scan<Element: Equatable & Sendable>(
    _ characters: [Element], displayBlock: Bool, memo: inout ParseMemo, symbols: Symbols<Element>,
    isLetter: (Element) -> Bool, string: (ArraySlice<Element>) -> String
  ) -> [Occurrence] {
    var result: [Occurrence] = []
    var inMath = displayBlock
    var inDisplay = displayBlock
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == symbols.backslash, index + 1 < characters.count {
        index += 2  // `\{`, `\$`, `\frac`…: the escaped character is not special
        continue
      }
      if character == symbols.dollar, !displayBlock {
        if index + 1 < characters.count, characters[index + 1] == symbols.dollar {
          inDisplay.toggle()
          inMath = inDisplay
          index += 2
        } else {
          inMath.toggle()
          index += 1
        }
        continue
      }
      if character == symbols.open,
        !(inMath && opensTeXGroup(characters, at: index, symbols: symbols, isLetter: isLetter))
      {
        var depth = 1
        var end = index + 1
        while end < characters.count, depth > 0 {
          if characters[end] == symbols.open { depth += 1 }
          if characters[end] == symbols.close { depth -= 1 }
          if depth > 0 { end += 1 }
        }
        let expression = string(characters[(index + 1)..<min(end, characters.count)])
        let parsed = memo.parse(expression.trimmingWhitespace())
        result.append(
          Occurrence(
            expression: expression, offset: index + 1,
            range: index..<min(end + 1, characters.count), inMath: inMath, inDisplay: inDisplay,
            parsed: parsed, leading: expression.prefix { $0.isWhitespace }.count))
        index = end + 1
        continue
      }
      if character == symbols.open {
        // A TeX group: skip to its end, so `\frac{a}{b}` does not open placeholders.
        var depth = 1
        index += 1
        while index < characters.count, depth > 0 {
          if characters[index] == symbols.backslash {
            index += 2
            continue
          }
          if characters[index] == symbols.open { depth += 1 }
          if characters[index] == symbols.close { depth -= 1 }
          index += 1
        }
        continue
      }
      index += 1
    }
    return result
  }

  private static func opensTeXGroup<Element: Equatable & Sendable>(
    _ characters: [Element], at index: Int, symbols: Symbols<Element>,
    isLetter: (Element) -> Bool
  ) -> Bool {
    guard index > 0 else { return false }
    let previous = characters[index - 1]
    return previous == symbols.caret || previous == symbols.underscore
      || previous == symbols.close || previous == symbols.bracket || isLetter(previous)
  }
}
