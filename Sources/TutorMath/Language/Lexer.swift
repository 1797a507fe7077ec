/// Splits an expression into ``Token``s, with the character range of each.
///
/// Accepts the typographic forms a learner may paste: `−` (U+2212) for minus,
/// `·`, `×`, `⋅`, `⊙` for multiplication, `÷` for division, `ᵀ` for transpose, `**` for power.
struct Lexer {
  private let characters: [Character]
  private var position = 0

  init(_ source: String) {
    characters = Array(source)
  }

  /// All tokens, ending with `.end`.
  mutating func tokenize() throws(MathError) -> [Token] {
    var tokens: [Token] = []
    while true {
      let token = try next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private mutating func next() throws(MathError) -> Token {
    var spaceBefore = false
    while position < characters.count,
      characters[position] == " " || characters[position].isWhitespace
    {
      position += 1
      spaceBefore = true
    }
    let start = position
    guard position < characters.count else {
      return Token(kind: .end, range: SourceRange(at: start), spaceBefore: spaceBefore)
    }
    let character = characters[position]
    func token(_ kind: Token.Kind, length: Int = 1) -> Token {
      position += length
      return Token(kind: kind, range: SourceRange(start, position), spaceBefore: spaceBefore)
    }
    switch character {
    case "+": return token(.plus)
    case "-", "−", "–": return token(.minus)
    case "*":
      if peek(1) == "*" { return token(.caret, length: 2) }
      return token(.star)
    case "·", "×", "⋅", "∗", "⊙": return token(.star)
    case "/", "÷": return token(.slash)
    case "^": return token(.caret)
    case "@": return token(.at)
    case "'", "ᵀ", "’": return token(.transpose)
    case "(": return token(.leftParen)
    case ")": return token(.rightParen)
    case "[": return token(.leftBracket)
    case "]": return token(.rightBracket)
    case ",": return token(.comma)
    case ";": return token(.semicolon)
    case "=": return token(.equals)
    case ":": return token(.colon)
    default: break
    }
    if character.isASCII, character.isNumber || (character == "." && isDigit(peek(1))) {
      return try number(spaceBefore: spaceBefore)
    }
    if Self.startsIdentifier(character) {
      while position < characters.count, Self.continuesIdentifier(characters[position]) {
        position += 1
      }
      let name = String(characters[start..<position])
      return Token(
        kind: .identifier(name), range: SourceRange(start, position), spaceBefore: spaceBefore)
    }
    let message = character.unicodeScalars.first.map { scalar in
      guard scalar.value < 0x20 || scalar.value == 0x7F else {
        return "unexpected character `\(character)`"
      }
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "unexpected control character U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }
    throw MathError(
      .syntax, message ?? "unexpected character `\(character)`",
      at: SourceRange(start, start + 1),
      note: character == "{" || character == "}"
        ? "group with parentheses `( )`; brackets `[ ]` make vectors and matrices" : nil)
  }

  /// `3`, `-` is separate; `.5`, `1e-3`, `2.5E+2`, `3.`.
  private mutating func number(spaceBefore: Bool) throws(MathError) -> Token {
    let start = position
    while isDigit(peek(0)) { position += 1 }
    if peek(0) == "." {
      position += 1
      while isDigit(peek(0)) { position += 1 }
    }
    if peek(0) == "e" || peek(0) == "E" {
      let signed = peek(1) == "+" || peek(1) == "-"
      if isDigit(peek(signed ? 2 : 1)) {
        position += signed ? 2 : 1
        while isDigit(peek(0)) { position += 1 }
      }
    }
    let text = String(characters[start..<position])
    guard let value = Double(text) else {
      throw MathError(.syntax, "`\(text)` is not a number", at: SourceRange(start, position))
    }
    guard value.isFinite else {
      throw MathError(
        .notFinite, "`\(text)` is too large for a number", at: SourceRange(start, position))
    }
    return Token(
      kind: .number(value), range: SourceRange(start, position), spaceBefore: spaceBefore)
  }

  private func peek(_ ahead: Int) -> Character? {
    let index = position + ahead
    return index < characters.count ? characters[index] : nil
  }

  private func isDigit(_ character: Character?) -> Bool {
    guard let character else { return false }
    return character.isASCII && character.isNumber
  }

  static func startsIdentifier(_ character: Character) -> Bool {
    if let ascii = character.asciiValue {
      return ascii == 95 || (ascii >= 65 && ascii <= 90) || (ascii >= 97 && ascii <= 122)
    }
    guard character.isLetter, let first = character.unicodeScalars.first else { return false }
    // Modifier letters (ᵀ, ʰ) are not names; ᵀ is the transpose.
    return first.properties.generalCategory != .modifierLetter
  }

  static func continuesIdentifier(_ character: Character) -> Bool {
    if let ascii = character.asciiValue {
      return ascii == 95 || (ascii >= 65 && ascii <= 90) || (ascii >= 97 && ascii <= 122)
        || (ascii >= 48 && ascii <= 57)
    }
    return startsIdentifier(character)
      || "₀₁₂₃₄₅₆₇₈₉".contains(character)
  }
}
