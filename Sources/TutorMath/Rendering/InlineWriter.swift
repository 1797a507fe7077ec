import TerminalText

/// Writes ``TexNode``s on one line: operators spaced (`a + b`, unary `−x`), commas
/// followed by a space, scripts as Unicode glyphs when every character has one
/// (W⁽³⁾, x₁, ᵀ) and `^(…)`/`_(…)` otherwise, fractions as `a/b`.
struct InlineWriter {
  enum Last { case start, operand, op, open }

  let style: MathStyle
  /// Tight: no spaces around operators or after commas (inside scripts).
  var compact = false
  private(set) var result = ""
  var last: Last = .start
  private var pendingSpace = false
  /// The last atom was a prefix like ∂ or ∇ that binds to what follows.
  private var prefix = false
  /// Where a fraction like `1/N` starts in `result`, while it is the last atom: an
  /// operand or an opening bracket written right after it gets it parenthesized,
  /// `(1/N)Σₙ`, `(1/2)(P − T)²`, not `1/NΣₙ` or `1/2(P − T)²`, which read as 1/(NΣₙ).
  private var fractionStart: Int?

  /// Letters at the end of the result (to keep spelled-out names apart in ASCII).
  private var lastWordLength: Int {
    var count = 0
    for character in result.reversed() {
      guard character.isLetter else { break }
      count += 1
    }
    return count
  }

  init(style: MathStyle, compact: Bool = false, after last: Last = .start) {
    (self.style, self.compact, self.last) = (style, compact, last)
  }

  var ascii: Bool { style == .ascii }

  /// Parenthesizes the fraction that is the last atom, if any, because something is
  /// written right after it.
  private mutating func closeFraction() {
    if let start = fractionStart, last == .operand, !compact {
      while result.utf8.last == UInt8(ascii: " ") { result.removeLast() }
      let juxtaposed = pendingSpace
      result.insert("(", at: result.index(result.startIndex, offsetBy: start))
      result += ")"
      if juxtaposed { result += " " }
      pendingSpace = false
    }
    fractionStart = nil
  }

  mutating func write(_ nodes: [TexNode]) {
    for node in nodes { write(node) }
  }

  private mutating func emitOperand(_ text: String) {
    guard !text.isEmpty else { return }
    closeFraction()
    if pendingSpace, last == .operand, !prefix, !compact {
      result += " "
    } else if ascii, last == .operand, !prefix, let previous = result.last, previous.isLetter,
      let next = text.first, next.isLetter, text.count > 1 || lastWordLength > 1
    {
      // Spelled-out names must not run together: `alpha beta`, not `alphabeta`.
      result += " "
    }
    result += text
    pendingSpace = false
    last = .operand
    prefix = false
  }

