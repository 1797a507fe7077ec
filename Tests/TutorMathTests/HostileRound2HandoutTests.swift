import Testing

@testable import TutorMath

/// Issue 25, items 4 and 5: lesson math reaches a LaTeX handout only through the
/// renderer's allow-list, and a Markdown handout carries no HTML.
@Suite("Hostile round 2: handout escaping")
struct HostileRound2HandoutTests {
  static let attacks = [
    #"\input{/etc/passwd}"#, #"\immediate\write18{touch /tmp/pwned}"#,
    #"\openout1=x.tex"#, #"\catcode`\^^5c=12"#, #"\csname input\endcsname{f}"#,
    #"\def\x{y}"#, #"\end{document}"#, #"^^5cinput{f}"#, #"\text{\input{f}}"#,
    #"\begin{document}"#, #"x % comment"#, #"\@input{f}"#, #"\\input{f}"#,
  ]

  /// Every command name in TeX source (letters after a backslash that is not escaped).
  static func commands(_ tex: String) -> [String] {
    var names: [String] = []
    let characters = Array(tex)
    var index = 0
    while index < characters.count {
      guard characters[index] == "\\", index + 1 < characters.count else {
        index += 1
        continue
      }
      var end = index + 1
      while end < characters.count, characters[end].isLetter { end += 1 }
      names.append(end == index + 1 ? String(characters[end]) : String(characters[index + 1..<end]))
      index = max(end, index + 2)
    }
    return names
  }

  @Test("4: no command outside the renderer's allow-list reaches the LaTeX", arguments: attacks)
  func latexMath(_ attack: String) {
    for tex in [LaTeXSource.math(attack), LaTeXSource.prose("a $" + attack + "$ b")] {
      let allowed = LaTeXSource.allowedCommands.union([
        "ensuremath", "backslash", "mathrm", "\\", "{", "}", "%", "#", "$", "operatorname",
        "^",  // `\^{}`: a caret glyph in `\text`, how a run of carets (`^^5c`) is written
      ])
      for name in Self.commands(tex) {
        #expect(allowed.contains(name), "\(attack) → \(tex)")
      }
      #expect(!tex.contains("^^"), "\(tex)")
      #expect(!tex.contains("{document}") || !tex.contains("\\end{"), "\(tex)")
      #expect(
        tex.filter { $0 == "{" }.count - tex.filter { $0 == "}" }.count
          == tex.components(separatedBy: "\\{").count - tex.components(separatedBy: "\\}").count)
    }
  }

  @Test("4: the math the renderer knows passes unchanged")
  func latexKnown() {
    for tex in [
      #"\frac{\partial E}{\partial z} = -(d - z)"#,
      #"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"#,
      #"\sigma(p_2)(1 - \sigma(p_2))"#, #"W^{(1)\top} \odot \delta"#, #"\left( x \right)"#,
      #"\text{if } x > 0"#, #"\hat{y}_i"#, #"x\,y\;z"#,
    ] {
      #expect(LaTeXSource.math(tex) == tex)
    }
    #expect(LaTeXSource.math(#"\softmax(z)"#) == #"\operatorname{softmax}(z)"#)
  }

  @Test(
    "5: Markdown prose carries no tag and no link, in text and in math",
    arguments: [
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=//e.org>",
      "[click](javascript:alert(1))", "$<script>x</script>$", "$$<img src=x onerror=y>$$",
      "<a href='javascript:alert(1)'>a</a>", "&lt;script&gt;",
    ])
  func markdown(_ attack: String) {
    let text = MarkdownSource.prose("Before " + attack + " after.")
    #expect(!text.contains("<"), "\(text)")
    #expect(!text.replacingOccurrences(of: "\\]", with: "").contains("]("), "\(text)")
    if attack.hasPrefix("&") { #expect(text.contains("&amp;lt;script"), "\(text)") }
  }

  @Test("5: math, code and escapes stay readable")
  func markdownKnown() {
    #expect(
      MarkdownSource.prose("so $a < b$ and `x<y` & more") == #"so $a \lt  b$ and `x<y` &amp; more"#)
    #expect(MarkdownSource.prose("costs \\$5") == "costs \\$5")
  }
}

extension HostileRound2HandoutTests {
  @Test("13: straight double quotes in LaTeX prose become TeX's curly quotes")
  func latexQuotes() {
    #expect(LaTeXSource.prose(#"the "chain" rule"#) == "the ``chain'' rule")
  }
}
