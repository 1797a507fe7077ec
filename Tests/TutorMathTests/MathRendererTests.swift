import TerminalText
import Testing

@testable import TutorMath

/// The TeX subset → Unicode renderer, as goldens.
@Suite("Math renderer")
struct MathRendererTests {
  @Test(
    "inline math",
    arguments: [
      ("W^{(3)}", "W⁽³⁾"),
      ("x_1", "x₁"),
      ("w_{1,2}^{(3)}", "w₁,₂⁽³⁾"),
      ("e^{-x}", "e⁻ˣ"),
      ("\\sigma_i(1-\\sigma_i)", "σᵢ(1 − σᵢ)"),
      ("A^{\\top}", "Aᵀ"),
      ("A^T", "Aᵀ"),
      ("x^{\\alpha+q}", "x^(α+q)"),  // no superscript α: readable fallback
      ("x_{bq}", "x_(bq)"),
      ("\\frac{\\partial J}{\\partial W^{(3)}}", "∂J/∂W⁽³⁾"),
      ("\\frac{\\partial J}{\\partial w^{(3)}_{1,2}}", "∂J/∂w₁,₂⁽³⁾"),
      ("\\frac{1}{1+e^{-x}}", "1/(1 + e⁻ˣ)"),
      ("a+b=c", "a + b = c"),
      ("-x + y", "−x + y"),
      ("= \\sigma_i", "= σᵢ"),  // a relation with nothing on its left keeps its space
      ("\\frac{1}{2}\\sum_i (w_i - t_i)^2", "½Σᵢ(wᵢ − tᵢ)²"),  // a glyph where Unicode has one
      ("\\log{x} + \\max(0, a)", "log x + max(0, a)"),
      ("\\mathrm{diag}(h \\oslash a)", "diag(h ⊘ a)"),
      ("\\frac{3}{7} x + \\frac{3}{7}", "(3/7) x + 3/7"),  // else parenthesized before an operand
      // Issue 22: an inline fraction never reads two ways.
      ("= \\frac{1}{2\\sigma}", "= 1/(2σ)"),  // a product below the bar is parenthesized
      ("\\frac{1}{2N} x", "(1/(2N)) x"),
      ("\\frac{1}{N}\\sum_n x_n", "(1/N)Σₙ xₙ"),  // any fraction before an operand
      ("\\frac{\\partial L}{\\partial a}\\frac{\\partial a}{\\partial W}", "(∂L/∂a)(∂a/∂W)"),
      ("\\frac{1}{\\sqrt{d}} x", "(1/√d) x"),  // a root is one factor
      // One factor below each bar: nothing to parenthesize.
      ("\\frac{1}{N} + \\frac{\\partial L}{\\partial W^{(1)}}", "1/N + ∂L/∂W⁽¹⁾"),
      ("\\nabla_w J", "∇_w J"),  // no subscript w: fallback
      ("x \\cdot y \\times z \\odot t", "x · y × z ⊙ t"),
      ("\\sum_i w_i", "Σᵢ wᵢ"),
      ("\\log \\exp(x)", "log exp(x)"),
      ("\\mathbb{1}[a > 0]", "𝟙[a > 0]"),
      ("\\text{ReLU}\\left(a^{(1)}\\right)", "ReLU(a⁽¹⁾)"),
      ("\\tilde{x}", "x̃"),
      ("x\u{0303}^2 + 1", "x\u{0303}² + 1"),  // a letter keeps its combining mark
      ("\\alpha \\|w\\|_p^p", "α ‖w‖ₚᵖ"),
      ("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "[1 2; 3 4]"),
      ("\\begin{bmatrix} 0 & -18 \\end{bmatrix}", "[0, −18]"),
      ("\\beta \\sigma_i(\\delta_{ij} - \\sigma_j)", "β σᵢ(δᵢⱼ − σⱼ)"),
      ("\\foo{x}", "foox"),  // unknown command: its name
    ])
  func inline(tex: String, expected: String) {
    #expect(MathRenderer.inline(tex) == expected)
  }

  @Test("in ASCII a letter with a combining mark is the letter, its script still attached")
  func combiningMarkInASCII() {
    let written = MathRenderer.inline("x\u{0303}^2 + 1", style: .ascii)
    #expect(written == "x\u{0303}^2 + 1")
    #expect(MathStyle.ascii.apply(written) == "x^2 + 1")  // as the screen shows it
    // A mark the renderer had to write apart from its letter is left out, not "?".
    #expect(MathStyle.ascii.apply(MathRenderer.inline("\\alpha\u{0302}", style: .ascii)) == "alpha")
  }

  @Test("a stacked fraction in display math, the bar as wide as the wider part")
  func stackedFraction() {
    let block = MathRenderer.display("\\frac{\\partial J}{\\partial w^{(3)}_{1,2}}")
    #expect(block.lines == ["    ∂J    ", "──────────", " ∂w₁,₂⁽³⁾ "])
    #expect(block.baseline == 1)
    #expect(block.width == 10)
  }

  @Test("the softmax Jacobian as a bracketed matrix")
  func softmaxJacobian() {
    let block = MathRenderer.display(
      """
      \\begin{bmatrix} \\sigma_1(1-\\sigma_1) & -\\sigma_1\\sigma_2 \\\\
      -\\sigma_2\\sigma_1 & \\sigma_2(1-\\sigma_2) \\end{bmatrix}
      """)
    #expect(block.lines == ["⎡ σ₁(1 − σ₁)       −σ₁σ₂ ⎤", "⎣      −σ₂σ₁  σ₂(1 − σ₂) ⎦"])
  }

  @Test("a 3×3 matrix with tall parentheses, columns right-aligned")
  func threeByThree() {
    let block = MathRenderer.display(
      "\\begin{pmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\\\ 1 & -5 & 3 \\end{pmatrix}")
    #expect(block.lines == ["⎛ 1   2  3 ⎞", "⎜ 4   5  6 ⎟", "⎝ 1  −5  3 ⎠"])
  }

  @Test("pieces side by side share a baseline")
  func baseline() {
    let block = MathRenderer.display(
      "\\frac{\\partial J}{\\partial a} = \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}")
    #expect(block.lines == [" ∂J    ⎡ 1 ⎤", "──── = ⎢ 2 ⎥", " ∂a    ⎣ 3 ⎦"])
    #expect(block.baseline == 1)
  }

  @Test("every display line has the block's width in cells")
  func equalWidths() {
    for tex in [
      "\\frac{a}{b+c}", "\\begin{bmatrix} 1 & 22 \\\\ 333 & 4 \\end{bmatrix}",
      "\\left( \\frac{1}{2} \\right)", "a \\\\ bbbb",
    ] {
      let block = MathRenderer.display(tex)
      #expect(block.lines.allSatisfy { TextWidth.cells(of: $0) == block.width }, "\(tex)")
    }
  }

  @Test("ASCII style uses no character outside ASCII")
  func ascii() {
    #expect(
      MathRenderer.inline("\\frac{\\partial J}{\\partial W^{(3)}}", style: .ascii) == "dJ/dW^(3)")
    #expect(
      MathRenderer.inline("\\sigma_i(1 - \\sigma_i) \\odot x^{\\top}", style: .ascii)
        == "sigma_i(1 - sigma_i) (.) x^T")
    // Without a ½ glyph the fraction before a bracket is parenthesized (issue 22).
    #expect(
      MathRenderer.inline("\\ell = \\frac{1}{2}(P - T)^2", style: .ascii) == "l = (1/2)(P - T)^2")
    let block = MathRenderer.display(
      "\\frac{\\partial J}{\\partial W} = \\begin{bmatrix} 1 & -18 \\\\ 3 & 4 \\end{bmatrix}",
      style: .ascii)
    #expect(block.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    #expect(block.lines == [" dJ    [ 1  -18 ]", "---- = [ 3    4 ]", " dW              "])
  }

  @Test("prose wraps at the width, never breaking inline math")
  func proseWrapping() {
    let text = """
      The gradient $\\frac{\\partial J}{\\partial W^{(3)}}$ is a row like $W^{(3)}$; \
      the loss is $J = (y - h^{(3)})^2$ and its derivative flips the sign.
      """
    let lines = MathRenderer.prose(text, width: 30)
    #expect(lines.allSatisfy { TextWidth.cells(of: $0) <= 30 })
    #expect(lines.contains { $0.contains("∂J/∂W⁽³⁾") })
    #expect(lines.contains { $0.contains("J = (y − h⁽³⁾)²") })
  }

  @Test("a formula longer than a line breaks at a space between terms, never inside a vector")
  func longFormulaBreaks() {
    let text = "So $g = [-0.5; -0.5; 1] + [0.1; -0.3; 0.4] = [-0.4; -0.8; 1.4]$."
    let lines = MathRenderer.prose(text, width: 40)
    #expect(lines.allSatisfy { TextWidth.cells(of: $0) <= 40 })
    for vector in ["[−0.5; −0.5; 1]", "[0.1; −0.3; 0.4]", "[−0.4; −0.8; 1.4]."] {
      #expect(lines.contains { $0.contains(vector) }, "\(lines)")
    }
  }

  @Test("display math in prose stands on its own lines; blank lines separate paragraphs")
  func proseDisplay() {
    let lines = MathRenderer.prose("Before $$\\frac{a}{b}$$ after.\n\nNew paragraph.", width: 40)
    #expect(lines == ["Before", "     a", "    ───", "     b", "after.", "", "New paragraph."])
  }

  @Test(
    "hostile input returns without crashing",
    arguments: [
      String(repeating: "{", count: 10_000), String(repeating: "\\frac{", count: 200) + "x",
      String(repeating: "}", count: 500), "\\begin{bmatrix} 1 & 2 \\\\", "$$ unclosed",
      "^_^_^_", "\\left( \\right", String(repeating: "x^", count: 3000),
      "\u{0}\u{7}\u{1b}[31m", "\\", "\\\\\\\\",
      String(repeating: "\\left(", count: 3000), String(repeating: "\\frac", count: 3000),
      String(repeating: "x^{", count: 3000), String(repeating: "\\sqrt", count: 3000),
    ])
  func hostile(tex: String) {
    // Whatever comes out is bounded and safe to draw: no control characters (an ESC
    // would reach the terminal), display lines of one width, prose within its width.
    let isControl: (Unicode.Scalar) -> Bool = { $0.value < 0x20 || $0.value == 0x7F }
    let inline = MathRenderer.inline(tex)
    #expect(!inline.unicodeScalars.contains(where: isControl))
    let block = MathRenderer.display(tex)
    #expect(block.lines.allSatisfy { TextWidth.cells(of: $0) == block.width })
    #expect(!block.lines.joined().unicodeScalars.contains(where: isControl))
    let prose = MathRenderer.prose(tex, width: 20)
    #expect(prose.allSatisfy { TextWidth.cells(of: $0) <= 20 })
  }
}
