/// The one mapping from Unicode to ASCII: every output of bptutor in ASCII style (math,
/// verdicts, headers, key bars, help, lists, diagnostics) goes through this table, so
/// a symbol reads the same everywhere (`∂` → `d`, `×` → `x`, `⁽¹⁾` → `^(1)`).
public enum ASCIIFold {
  /// Single characters and what they become.
  public static let table: [Character: String] = {
    var table: [Character: String] = [
      "×": "x", "−": "-", "–": "-", "—": "-", "·": "*", "…": "...", "⋯": "...", "≈": "~",
      "⇒": "=>", "⟹": "=>", "→": "->", "←": "<-", "↔": "<->", "↑": "^", "↓": "v", "‘": "'",
      "’": "'", "“": "\"", "”": "\"", "✓": "ok", "✗": "x", "│": "|", "─": "-", "┌": "+",
      "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
      "▶": ">", "◀": "<", "▼": "v", "▲": "^", "█": "#", "░": ".", "›": ">", "‹": "<",
      "≤": "<=", "≥": ">=", "≠": "!=", "≡": "==", "∼": "~", "∝": "~", "±": "+/-", "∓": "-/+",
      "÷": "/", "∂": "d", "∇": "grad ", "∞": "inf", "ℓ": "l", "⊤": "T", "‖": "||", "⟨": "<",
      "⟩": ">", "⊙": "(.)", "⊗": "(x)", "⊕": "(+)", "⊘": "(/)", "∘": "o", "∈": "in",
      "∉": "not in", "Σ": "sum ", "∏": "prod ", "∫": "int ", "√": "sqrt", "⎡": "[", "⎢": "[",
      "⎣": "[", "⎤": "]", "⎥": "]", "⎦": "]", "⎛": "(", "⎜": "(", "⎝": "(", "⎞": ")", "⎟": ")",
      "⎠": ")", "⌊": "floor(", "⌋": ")", "⌈": "ceil(", "⌉": ")", "½": "1/2", "⅓": "1/3",
      "¼": "1/4", "¾": "3/4", "ℝ": "R", "ℕ": "N", "ℤ": "Z", "𝟙": "1", "𝔼": "E", "ℙ": "P",
      "∀": "for all ", "∃": "exists ", "∅": "{}", "⋮": ":", "⋱": ".", "′": "'", "∗": "*",
      "⋆": "*", "\u{00A0}": " ", "�": "?", "•": "*", "★": "*", "∑": "sum ",
      "═": "=", "║": "|", "╔": "+", "╗": "+", "╚": "+", "╝": "+", "▏": "|", "▕": "|",
      "°": " deg", "µ": "u", "ℂ": "C", "ℚ": "Q", "ℏ": "hbar", "⅔": "2/3", "⅕": "1/5",
      "⅙": "1/6", "⅛": "1/8", "↦": "|->", "⇐": "<=", "⟺": "<=>", "⇔": "<=>", "∖": "\\",
      "∧": " and ", "∨": " or ", "∩": " cap ", "∪": " cup ", "≪": "<<", "≫": ">>",
      "⊂": " subset ", "⊆": " subseteq ", "⋅": "*", "⎧": "{", "⎨": "{", "⎩": "{", "⎪": "|",
      "⎫": "}", "⎬": "}", "⎭": "}", "␛": "Esc", "ŝ": "s", "ŷ": "y", "Ŷ": "Y",
    ]
    let greek = Dictionary(
      Glyphs.greekNames.compactMap { letter, name in letter.first.map { ($0, name) } },
      uniquingKeysWith: { first, _ in first })
    for (letter, name) in greek { table[letter] = name }
    // Superscript and subscript Greek letters (ᵝ, ᵦ): the marker and the letter's name.
    for (plain, glyph) in Glyphs.superscripts where !plain.isASCII && glyph != plain {
      if let name = greek[plain] { table[glyph] = "^" + name }
    }
    for (plain, glyph) in Glyphs.subscripts where !plain.isASCII && glyph != plain {
      if let name = greek[plain] { table[glyph] = "_" + name }
    }
    return table
  }()

  /// Superscript glyphs and the ASCII they stand for (`⁽` → `(`, `ᵀ` → `T`).
  static let superscripts: [Character: Character] = reversed(Glyphs.superscripts)
  /// Subscript glyphs and the ASCII they stand for.
  static let subscripts: [Character: Character] = reversed(Glyphs.subscripts)

  private static func reversed(_ map: [Character: Character]) -> [Character: Character] {
    var result: [Character: Character] = [:]
    for (plain, glyph) in map where plain.isASCII && glyph != plain {
      result[glyph] = plain
    }
    return result
  }

  /// `text` in ASCII: table entries replaced, a run of superscripts written `^2` or
  /// `^(1)` (subscripts `_i`, `_(12)`), combining accents dropped, anything else `?`.
  public static func fold(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
    var result = ""
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character.isASCII {
        result.append(character)
        index += 1
      } else if superscripts[character] != nil || subscripts[character] != nil {
        let isSuper = superscripts[character] != nil
        let map = isSuper ? superscripts : subscripts
        var run = ""
        while index < characters.count, let plain = map[characters[index]] {
          run.append(plain)
          index += 1
        }
        let marker = isSuper ? "^" : "_"
        result += run.count == 1 || run.first == "(" ? marker + run : marker + "(" + run + ")"
      } else if let replacement = table[character] {
        result += replacement
        index += 1
      } else if let base = character.unicodeScalars.first, base.isASCII {
        // A letter with combining accents (x̃): keep the letter.
        result.unicodeScalars.append(base)
        index += 1
      } else if character.unicodeScalars.allSatisfy(\.extendsCharacter) {
        // A mark apart from its letter (the renderer wrote the letter as a command,
        // `\alpha` + ̂): left out, as the accent of x̃ is.
        index += 1
      } else {
        result += "?"
        index += 1
      }
    }
    return result
  }
}

extension MathStyle {
  /// `text` as this style may show it: unchanged in Unicode, folded in ASCII.
  public func apply(_ text: String) -> String {
    self == .ascii ? ASCIIFold.fold(text) : text
  }
}
