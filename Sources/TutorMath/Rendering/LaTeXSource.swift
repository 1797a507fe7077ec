import TerminalText

/// Lesson prose as LaTeX source that pdflatex accepts without extra packages: the TeX
/// inside `$…$` stays as written, text outside is escaped (`%`, `&`, `_`, `#`, …),
/// `` `code` `` becomes `\texttt`, and Unicode that pdflatex's default input encoding
/// does not know (σ, ∂, ×, ², x̃) becomes the TeX command it stands for — the reverse
/// of the renderer's tables (``TexSymbols``), so a symbol reads the same everywhere.
public enum LaTeXSource {
  /// Prose with `$…$` and `$$…$$` math (the latter written `\[…\]`) and `` `code` ``.
  public static func prose(_ text: String) -> String {
    var output = ""
    var segment = ""
    enum Mode { case text, code, inline, display }
    var mode = Mode.text
    func flush() {
      switch mode {
      case .text: output += self.text(segment)
      case .code: output += "\\texttt{" + self.text(segment) + "}"
      case .inline: output += "$" + math(segment) + "$"
      case .display: output += "\\[" + math(segment) + "\\]"
      }
      segment = ""
    }
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      if character == "\\", let next, mode != .code {
        segment.append(character)
        segment.append(next)
        index += 2
        continue
      }
      switch (character, mode) {
      case ("$", .text) where next == "$":
        flush()
        mode = .display
        index += 2
      case ("$", .display) where next == "$":
        flush()
        mode = .text
        index += 2
      case ("$", .text):
        flush()
        mode = .inline
        index += 1
      case ("$", .inline):
        flush()
        mode = .text
        index += 1
      case ("`", .text):
        flush()
        mode = .code
        index += 1
      case ("`", .code):
        flush()
        mode = .text
        index += 1
      default:
        segment.append(character)
        index += 1
      }
    }
    // An unclosed `$` or backtick: what follows is shown as text.
    if mode != .text {
      let opener = mode == .display ? "$$" : (mode == .code ? "`" : "$")
      segment = opener + segment
      mode = .text
    }
    flush()
    return output
  }

  /// Plain text (no math) escaped for LaTeX's text mode.
  public static func text(_ text: String) -> String {
    var output = ""
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\" {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if let next, "{}$%&#_".contains(next) {
          output += "\\" + String(next)  // already escaped in the lesson: `\{`, `\$`
          index += 2
        } else {
          output += "\\textbackslash{}"
          index += 1
        }
        continue
      }
      if let escaped = textEscapes[character] {
        output += escaped
        index += 1
      } else if character.isASCII {
        output.append(character)
        index += 1
      } else if let (tex, consumed) = scriptRun(characters, at: index) {
        output += "\\ensuremath{" + tex + "}"
        index += consumed
      } else if let tex = textSymbols[character] {
        output += tex
        index += 1
      } else if let tex = mathSymbol(character) {
        output += "\\ensuremath{" + tex + "}"
        index += 1
      } else {
        output += Self.text(ASCIIFold.fold(String(character)))
        index += 1
      }
    }
    return output
  }

  /// TeX math with its Unicode replaced by commands (`σ` → `\sigma`, `x²` → `x^{2}`).
  public static func math(_ tex: String) -> String {
    if tex.utf8.allSatisfy({ $0 < 0x80 }) { return tex }
    var output = ""
    let characters = Array(tex)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character.isASCII {
        output.append(character)
        index += 1
      } else if let (script, consumed) = scriptRun(characters, at: index) {
        output += script
        index += consumed
      } else if let symbol = mathSymbol(character) {
        output += symbol + " "
        index += 1
      } else {
        output += "\\text{" + text(ASCIIFold.fold(String(character))) + "}"
        index += 1
      }
    }
    return output
  }

  // MARK: - Tables

  private static let textEscapes: [Character: String] = [
    "{": "\\{", "}": "\\}", "#": "\\#", "$": "\\$", "%": "\\%", "&": "\\&", "_": "\\_",
    "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "<": "\\textless{}",
    ">": "\\textgreater{}", "|": "\\textbar{}",
  ]

  /// Text-mode forms of typographic characters.
  private static let textSymbols: [Character: String] = [
    "—": "---", "–": "--", "…": "\\ldots{}", "’": "'", "‘": "`", "“": "``", "”": "''",
    "\u{00A0}": "~", "•": "\\textbullet{}", "✓": "\\ensuremath{\\checkmark}",
  ]

  /// Math commands for Unicode symbols: the renderer's tables reversed (the shortest
  /// command name when several render alike), plus a few the renderer composes.
  private static let mathSymbols: [Character: String] = {
    var table: [Character: String] = [:]
    func add(_ glyph: String, _ command: String) {
      guard glyph.count == 1, let character = glyph.first, !character.isASCII else { return }
      if let existing = table[character],
        existing.count < command.count || (existing.count == command.count && existing < command)
      {
        return
      }
      table[character] = command
    }
    for (name, letter) in TexSymbols.greek { add(letter, "\\" + name) }
    for (name, glyphs) in TexSymbols.symbols { add(glyphs.0, "\\" + name) }
    for (name, glyphs) in TexSymbols.operators { add(glyphs.0, "\\" + name) }
    for (letter, glyph) in TexSymbols.blackboard { add(glyph, "\\mathbb{\(letter)}") }
    for (glyph, command) in [
      ("−", "-"), ("½", "\\tfrac{1}{2}"), ("°", "^{\\circ}"), ("‖", "\\|"), ("Σ", "\\Sigma"),
      ("⊤", "\\top"), ("′", "'"), ("·", "\\cdot"), ("×", "\\times"), ("→", "\\to"),
      ("≈", "\\approx"), ("≤", "\\leq"), ("≥", "\\geq"), ("≠", "\\neq"), ("…", "\\ldots"),
      ("✓", "\\checkmark"),
    ] {
      if let character = glyph.first { table[character] = command }
    }
    return table
  }()

  /// Superscript and subscript glyphs and what they stand for (`²` → `2`, `ᵀ` → `T`).
  private static let scripts: (up: [Character: Character], down: [Character: Character]) = {
    func reversed(_ map: [Character: Character]) -> [Character: Character] {
      var result: [Character: Character] = [:]
      for (plain, glyph) in map where glyph != plain {
        // Prefer an ASCII reading (`⁻` is both `-` and `−`).
        if let existing = result[glyph], existing.isASCII, !plain.isASCII { continue }
        result[glyph] = plain
      }
      return result
    }
    return (reversed(TexSymbols.superscripts), reversed(TexSymbols.subscripts))
  }()

  /// Accents written as combining marks (`x̃`) and their commands.
  private static let accents: [Unicode.Scalar: String] = [
    "\u{0303}": "\\tilde", "\u{0302}": "\\hat", "\u{0304}": "\\bar", "\u{0305}": "\\bar",
    "\u{20D7}": "\\vec", "\u{0307}": "\\dot", "\u{0308}": "\\ddot",
  ]

  /// The math command for one non-ASCII character: a symbol, or a letter with a
  /// combining accent.
  private static func mathSymbol(_ character: Character) -> String? {
    if let command = mathSymbols[character] { return command }
    let scalars = Array(character.unicodeScalars)
    guard scalars.count >= 2, let accent = accents[scalars[1]] else { return nil }
    var base = String(scalars[0])
    if !scalars[0].isASCII {
      guard let command = mathSymbols[Character(scalars[0])] else { return nil }
      base = command
    }
    return accent + "{" + base + "}"
  }

  /// A run of superscript (or subscript) glyphs at `index` as `^{…}` (`_{…}`), and how
  /// many characters it spans; nil when none starts there.
  private static func scriptRun(_ characters: [Character], at index: Int) -> (String, Int)? {
    let character = characters[index]
    let up = scripts.up[character] != nil
    guard up || scripts.down[character] != nil else { return nil }
    let map = up ? scripts.up : scripts.down
    var run = ""
    var end = index
    while end < characters.count, let plain = map[characters[end]] {
      run += plain.isASCII ? String(plain) : (mathSymbol(plain).map { $0 + " " } ?? "")
      end += 1
    }
    return ((up ? "^{" : "_{") + run + "}", end - index)
  }
}
