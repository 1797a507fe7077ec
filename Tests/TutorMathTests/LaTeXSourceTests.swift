import Testing
import TutorMath

/// Prose as LaTeX source for handouts: math kept, text escaped, Unicode as commands.
@Suite("LaTeX source of prose")
struct LaTeXSourceTests {
  @Test(
    "text outside math is escaped; math and escaped braces are kept",
    arguments: [
      ("50% of x_1 & y # z", "50\\% of x\\_1 \\& y \\# z"),
      (
        "a ~ b ^ c < d > e | f",
        "a \\textasciitilde{} b \\textasciicircum{} c \\textless{} d \\textgreater{} e \\textbar{} f"
      ),
      ("keep $\\frac{a_1}{b}$ as TeX", "keep $\\frac{a_1}{b}$ as TeX"),
      ("a literal \\{ brace \\}", "a literal \\{ brace \\}"),
      ("a \\ alone", "a \\textbackslash{} alone"),
      ("type `W @ x_1` here", "type \\texttt{W @ x\\_1} here"),
      ("display $$a = b$$ done", "display \\[a = b\\] done"),
      ("price \\$5", "price \\$5"),
      ("unclosed $x", "unclosed \\$x"),
    ])
  func escapes(prose: String, latex: String) {
    #expect(LaTeXSource.prose(prose) == latex)
  }

  @Test(
    "Unicode becomes TeX commands: symbols, Greek, scripts, accents, typography",
    arguments: [
      ("a 2×2 matrix", "a 2\\ensuremath{\\times}2 matrix"),
      ("σ and β", "\\ensuremath{\\sigma} and \\ensuremath{\\beta}"),
      ("‖w‖ₚᵖ", "\\ensuremath{\\|}w\\ensuremath{\\|}\\ensuremath{_{p}}\\ensuremath{^{p}}"),
      ("|wᵢ|ᵖ⁻¹", "\\textbar{}w\\ensuremath{_{i}}\\textbar{}\\ensuremath{^{p-1}}"),
      ("x\u{0303} and y\u{0302}", "\\ensuremath{\\tilde{x}} and \\ensuremath{\\hat{y}}"),
      ("a — b – c …", "a --- b -- c \\ldots{}"),
      ("E = ½(d − z)²", "E = \\ensuremath{\\tfrac{1}{2}}(d \\ensuremath{-} z)\\ensuremath{^{2}}"),
      ("∂E/∂z → 0", "\\ensuremath{\\partial}E/\\ensuremath{\\partial}z \\ensuremath{\\to} 0"),
    ])
  func unicodeInText(text: String, latex: String) {
    #expect(LaTeXSource.prose(text) == latex)
  }

  @Test("Unicode inside math becomes commands too; ASCII math is untouched")
  func unicodeInMath() {
    #expect(LaTeXSource.prose("$σ(x)$") == "$\\sigma (x)$")
    #expect(LaTeXSource.prose("$Wᵀ g$") == "$W^{T} g$")
    #expect(LaTeXSource.math("\\partial L/\\partial W") == "\\partial L/\\partial W")
  }

  @Test("anything unknown falls back to the ASCII fold, so pdflatex never meets raw Unicode")
  func fallback() {
    let latex = LaTeXSource.prose("a ⎡ b and $c ⎡ d$")
    #expect(latex.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(latex == "a [ b and $c \\text{[} d$")
  }
}
