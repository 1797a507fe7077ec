/// Splits an expression into ``Token``s, with the character range of each.
///
/// Accepts the typographic forms a learner may paste: `−` (U+2212) for minus,
/// `·`, `×`, `⋅`, `⊙` for multiplication, `÷` for division, `ᵀ` for transpose, `**` for power.
///
/// Text that is ASCII without a carriage return is read a byte at a time: each byte is
/// one character there ("\r\n" is the one pair of ASCII bytes that makes one character),
/// so the ranges are the same as those counted in characters, and no grapheme breaking
/// or Unicode property lookup is needed. Any other text is read a `Character` at a time.
/// Both go through the one ``Scanner``: the rules are written once.
struct Lexer {
  private let source: String
  /// Whether the source is read a byte at a time.
  private let readsBytes: Bool

  init(_ source: String) {
    self.source = source
    readsBytes = Self.readsBytes(source)
  }

  /// The length of the source in characters.
  var count: Int { readsBytes ? source.utf8.count : source.count }

  /// Whether `text` is read a byte at a time (every byte ASCII, none a carriage return).
  static func readsBytes(_ text: some StringProtocol) -> Bool {
    text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
  }

  /// All tokens, ending with `.end`.
  func tokenize() throws(MathError) -> [Token] {
    if readsBytes {
      var scanner = Scanner<ASCIIRules>(Array(source.utf8))
      return try scanner.tokenize()
    }
    return try tokenizeCharacters()
  }

  /// All tokens, read a `Character` at a time whatever the text (the general path, which
  /// the byte path must match token for token).
  func tokenizeCharacters() throws(MathError) -> [Token] {
    var scanner = Scanner<CharacterRules>(Array(source))
    return try scanner.tokenize()
  }

  static func startsIdentifier(_ character: Character) -> Bool {
    CharacterRules.startsIdentifier(character)
  }

  static func continuesIdentifier(_ character: Character) -> Bool {
    CharacterRules.continuesIdentifier(character)
  }
}

/// What the ``Scanner`` asks of a unit of source: a `Character`, or a byte of text that
/// ``Lexer/readsBytes(_:)``.
protocol LexerRules {
  associatedtype Unit: Equatable
  /// The unit as a character, for messages.
  static func character(_ unit: Unit) -> Character
  /// Whitespace (which separates tokens and is skipped).
  static func isSpace(_ unit: Unit) -> Bool
  /// `0`…`9`.
  static func isDigit(_ unit: Unit) -> Bool
  /// The token this unit makes on its own (`*` aside, which may begin `**`), or nil.
  static func symbol(_ unit: Unit) -> Token.Kind?
  static func startsIdentifier(_ unit: Unit) -> Bool
  static func continuesIdentifier(_ unit: Unit) -> Bool
  /// The text of `units`.
  static func text(_ units: ArraySlice<Unit>) -> String
  static var star: Unit { get }
  static var dot: Unit { get }
  static var plus: Unit { get }
  static var hyphen: Unit { get }
  static var lowerE: Unit { get }
  static var upperE: Unit { get }
}

/// The lexer's rules, over characters or over ASCII bytes.
struct Scanner<Rules: LexerRules> {
  typealias Unit = Rules.Unit
  private let units: [Unit]
  private var position = 0

  init(_ units: [Unit]) {
    self.units = units
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
    while position < units.count, Rules.isSpace(units[position]) {
      position += 1
      spaceBefore = true
    }
    let start = position
    guard position < units.count else {
      return Token(kind: .end, range: SourceRange(at: start), spaceBefore: spaceBefore)
    }
    let unit = units[position]
    func token(_ kind: Token.Kind, length: Int = 1) -> Token {
      position += length
      return Token(kind: kind, range: SourceRange(start, position), spaceBefore: spaceBefore)
    }
    if unit == Rules.star {
      return peek(1) == Rules.star ? token(.caret, length: 2) : token(.star)
    }
    if let kind = Rules.symbol(unit) { return token(kind) }
    if Rules.isDigit(unit) || (unit == Rules.dot && isDigit(peek(1))) {
      return try number(spaceBefore: spaceBefore)
    }
    if Rules.startsIdentifier(unit) {
      while position < units.count, Rules.continuesIdentifier(units[position]) {
        position += 1
      }
      let name = Rules.text(units[start..<position])
      return Token(
        kind: .identifier(name), range: SourceRange(start, position), spaceBefore: spaceBefore)
    }
    let character = Rules.character(unit)
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
    if peek(0) == Rules.dot {
      position += 1
      while isDigit(peek(0)) { position += 1 }
    }
    if peek(0) == Rules.lowerE || peek(0) == Rules.upperE {
      let signed = peek(1) == Rules.plus || peek(1) == Rules.hyphen
      if isDigit(peek(signed ? 2 : 1)) {
        position += signed ? 2 : 1
        while isDigit(peek(0)) { position += 1 }
      }
    }
    let text = Rules.text(units[start..<position])
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

  private func peek(_ ahead: Int) -> Unit? {
    let index = position + ahead
    return index < units.count ? units[index] : nil
  }

  private func isDigit(_ unit: Unit?) -> Bool {
    guard let unit else { return false }
    return Rules.isDigit(unit)
  }
}

/// The rules over `Character`s: any text.
enum CharacterRules: LexerRules {
  static func character(_ unit: Character) -> Character { unit }
  static func isSpace(_ unit: Character) -> Bool { unit == " " || unit.isWhitespace }
  static func isDigit(_ unit: Character) -> Bool { unit.isASCII && unit.isNumber }

