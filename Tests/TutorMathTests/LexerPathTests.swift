import Testing
import TutorEngine

@testable import TutorMath

/// The lexer reads ASCII text a byte at a time and any other text a `Character` at a
/// time; both give exactly the tokens, ranges and errors the character-by-character
/// lexer gave (carets are character columns, so a byte path that counted otherwise would
/// move them).
@Suite("Lexer: the byte path and the character path")
struct LexerPathTests {
  /// Both paths of the current lexer, and the reference lexer, on `text`.
  static func results(_ text: String) -> (
    lexer: Result<[Token], MathError>, characters: Result<[Token], MathError>,
    reference: Result<[Token], MathError>
  ) {
    var reference = ReferenceLexer(text)
    return (
      Result { () throws(MathError) in try Lexer(text).tokenize() },
      Result { () throws(MathError) in try Lexer(text).tokenizeCharacters() },
      Result { () throws(MathError) in try reference.tokenize() }
    )
  }

  /// Expects both paths and the reference to agree on `text`.
  static func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let (lexer, characters, reference) = results(text)
    #expect(lexer == reference, "\(text.debugDescription)", sourceLocation: sourceLocation)
    #expect(characters == reference, "\(text.debugDescription)", sourceLocation: sourceLocation)
    #expect(
      Lexer(text).count == text.count, "\(text.debugDescription)", sourceLocation: sourceLocation)
  }

  @Test("every ASCII byte but the carriage return is read as its character is")
  func everyASCIIByte() {
    for byte in UInt8(0)..<0x80 {
      let character = Character(Unicode.Scalar(byte))
      let shown = "byte \(byte)"
      #expect(ASCIIRules.character(byte) == character, "\(shown)")
      #expect(ASCIIRules.isSpace(byte) == CharacterRules.isSpace(character), "\(shown)")
      #expect(ASCIIRules.isDigit(byte) == CharacterRules.isDigit(character), "\(shown)")
      #expect(ASCIIRules.symbol(byte) == CharacterRules.symbol(character), "\(shown)")
      #expect(
        ASCIIRules.startsIdentifier(byte) == CharacterRules.startsIdentifier(character),
        "\(shown)")
      #expect(
        ASCIIRules.continuesIdentifier(byte) == CharacterRules.continuesIdentifier(character),
        "\(shown)")
      #expect(Lexer.readsBytes(String(character)) == (byte != 0x0D))
      Self.expectSame(String(character))
      Self.expectSame("x" + String(character) + "1")
    }
    #expect(ASCIIRules.star == UInt8(ascii: "*") && CharacterRules.star == "*")
    #expect(ASCIIRules.dot == UInt8(ascii: ".") && CharacterRules.dot == ".")
    #expect(ASCIIRules.plus == UInt8(ascii: "+") && CharacterRules.plus == "+")
    #expect(ASCIIRules.hyphen == UInt8(ascii: "-") && CharacterRules.hyphen == "-")
    #expect(ASCIIRules.lowerE == UInt8(ascii: "e") && CharacterRules.lowerE == "e")
    #expect(ASCIIRules.upperE == UInt8(ascii: "E") && CharacterRules.upperE == "E")
  }

  /// Answers as learners type them, lesson forms, and malformed ones.
  static let corpus: [String] = [
    "", " ", "3", "-6", "[3; 0]", "[3, 0]", "[1 -2]", "[1 - 2]", "[1 -  2]", "3 0", "6 8; 9 8",
    "s*(1 - s)", "2x", "2 x", "x^2", "x**2", "2^3^2", "-2^2", "W1'", "W1 @ x + b1",
    "grad(J, W1)", "jacobian(y, x)", "conv2d(X, K, stride = 2, padding=1)", "X[:, 2]",
    "X[1:2, 2:3]", "X[2:]", "X[:3]", ".5", "1e-3", "2.5E+2", "3.", "1e", "1e+", "1.2.3", "1..2",
    "1e999", "1e-999", "0x10", "3,", ",3", "[", "]", "[[1, 2], [3, 4]]", "[]", "()", "(1",
    "{x}", "x}", "a_b_1", "_x", "x_", "X1y2", "3 ** 4", "a@b", "a ; b", "a=b", "a:b",
    "np.dot(W, x)", "W.T", "x.shape", "\\frac{1}{2}", "\\sigma(x)", "tanh(x)", "a\tb", "a\nb",
    "a\u{0B}b", "a\u{0C}b", "a\u{1C}b", "a\u{1F}b", "a\u{7F}b", "a\u{1B}[31mb", "\u{00}",
    "#", "$x$", "%", "&", "!", "?", "`x`", "|x|", "~x", "\"x\"", "a\r\nb", "1\r2", "\r",
    // Unicode forms a learner pastes, and ones the lexer refuses.
    "−6", "3 − 2", "2×3", "2·3", "2⋅3", "2∗3", "a⊙b", "6÷2", "Wᵀ", "W’", "W1ᵀx", "4–1",
    "x₁ + x₂", "σ(z)", "α*β", "é", "e\u{301}", "x\u{301}y", "a\u{0332}", "😀", "1 + 👍🏽",
    "👨‍👩‍👧", "ʰ", "x ʰ", "\u{00A0}3", "3\u{2003}4", "\u{200B}x", "\u{FEFF}1", "١٢٣", "½",
    "²", "x²", "∞", "√2", "π", "Ω", "ℝ", "𝑥", "[3；0]", "（1）", "\u{2028}1", "\u{85}1",
    "café*2", "naïve", "Å", "A\u{30A}", "한", "\u{1100}\u{1161}", "🇫🇷", "a\u{E0100}",
  ]

  @Test("answers, lesson forms and malformed input: the same tokens or error")
  func corpusAgrees() {
    for text in Self.corpus { Self.expectSame(text) }
  }

  @Test("ASCII text is read a byte at a time, other text a character at a time")
  func whichPath() {
    #expect(Lexer.readsBytes("W1 @ x + [1; -2]"))
    #expect(Lexer.readsBytes("a\tb\u{7F}"))
    #expect(!Lexer.readsBytes("a\r\nb"), "CR LF is one character")
    #expect(!Lexer.readsBytes("3 − 2"))
    #expect(!Lexer.readsBytes("e\u{301}"))
  }

  @Test("the byte path's carets: character columns, as before")
  func carets() throws {
    for (text, range) in [("2 * (3 + )", SourceRange(9, 10)), ("x ? 1", SourceRange(2, 3))] {
      let error = Result { () throws(MathError) in try Parser.parse(text) }
      guard case .failure(let failure) = error else {
        Issue.record("\(text) parsed")
        continue
      }
      #expect(failure.range == range, "\(text)")
    }
    // After a combining mark the columns count characters, not scalars or bytes.
    guard
      case .failure(let error) = Result(catching: { () throws(MathError) in
        try Parser.parse("e\u{301} ? 1")
      })
    else {
      Issue.record("parsed")
      return
    }
    #expect(error.range == SourceRange(2, 3))
  }

  /// Random strings over `alphabet`, the same on every run.
  static func randomStrings(_ alphabet: [String], count: Int, seed: UInt64) -> [String] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      let length = Int(generator.next() % 14)
      return (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        .joined()
    }
  }

  /// The grammar's own characters, weighted up, then every other ASCII character.
  static let asciiAlphabet: [String] =
    [
      "1", "2", "0", ".", "e", "E", "x", "W", "_", " ", " ", "+", "-", "*", "/", "^", "(", ")",
      "[", "]", ",", ";", "'", "@", "=", ":",
    ] + (0..<0x80).map { String(Unicode.Scalar(UInt8($0))) }

  @Test("random ASCII strings: the byte path gives what the character path gives")
  func randomASCII() {
    for text in Self.randomStrings(Self.asciiAlphabet, count: 20_000, seed: 24) {
      Self.expectSame(text)
    }
  }

  @Test("random strings with Unicode: the same tokens or error as before")
  func randomUnicode() {
    let alphabet =
      Self.asciiAlphabet + [
        "−", "–", "×", "·", "⋅", "∗", "⊙", "÷", "ᵀ", "’", "ʰ", "₁", "₂", "α", "σ", "é",
        "\u{301}", "\u{332}", "\u{200D}", "😀", "👍", "🏽", "\r\n", "\r", "\u{A0}", "\u{2003}",
        "\u{FEFF}", "١", "²", "{", "}",
      ]
    for text in Self.randomStrings(alphabet, count: 20_000, seed: 2_412) {
      Self.expectSame(text)
    }
  }
}

/// The lexer as it was before the byte path (commit 08c8fe8), kept here word for word as
/// the reference the current one must match on every input.
private struct ReferenceLexer {
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

  private static func startsIdentifier(_ character: Character) -> Bool {
    if let ascii = character.asciiValue {
      return ascii == 95 || (ascii >= 65 && ascii <= 90) || (ascii >= 97 && ascii <= 122)
    }
    guard character.isLetter, let first = character.unicodeScalars.first else { return false }
    // Modifier letters (ᵀ, ʰ) are not names; ᵀ is the transpose.
    return first.properties.generalCategory != .modifierLetter
  }

  private static func continuesIdentifier(_ character: Character) -> Bool {
    if let ascii = character.asciiValue {
      return ascii == 95 || (ascii >= 65 && ascii <= 90) || (ascii >= 97 && ascii <= 122)
        || (ascii >= 48 && ascii <= 57)
    }
    return startsIdentifier(character)
      || "₀₁₂₃₄₅₆₇₈₉".contains(character)
  }
}
