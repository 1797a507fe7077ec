/// The command and glyph tables of the TeX subset: Greek letters, operators, script
/// glyphs, blackboard letters. Every Unicode form has an ASCII fallback.
enum TexSymbols {
  static let greek: [String: String] = [
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
  ]

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

  /// `\mathbb{X}`.
  static let blackboard: [Character: String] = [
    "1": "𝟙", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ",
  ]

  static let superscripts: [Character: Character] = [
    "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
    "9": "⁹", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "a": "ᵃ", "b": "ᵇ",
    "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "i": "ⁱ", "j": "ʲ", "k": "ᵏ",
    "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ", "p": "ᵖ", "r": "ʳ", "s": "ˢ", "t": "ᵗ", "u": "ᵘ",
    "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ", "T": "ᵀ", "⊤": "ᵀ", "A": "ᴬ", "B": "ᴮ",
    "D": "ᴰ", "E": "ᴱ", "G": "ᴳ", "H": "ᴴ", "I": "ᴵ", "J": "ᴶ", "K": "ᴷ", "L": "ᴸ", "M": "ᴹ",
    "N": "ᴺ", "O": "ᴼ", "P": "ᴾ", "R": "ᴿ", "U": "ᵁ", "V": "ⱽ", "W": "ᵂ", "β": "ᵝ", "γ": "ᵞ",
    "δ": "ᵟ", "θ": "ᶿ", "φ": "ᵠ", "χ": "ᵡ", "′": "′", "'": "′", "*": "*",
  ]

  static let subscripts: [Character: Character] = [
    "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
    "9": "₉", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ",
    "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ", "p": "ₚ",
    "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ", ",": ",", "β": "ᵦ", "γ": "ᵧ",
    "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ",
  ]

  /// Greek letters spelled out for ASCII output.
  static let greekNames: [String: String] = {
    var names: [String: String] = [:]
    for (name, letter) in greek where names[letter] == nil || name.count < names[letter]!.count {
      names[letter] = name
    }
    return names
  }()
}