  mutating func write(_ node: TexNode) {
    switch node {
    case .symbol(let unicode, let asciiForm):
      var text = ascii ? asciiForm : unicode
      var spaceAfter = false
      // The byte first: counting characters is a walk over the string.
      if text.utf8.last == UInt8(ascii: " "), text.count > 1, text.hasSuffix(" ") {
        text.removeLast()  // "grad ", "sum ": spelled-out prefixes in ASCII
        spaceAfter = true
      }
      emitOperand(text)
      prefix = Self.bindsToNext(unicode) && !spaceAfter
      if spaceAfter { pendingSpace = true }
    case .function(let name):
      emitOperand(name)
      pendingSpace = true  // `\log{x}` reads `log x`; a parenthesis still follows tight
    case .text(let text):
      if pendingSpace, last == .operand, !compact, text.first?.isWhitespace == false {
        result += " "
      }
      result += ascii ? text.asciiTransliterated : text
      pendingSpace = false
      last = text.last?.isWhitespace == true ? .open : .operand
    case .space(let width):
      if width > 1 && !compact && last != .start {
        result += String(repeating: " ", count: width)
        pendingSpace = false
        last = last == .operand ? .open : last
      } else if width >= 1 {
        pendingSpace = true
      }
    case .op(let unicode, let asciiForm):
      fractionStart = nil
      let symbol = ascii ? asciiForm : unicode
      let unary = last == .start || last == .op || last == .open
      let sign = Self.isSign(unicode)
      if compact || (unary && sign) {
        result += symbol
      } else if unary {
        // A relation with nothing on its left (`$= \sigma_i$` after a word): `= σᵢ`.
        result += symbol + " "
      } else {
        while result.utf8.last == UInt8(ascii: " ") { result.removeLast() }
        result += " " + symbol + " "
      }
      pendingSpace = false
      prefix = false
      last = .op
    case .punct(let mark):
      if mark == "(" || mark == "[" { closeFraction() }
      fractionStart = nil
      pendingSpace = false
      prefix = false
      switch mark {
      case ",", ";":
        result += compact ? mark : mark + " "
        last = .open
      case ":":
        result += compact ? ":" : ": "
        last = .open
      case "(", "[":
        result += mark
        last = .open
      case "/":
        while result.utf8.last == UInt8(ascii: " ") { result.removeLast() }
        result += "/"
        last = .open
      case ")", "]":
        while result.utf8.last == UInt8(ascii: " ") { result.removeLast() }
        result += mark
        last = .operand
      default:
        result += ascii ? mark.asciiTransliterated : mark
        last = .operand
      }
    case .group(let nodes):
      write(nodes)
    case .scripts(let base, let sub, let sup):
      write(base)
      if let sub { result += script(sub, superscript: false) }
      if let sup { result += script(sup, superscript: true) }
      last = .operand
      prefix = false
    case .fraction(let numerator, let denominator):
      let top = Self.render(numerator, style: style)
      let bottom = Self.render(denominator, style: style)
      let numeric = [top, bottom].allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
      if numeric, !ascii, let glyph = Self.vulgarFractions[top + "/" + bottom] {
        emitOperand(glyph)
        return
      }
      // A denominator of more than one factor is parenthesized: 1/(2σ), not 1/2σ.
      let under =
        Self.isSingleFactor(denominator) ? Self.parenthesized(bottom) : "(" + bottom + ")"
      let text = Self.parenthesized(top) + "/" + under
      if last == .operand && !compact && !prefix {
        // Right after an operand (another fraction, a number): `(∂L/∂a)(∂a/∂W)`, `2(a/b)`.
        emitOperand("(" + text + ")")
      } else {
        emitOperand(text)
        fractionStart = result.count - text.count
      }
    case .root(let content):
      let inner = Self.render(content, style: style)
      if ascii {
        emitOperand("sqrt(" + inner + ")")
      } else {
        emitOperand("√" + (Self.isAtomic(inner) ? inner : "(" + inner + ")"))
      }
    case .matrix(let kind, let rows):
      let (open, close) = Self.brackets(kind)
      // A single row reads as the answer syntax does: `[0, −18]`.
      let separator = rows.count == 1 ? ", " : " "
      let text = rows.map { row in
        row.map { Self.render($0, style: style) }.joined(separator: separator)
      }.joined(separator: "; ")
      emitOperand(open + text + close)
    case .delimited(let open, let content, let close):
      let inner = Self.render(content, style: style)
      emitOperand(open.asciiIf(ascii) + inner + close.asciiIf(ascii))
    case .accent(let mark, let asciiForm, let content):
      let inner = Self.render(content, style: style)
      emitOperand(ascii ? asciiForm + inner : inner + String(mark))
    case .lineBreak:
      result += "  "
      last = .open
    }
  }

  /// A script: glyphs when every character has one, else `^(…)` / `_(…)`.
  private func script(_ nodes: [TexNode], superscript: Bool) -> String {
    var writer = InlineWriter(style: style, compact: true)
    writer.write(nodes)
    let text = Self.withoutWhitespace(writer.result)
    guard !text.isEmpty else { return "" }
    let marker = superscript ? "^" : "_"
    let wrapped =
      text.count == 1
        || (text.first == "(" && text.last == ")" && Self.balancedOuterParentheses(text))
      ? text : "(" + text + ")"
    if ascii {
      if superscript, text == "T" || text == "⊤" { return "^T" }
      return marker + wrapped
    }
    let table = superscript ? TexSymbols.superscripts : TexSymbols.subscripts
    let scalarTable = superscript ? TexSymbols.superscriptScalars : TexSymbols.subscriptScalars
    var glyphs = ""
    if text.unicodeScalars.allSatisfy(TextWidth.standsAlone) {
      // Every character one scalar: looked up by scalar, by character where that misses
      // (a character equal to a key without being its scalar, as Kelvin's K is `K`).
      for scalar in text.unicodeScalars {
        guard let glyph = scalarTable[scalar] ?? table[Character(scalar)] else {
          return marker + wrapped
        }
        glyphs.append(glyph)
      }
      return glyphs
    }
    for character in text {
      guard let glyph = table[character] else { return marker + wrapped }
      glyphs.append(glyph)
    }
    return glyphs
  }