  static func symbol(_ unit: Character) -> Token.Kind? {
    switch unit {
    case "+": return .plus
    case "-", "−", "–": return .minus
    case "·", "×", "⋅", "∗", "⊙": return .star
    case "/", "÷": return .slash
    case "^": return .caret
    case "@": return .at
    case "'", "ᵀ", "’": return .transpose
    case "(": return .leftParen
    case ")": return .rightParen
    case "[": return .leftBracket
    case "]": return .rightBracket
    case ",": return .comma
    case ";": return .semicolon
    case "=": return .equals
    case ":": return .colon
    default: return nil
    }
  }

  static func startsIdentifier(_ unit: Character) -> Bool {
    if let ascii = unit.asciiValue { return ASCIIRules.startsIdentifier(ascii) }
    guard unit.isLetter, let first = unit.unicodeScalars.first else { return false }
    // Modifier letters (ᵀ, ʰ) are not names; ᵀ is the transpose.
    return first.properties.generalCategory != .modifierLetter
  }

  static func continuesIdentifier(_ unit: Character) -> Bool {
    if let ascii = unit.asciiValue { return ASCIIRules.continuesIdentifier(ascii) }
    return startsIdentifier(unit) || "₀₁₂₃₄₅₆₇₈₉".contains(unit)
  }

  static func text(_ units: ArraySlice<Character>) -> String { String(units) }
  static var star: Character { "*" }
  static var dot: Character { "." }
  static var plus: Character { "+" }
  static var hyphen: Character { "-" }
  static var lowerE: Character { "e" }
  static var upperE: Character { "E" }
}

/// The rules over the bytes of ASCII text without a carriage return, where a byte is a
/// character: the same answers ``CharacterRules`` gives for that character.
enum ASCIIRules: LexerRules {
  static func character(_ unit: UInt8) -> Character { Character(Unicode.Scalar(unit)) }
  /// Tab, line feed, vertical tab, form feed, carriage return and space: the ASCII
  /// characters that are `isWhitespace`.
  static func isSpace(_ unit: UInt8) -> Bool { unit == 0x20 || (unit >= 0x09 && unit <= 0x0D) }
  static func isDigit(_ unit: UInt8) -> Bool { unit >= 0x30 && unit <= 0x39 }

  static func symbol(_ unit: UInt8) -> Token.Kind? {
    switch unit {
    case UInt8(ascii: "+"): return .plus
    case UInt8(ascii: "-"): return .minus
    case UInt8(ascii: "/"): return .slash
    case UInt8(ascii: "^"): return .caret
    case UInt8(ascii: "@"): return .at
    case UInt8(ascii: "'"): return .transpose
    case UInt8(ascii: "("): return .leftParen
    case UInt8(ascii: ")"): return .rightParen
    case UInt8(ascii: "["): return .leftBracket
    case UInt8(ascii: "]"): return .rightBracket
    case UInt8(ascii: ","): return .comma
    case UInt8(ascii: ";"): return .semicolon
    case UInt8(ascii: "="): return .equals
    case UInt8(ascii: ":"): return .colon
    default: return nil
    }
  }

  /// `_`, `A`…`Z`, `a`…`z`.
  static func startsIdentifier(_ unit: UInt8) -> Bool {
    unit == 95 || (unit >= 65 && unit <= 90) || (unit >= 97 && unit <= 122)
  }

  /// A letter, `_` or a digit.
  static func continuesIdentifier(_ unit: UInt8) -> Bool {
    startsIdentifier(unit) || isDigit(unit)
  }

  static func text(_ units: ArraySlice<UInt8>) -> String { String(decoding: units, as: UTF8.self) }
  static var star: UInt8 { UInt8(ascii: "*") }
  static var dot: UInt8 { UInt8(ascii: ".") }
  static var plus: UInt8 { UInt8(ascii: "+") }
  static var hyphen: UInt8 { UInt8(ascii: "-") }
  static var lowerE: UInt8 { UInt8(ascii: "e") }
  static var upperE: UInt8 { UInt8(ascii: "E") }
}
