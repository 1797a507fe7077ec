import TerminalText

/// The command and glyph tables of the TeX subset: Greek letters, operators, script
/// glyphs, blackboard letters. Every Unicode form has an ASCII fallback.
enum TexSymbols {
  // The letter and script tables are shared with the ASCII fold (TerminalText).
  static var greek: [String: String] { Glyphs.greek }
  static var superscripts: [Character: Character] { Glyphs.superscripts }
  static var subscripts: [Character: Character] { Glyphs.subscripts }
  static var greekNames: [String: String] { Glyphs.greekNames }
  /// The script tables by scalar (every key is one scalar).
  static let superscriptScalars = byScalar(Glyphs.superscripts)
  static let subscriptScalars = byScalar(Glyphs.subscripts)

  private static func byScalar(_ table: [Character: Character]) -> [Unicode.Scalar: Character] {
    var scalars: [Unicode.Scalar: Character] = [:]
    for (key, glyph) in table where key.unicodeScalars.count == 1 {
      scalars[key.unicodeScalars.first!] = glyph
    }
    return scalars
  }

  /// Operand-like symbols: command → (Unicode, ASCII).
  static let symbols: [String: (String, String)] = [
    "partial": ("∂", "d"), "nabla": ("∇", "grad "), "infty": ("∞", "inf"), "ell": ("ℓ", "l"),
    "top": ("⊤", "T"), "|": ("‖", "||"), "lVert": ("‖", "||"), "rVert": ("‖", "||"),
    "Vert": ("‖", "||"), "lvert": ("|", "|"), "rvert": ("|", "|"), "vert": ("|", "|"),
    "dots": ("…", "..."), "ldots": ("…", "..."), "cdots": ("⋯", "..."), "vdots": ("⋮", ":"),
    "ddots": ("⋱", "."), "forall": ("∀", "for all "), "exists": ("∃", "exists "),
    "sum": ("Σ", "sum "), "prod": ("∏", "prod "), "int": ("∫", "int "), "emptyset": ("∅", "{}"),
    "hbar": ("ℏ", "h"), "star": ("⋆", "*"), "ast": ("∗", "*"), "prime": ("′", "'"),
    "{": ("{", "{"), "}": ("}", "}"), "%": ("%", "%"), "_": ("_", "_"), "#": ("#", "#"),
    "&": ("&", "&"), "$": ("$", "$"), "lbrace": ("{", "{"), "rbrace": ("}", "}"),
    "langle": ("⟨", "<"), "rangle": ("⟩", ">"), "lfloor": ("⌊", "floor("), "rfloor": ("⌋", ")"),
    "lceil": ("⌈", "ceil("), "rceil": ("⌉", ")"), "backslash": ("\\", "\\"),
  ]

  /// Binary and relational operators: command → (Unicode, ASCII).
  static let operators: [String: (String, String)] = [
    "cdot": ("·", "*"), "times": ("×", "x"), "odot": ("⊙", "(.)"), "otimes": ("⊗", "(x)"),
    "oplus": ("⊕", "(+)"), "oslash": ("⊘", "(/)"), "circ": ("∘", "o"), "pm": ("±", "+/-"),
    "mp": ("∓", "-/+"),
    "div": ("÷", "/"), "leq": ("≤", "<="), "le": ("≤", "<="), "geq": ("≥", ">="),
    "ge": ("≥", ">="), "neq": ("≠", "!="), "ne": ("≠", "!="), "approx": ("≈", "~="),
    "equiv": ("≡", "=="), "sim": ("∼", "~"), "propto": ("∝", "~"), "to": ("→", "->"),
    "rightarrow": ("→", "->"), "leftarrow": ("←", "<-"), "Rightarrow": ("⇒", "=>"),
    "Leftarrow": ("⇐", "<="), "leftrightarrow": ("↔", "<->"), "mapsto": ("↦", "|->"),
    "implies": ("⟹", "=>"), "iff": ("⟺", "<=>"), "in": ("∈", "in"), "notin": ("∉", "not in"),
    "subset": ("⊂", "subset"), "subseteq": ("⊆", "subseteq"), "cup": ("∪", "u"),
    "cap": ("∩", "n"), "mid": ("|", "|"), "gets": ("←", "<-"), "ll": ("≪", "<<"),
    "gg": ("≫", ">>"), "setminus": ("∖", "\\"), "wedge": ("∧", "and"), "vee": ("∨", "or"),
  ]

  /// Upright function names.
  static let functions: Set<String> = [
    "log", "exp", "ln", "max", "min", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arg",
    "argmax", "argmin", "det", "dim", "lim", "sup", "inf", "sgn", "sign", "diag", "Diag",
    "softmax", "ReLU", "relu", "tr", "rank", "mod", "Pr",
  ]

  /// Explicit spacing commands and their width in spaces.
  static let spaces: [String: Int] = [
    "quad": 2, "qquad": 4, ",": 1, ";": 1, ":": 1, ">": 1, " ": 1, "!": 0, "enspace": 1,
    "thinspace": 1,
  ]

  /// Accents: command → (combining mark, ASCII prefix).
  static let accents: [String: (Character, String)] = [
    "tilde": ("\u{0303}", "~"), "widetilde": ("\u{0303}", "~"), "hat": ("\u{0302}", "^"),
    "widehat": ("\u{0302}", "^"), "bar": ("\u{0304}", "bar "), "overline": ("\u{0305}", "bar "),
    "vec": ("\u{20D7}", "vec "), "dot": ("\u{0307}", "dot "), "ddot": ("\u{0308}", "ddot "),
  ]

  /// What a command name stands for, from the tables above.
  enum Command {
    case symbol(String, String)
    case op(String, String)
    case function
    case space(Int)
    case accent(Character, String)
  }

  /// Every table in one, looked up once per command: where two tables hold a name, the
  /// first of Greek, symbols, operators, functions, spaces, accents wins.
  static let commands: [String: Command] = {
    var commands: [String: Command] = [:]
    for (name, (mark, ascii)) in accents { commands[name] = .accent(mark, ascii) }
    for (name, width) in spaces { commands[name] = .space(width) }
    for name in functions { commands[name] = .function }
    for (name, (unicode, ascii)) in operators { commands[name] = .op(unicode, ascii) }
    for (name, (unicode, ascii)) in symbols { commands[name] = .symbol(unicode, ascii) }
    for (name, letter) in greek { commands[name] = .symbol(letter, name) }
    return commands
  }()

  /// `\mathbb{X}`.
  static let blackboard: [Character: String] = [
    "1": "𝟙", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ",
  ]

}
