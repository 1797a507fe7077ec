import TerminalText

/// Parses the TeX math subset into ``TexNode``s. Never fails: unknown commands become
/// their names, unbalanced braces are tolerated, and nesting deeper than ``maxDepth``
/// is read flat, so any input renders in linear time.
struct TexParser {
  static let maxDepth = 100

  /// The source as Unicode scalars: TeX's syntax is ASCII, and comparing scalars is an
  /// integer comparison where comparing `Character`s is a string comparison. An atom keeps
  /// the combining marks that follow it (`x̃`), as a `Character` would.
  private let characters: [Unicode.Scalar]
  private var position = 0
  private var depth = 0

  init(_ source: String) {
    characters = Array(source.unicodeScalars)
  }

  // ASCII fast paths: Unicode property checks are slow, and TeX is mostly ASCII.
  private static func isLetter(_ character: Unicode.Scalar) -> Bool {
    let value = character.value
    if value < 0x80 { return (value >= 65 && value <= 90) || (value >= 97 && value <= 122) }
    switch character.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return true
    default: return false
    }
  }

  private static func isDigit(_ character: Unicode.Scalar) -> Bool {
    let value = character.value
    if value < 0x80 { return value >= 48 && value <= 57 }
    switch character.properties.generalCategory {
    case .decimalNumber, .letterNumber, .otherNumber: return true
    default: return false
    }
  }

  static func parse(_ source: String) -> [TexNode] {
    var parser = TexParser(source)
    return parser.parseList(until: nil)
  }

  // MARK: - Lists

  /// Nodes up to `terminator` (`}` or the end), consuming the terminator.
  private mutating func parseList(until terminator: Unicode.Scalar?, stopAtCommand: [String] = [])
    -> [TexNode]
  {
    var nodes: [TexNode] = []
    while position < characters.count {
      let character = characters[position]
      if let terminator, character == terminator {
        position += 1
        return nodes
      }
      if !stopAtCommand.isEmpty {
        // A cell or a list ends at `&`, a row break `\\` or a stop command.
        if character == "&" { return nodes }
        if character == "\\" {
          let name = peekCommand()
          if name == "\\" || stopAtCommand.contains(name) { return nodes }
        }
      }
      guard let node = parseAtom() else { continue }
      // Attach scripts to the atom just parsed.
      if position < characters.count, characters[position] == "^" || characters[position] == "_" {
        nodes.append(parseScripts(base: node))
      } else {
        nodes.append(node)
      }
    }
    return nodes
  }

  private mutating func parseScripts(base: TexNode) -> TexNode {
    var sub: [TexNode]?
    var sup: [TexNode]?
    while position < characters.count, characters[position] == "^" || characters[position] == "_" {
      let isSup = characters[position] == "^"
      position += 1
      skipSpaces()
      let argument = parseArgument()
      if isSup { sup = (sup ?? []) + argument } else { sub = (sub ?? []) + argument }
    }
    return .scripts(base: base, sub: sub, sup: sup)
  }

  /// One argument: a `{group}` or a single atom.
  private mutating func parseArgument() -> [TexNode] {
    guard position < characters.count else { return [] }
    if characters[position] == "{" {
      position += 1
      return parseGroupContents()
    }
    if let atom = parseAtom() { return [atom] }
    return []
  }

  private mutating func parseGroupContents() -> [TexNode] {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth { return [flatRest()] }
    return parseList(until: "}")
  }

  /// Past the depth limit: the rest of the input as plain text (at most 200 characters,
  /// so pathological input stays cheap to lay out).
  private mutating func flatRest() -> TexNode {
    let end = min(characters.count, position + 200)
    var rest = Self.text(characters[position..<end])
    if end < characters.count { rest += "…" }
    position = characters.count
    return .text(rest)
  }

  // MARK: - Atoms

  /// Every construct nests through here, so the depth limit covers braces, `\\left`,
  /// `\\frac\\frac…`, scripts and environments alike: past it, the rest is plain text.
  private mutating func parseAtom() -> TexNode? {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth { return flatRest() }
    let character = characters[position]
    switch character {
    case " ", "\t", "\n", "\r":
      while position < characters.count, characters[position].isSpace { position += 1 }
      return .space(1)
    case "{":
      position += 1
      return .group(parseGroupContents())
    case "}":
      position += 1  // unbalanced: ignore
      return nil
    case "\\":
      return parseCommand()
    case "+", "=", "<", ">":
      position += 1
      return .op(String(character), ascii: String(character))
    case "-", "−":
      position += 1
      return .op("−", ascii: "-")
    case "*":
      position += 1
      return .op("·", ascii: "*")
    case "'":
      position += 1
      return .symbol("′", ascii: "'")
    case "^", "_":
      // A script with no base: attach it to an empty symbol.
      return parseScripts(base: .symbol("", ascii: ""))
    case "~":
      position += 1
      return .space(1)
    case "&":
      position += 1
      return .space(1)
    default:
      position += 1
      if Self.isDigit(character) || character == "." {
        let start = position - 1
        while position < characters.count,
          Self.isDigit(characters[position]) || characters[position] == "."
        {
          position += 1
        }
        let digits = Self.text(characters[start..<position])
        return .symbol(digits, ascii: digits)
      }
      // The atom keeps the combining marks after it, as one character does: `x̃`.
      let start = position - 1
      while position < characters.count, characters[position].extendsCharacter { position += 1 }
      let text = Self.text(characters[start..<position])
      if Self.isLetter(character) { return .symbol(text, ascii: text) }
      return .punct(text)
    }
  }

  private func peekCommand() -> String {
    var index = position + 1
    guard index < characters.count else { return "" }
    if !Self.isLetter(characters[index]) { return String(characters[index]) }
    let start = index
    while index < characters.count, Self.isLetter(characters[index]) { index += 1 }
    return Self.text(characters[start..<index])
  }

  private mutating func readCommandName() -> String {
    position += 1  // the backslash
    guard position < characters.count else { return "" }
    if !Self.isLetter(characters[position]) {
      let name = String(characters[position])
      position += 1
      return name
    }
    let start = position
    while position < characters.count, Self.isLetter(characters[position]) { position += 1 }
    return Self.text(characters[start..<position])
  }

  private mutating func parseCommand() -> TexNode? {
    let name = readCommandName()
    switch TexSymbols.commands[name] {
    case .symbol(let unicode, let ascii): return .symbol(unicode, ascii: ascii)
    case .op(let unicode, let ascii): return .op(unicode, ascii: ascii)
    case .function: return .function(name)
    case .space(let width): return .space(width)
    case .accent(let mark, let ascii):
      skipSpaces()
      return .accent(mark, ascii: ascii, parseArgument())
    case nil: break
    }
    switch name {
    case "":
      return nil
    case "\\":
      return .lineBreak
    case "frac", "dfrac", "tfrac", "cfrac":
      skipSpaces()
      let numerator = parseArgument()
      skipSpaces()
      let denominator = parseArgument()
      return .fraction(numerator, denominator)
    case "sqrt":
      skipSpaces()
      return .root(parseArgument())
    case "text", "textrm", "mathrm", "operatorname", "textit", "textbf", "mbox":
      skipSpaces()
      return .text(readRawGroup())
    case "mathbf", "mathit", "boldsymbol", "bm", "mathcal", "mathsf", "mathtt", "mathnormal":
      skipSpaces()
      return .group(parseArgument())
    case "mathbb":
      skipSpaces()
      let raw = readRawGroup()
      let mapped = raw.map { TexSymbols.blackboard[$0] ?? String($0) }.joined()
      return .symbol(mapped, ascii: raw)
    case "left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "bigg", "Bigg":
      skipSpaces()
      let delimiter = readDelimiter()
      if name == "left" {
        let content = parseList(until: nil, stopAtCommand: ["right"])
        var close = ""
        if position < characters.count, peekCommand() == "right" {
          _ = readCommandName()
          skipSpaces()
          close = readDelimiter()
        }
        return .delimited(delimiter, content, close)
      }
      return delimiter.isEmpty ? nil : .punct(delimiter)
    case "begin":
      skipSpaces()
      let environment = readRawGroup()
      return parseEnvironment(environment)
    case "end":
      skipSpaces()
      _ = readRawGroup()
      return nil
    case "tag":
      skipSpaces()
      return .text("  (" + readRawGroup() + ")")
    case "label", "nonumber", "notag", "displaystyle", "textstyle", "limits", "nolimits":
      if name == "label" {
        skipSpaces()
        _ = readRawGroup()
      }
      return nil
    default:
      return .symbol(name, ascii: name)  // unknown: its name, without the backslash
    }
  }

  /// `(`, `[`, `\{`, `|`, `\|`, `.` (none) after `\left` / `\right`.
  private mutating func readDelimiter() -> String {
    guard position < characters.count else { return "" }
    let character = characters[position]
    if character == "\\" {
      let name = readCommandName()
      switch name {
      case "{", "lbrace": return "{"
      case "}", "rbrace": return "}"
      case "|", "Vert", "lVert", "rVert": return "‖"
      case "langle": return "⟨"
      case "rangle": return "⟩"
      case "vert", "lvert", "rvert": return "|"
      default: return ""
      }
    }
    position += 1
    return character == "." ? "" : String(character)
  }

  /// The raw text of a `{…}` group (or one character), braces balanced.
  private mutating func readRawGroup() -> String {
    guard position < characters.count else { return "" }
    guard characters[position] == "{" else {
      position += 1
      return String(characters[position - 1])
    }
    position += 1
    var level = 1
    var text = String.UnicodeScalarView()
    while position < characters.count {
      let character = characters[position]
      position += 1
      if character == "\\", position < characters.count {
        text.append(characters[position])
        position += 1
        continue
      }
      if character == "{" { level += 1 }
      if character == "}" {
        level -= 1
        if level == 0 { break }
      }
      text.append(character)
    }
    return String(text)
  }

  private mutating func parseEnvironment(_ environment: String) -> TexNode? {
    let matrixKinds = [
      "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array",
      "cases", "aligned", "align", "align*", "gathered",
    ]
    guard matrixKinds.contains(environment) else {
      return .group(parseList(until: nil, stopAtCommand: ["end"]))
    }
    if environment == "array" {
      skipSpaces()
      _ = readRawGroup()  // column spec
    }
    var rows: [[[TexNode]]] = []
    var row: [[TexNode]] = []
    while position < characters.count {
      let cell = parseList(until: nil, stopAtCommand: ["end"])
      row.append(cell)
      guard position < characters.count else { break }
      if characters[position] == "&" {
        position += 1
        continue
      }
      let command = peekCommand()
      if command == "\\" {
        _ = readCommandName()
        rows.append(row)
        row = []
        continue
      }
      if command == "end" {
        _ = readCommandName()
        skipSpaces()
        _ = readRawGroup()
        break
      }
      // Should not happen; avoid looping forever.
      position += 1
    }
    if !row.isEmpty,
      !(row.count == 1
        && row[0].allSatisfy({ if case .space = $0 { return true } else { return false } }))
    {
      rows.append(row)
    }
    return .matrix(environment, rows)
  }

  /// The text of a run of scalars, written as UTF-8 straight into the string.
  private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var count = 0
    for scalar in scalars { count += ProseBytes.length(of: scalar) }
    return String(unsafeUninitializedCapacity: count) { buffer in
      var index = 0
      for scalar in scalars {
        UTF8.encode(scalar) { byte in
          buffer[index] = byte
          index += 1
        }
      }
      return index
    }
  }

  private mutating func skipSpaces() {
    while position < characters.count, characters[position].isSpace { position += 1 }
  }
}