  /// `text` without its whitespace characters, as `text.filter { !$0.isWhitespace }`.
  static func withoutWhitespace(_ text: String) -> String {
    // A character of one scalar is whitespace when its scalar is; where every scalar
    // stands alone, every character but CR LF (all whitespace) is one scalar.
    guard text.unicodeScalars.allSatisfy(TextWidth.standsAlone) else {
      return text.filter { !$0.isWhitespace }
    }
    guard text.unicodeScalars.contains(where: \.isSpace) else { return text }
    var kept = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where !scalar.isSpace { kept.append(scalar) }
    return String(kept)
  }

  static func render(_ nodes: [TexNode], style: MathStyle) -> String {
    var writer = InlineWriter(style: style)
    writer.write(nodes)
    var text = writer.result
    while text.utf8.last == UInt8(ascii: " ") { text.removeLast() }
    while text.utf8.first == UInt8(ascii: " ") { text.removeFirst() }
    return text
  }

  /// Unicode's single-glyph fractions, by `numerator/denominator`.
  static let vulgarFractions: [String: String] = [
    "1/2": "½", "1/3": "⅓", "2/3": "⅔", "1/4": "¼", "3/4": "¾", "1/5": "⅕", "1/6": "⅙",
    "1/8": "⅛",
  ]

  /// Whether a denominator is one factor (a number, a letter with its scripts, a root, a
  /// bracketed group, ∂ or ∇ before one of these), so `1/` before it reads unambiguously;
  /// `2σ` or `2N` is a product and needs parentheses.
  static func isSingleFactor(_ nodes: [TexNode]) -> Bool {
    var factors = nodes.filter {
      if case .space = $0 { return false } else { return true }
    }
    if case .symbol(let symbol, _) = factors.first, bindsToNext(symbol), factors.count > 1 {
      factors.removeFirst()
    }
    guard factors.count == 1, let only = factors.first else { return factors.isEmpty }
    switch only {
    case .symbol, .scripts, .root, .delimited, .accent, .matrix, .text: return true
    case .group(let inner): return isSingleFactor(inner)
    default: return false
    }
  }

  /// Whether a rendered piece can stand next to `/` without parentheses.
  static func isAtomic(_ text: String) -> Bool {
    !text.unicodeScalars.contains { scalar in
      switch scalar {
      case " ", "+", "−", "-", "=", "/", "·", "×", "⊙", "<", ">": return true
      default: return false
      }
    }
  }

  /// A prefix such as ∂ or ∇ that binds to what follows it.
  static func bindsToNext(_ symbol: String) -> Bool {
    switch onlyScalar(symbol) {
    case "∂", "∇", "Σ", "∏": return true
    default: return false
    }
  }

  /// The scalar of a one-scalar string (compared as an integer: no string of other
  /// scalars is canonically equivalent to one of the signs and prefixes asked about).
  private static func onlyScalar(_ text: String) -> Unicode.Scalar? {
    var scalars = text.unicodeScalars.makeIterator()
    guard let first = scalars.next(), scalars.next() == nil else { return nil }
    return first
  }

  /// A sign, unary where nothing stands on its left.
  static func isSign(_ symbol: String) -> Bool {
    switch onlyScalar(symbol) {
    case "+", "-", "−", "±", "∓": return true
    default: return false
    }
  }

  static func parenthesized(_ text: String) -> String {
    if isAtomic(text) { return text }
    if text.first == "(", text.last == ")", balancedOuterParentheses(text) { return text }
    return "(" + text + ")"
  }

  static func balancedOuterParentheses(_ text: String) -> Bool {
    var depth = 0
    for (index, character) in text.enumerated() {
      if character == "(" { depth += 1 }
      if character == ")" {
        depth -= 1
        if depth == 0, index < text.count - 1 { return false }
      }
    }
    return depth == 0
  }

  static func brackets(_ kind: String) -> (String, String) {
    switch kind {
    case "pmatrix": return ("(", ")")
    case "vmatrix": return ("|", "|")
    case "Vmatrix": return ("‖", "‖")
    case "Bmatrix": return ("{", "}")
    case "cases": return ("{", "")
    default: return ("[", "]")
    }
  }
}

extension String {
  /// Typography in plain text made ASCII, by the one table (``ASCIIFold``).
  var asciiTransliterated: String { ASCIIFold.fold(self) }

  func asciiIf(_ ascii: Bool) -> String { ascii ? asciiTransliterated : self }
}
