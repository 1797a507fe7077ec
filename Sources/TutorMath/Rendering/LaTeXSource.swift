import TerminalText

/// Lesson prose as LaTeX source that pdflatex accepts without extra packages: the TeX
/// inside `$…$` stays as written, text outside is escaped (`%`, `&`, `_`, `#`, …),
/// `` `code` `` becomes `\texttt`, and Unicode that pdflatex's default input encoding
/// does not know (σ, ∂, ×, ², x̃) becomes the TeX command it stands for — the reverse
/// of the renderer's tables (``TexSymbols``), so a symbol reads the same everywhere.
public enum LaTeXSource {
  /// Prose with `$…$` and `$$…$$` math (the latter written `\[…\]`) and `` `code` ``.
  public static func prose(_ text: String) -> String {
    ProseSegments.split(text).map { segment in
      switch segment.kind {
      case .text: return self.text(segment.text)
      case .code: return "\\texttt{" + self.text(segment.text) + "}"
      case .inline: return "$" + math(segment.text) + "$"
      case .display: return "\\[" + math(segment.text) + "\\]"
      }
    }.joined()
  }

  /// Plain text (no math) escaped for LaTeX's text mode.
  public static func text(_ text: String) -> String {
    var output = ""
    let characters = Array(text)
    var index = 0
    var quoteOpen = false
    while index < characters.count {
      let character = characters[index]
      if character == "\"" {
        // Straight double quotes as TeX's curly ones, opening and closing in turn.
        output += quoteOpen ? "''" : "``"
        quoteOpen.toggle()
        index += 1
        continue
      }
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

  /// TeX math with its Unicode replaced by commands (`σ` → `\sigma`, `x²` → `x^{2}`),
  /// through an allow-list: only the commands and environments the renderer knows
  /// (``allowedCommands``) pass; any other command is written as its name after a
  /// backslash glyph (`\input` reads "\input" and reads no file), `%`, `#` and `$` are
  /// escaped, a run of carets (TeX's character-code notation `^^5c`) is written as caret glyphs, and braces are balanced, so
  /// a lesson's math can never run, read or write anything when the handout is compiled.
  public static func math(_ tex: String) -> String {
    var output = ""
    let characters = Array(tex)
    var index = 0
    var open = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\" {
        index = command(characters, at: index, into: &output)
      } else if character.isASCII {
        switch character {
        case "%", "#", "$": output += "\\" + String(character)
        case "^" where index + 1 < characters.count && characters[index + 1] == "^":
          // A run of carets is TeX's character-code notation (`^^5c` is a backslash):
          // written as caret glyphs in text, it is neither that nor a double superscript.
          var run = index
          while run < characters.count, characters[run] == "^" { run += 1 }
          output += "\\text{" + String(repeating: "\\^{}", count: run - index) + "}"
          index = run - 1
        case "{":
          open += 1
          output.append(character)
        case "}":
          if open > 0 {
            open -= 1
            output.append(character)
          } else {
            output += "\\}"
          }
        default:
          if character.asciiValue.map({ $0 < 0x20 && $0 != 0x0A && $0 != 0x09 }) == true {
            output.append(" ")  // no control character reaches TeX
          } else {
            output.append(character)
          }
        }
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
    output += String(repeating: "}", count: open)
    return output
  }

  /// The command at `index` (a backslash) written to `output` if the renderer knows it,
  /// else as its name after a backslash glyph; returns the index after it.
  private static func command(
    _ characters: [Character], at index: Int, into output: inout String
  ) -> Int {
    var end = index + 1
    guard end < characters.count else {
      output += "\\ensuremath{\\backslash}"
      return end
    }
    if !characters[end].isLetter || !characters[end].isASCII {
      let symbol = characters[end]
      if allowedSymbols.contains(symbol) {
        output += "\\" + String(symbol)
      } else {
        output += "\\ensuremath{\\backslash}"
        return end  // the character itself is read as any other
      }
      return end + 1
    }
    while end < characters.count, characters[end].isASCII, characters[end].isLetter { end += 1 }
    let name = String(characters[index + 1..<end])
    if name == "begin" || name == "end" {
      // Only the environments the renderer lays out, named right after the command.
      var close = end
      while close < characters.count, characters[close] == " " { close += 1 }
      if close < characters.count, characters[close] == "{",
        let last = characters[close...].firstIndex(of: "}"),
        allowedEnvironments.contains(String(characters[close + 1..<last]))
      {
        output += "\\" + name + "{" + String(characters[close + 1..<last]) + "}"
        return last + 1
      }
    } else if let replacement = operatorNames[name] {
      output += replacement
      return end
    } else if allowedCommands.contains(name) {
      output += "\\" + name
      // A letter right after the command would join its name.
      if end < characters.count, characters[end].isLetter { output += " " }
      return end
    }
    output += "\\ensuremath{\\backslash\\mathrm{" + name + "}}"
    return end
  }

  /// Control symbols (`\{`, `\,`, `\\`) that pass as they are.
  private static let allowedSymbols: Set<Character> = [
    "\\", "{", "}", "|", ",", ";", ":", "!", " ", ">", "%", "&", "#", "_", "$",
  ]

  /// The environments the renderer lays out (`matrix`, `cases`, `aligned`…).
  private static let allowedEnvironments: Set<String> = [
    "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array",
    "cases", "aligned", "align", "align*", "gathered",
  ]

  /// The renderer's functions that LaTeX does not define, as `\operatorname{…}`.
  private static let operatorNames: [String: String] = {
    let latex: Set<String> = [
      "log", "exp", "ln", "max", "min", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arg",
      "det", "dim", "lim", "sup", "inf", "Pr", "mod",
    ]
    var table: [String: String] = [:]
    for name in TexSymbols.functions where !latex.contains(name) {
      table[name] = "\\operatorname{" + name + "}"
    }
    return table
  }()

  /// Every command the renderer knows (``TexSymbols`` and the parser's constructs): the
  /// allow-list of lesson math in a LaTeX handout.
  static let allowedCommands: Set<String> = {
    var names = Set(TexSymbols.greek.keys)
    names.formUnion(TexSymbols.symbols.keys)
    names.formUnion(TexSymbols.operators.keys)
    names.formUnion(TexSymbols.functions)
    names.formUnion(TexSymbols.spaces.keys)
    names.formUnion(TexSymbols.accents.keys)
    names.formUnion([
      "frac", "dfrac", "tfrac", "cfrac", "sqrt", "text", "textrm", "mathrm", "operatorname",
      "textit", "textbf", "mbox", "mathbf", "mathit", "boldsymbol", "bm", "mathcal", "mathsf",
      "mathtt", "mathnormal", "mathbb", "left", "right", "bigl", "bigr", "Bigl", "Bigr", "big",
      "Big", "bigg", "Bigg", "tag", "nonumber", "notag", "displaystyle", "textstyle", "limits",
      "nolimits", "checkmark", "tfrac",
    ])
    return names.filter { $0.allSatisfy { $0.isASCII && $0.isLetter } }
  }()

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
