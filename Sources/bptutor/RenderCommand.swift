import ArgumentParser
import TerminalText
import TutorMath

/// `bptutor render`: how a TeX snippet looks in the terminal (for lesson authors).
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render", _superCommandName: "bptutor",
    abstract: "Print the terminal rendering of a LaTeX math snippet.",
    discussion: """
      Supports the subset lessons use: Greek letters, \\partial, \\nabla, \\cdot, \
      \\times, \\odot, \\sum, \\log, \\exp, ^{\\top}, sub- and superscripts (W^{(3)}, \
      x_1), \\frac, pmatrix and bmatrix, \\mathbb{1}, \\text{}, \\left( \\right). \
      By default the snippet is display math (stacked fractions, tall matrices); \
      --inline renders it on one line. Quote the snippet with single quotes. \
      Example: bptutor render '\\frac{\\partial J}{\\partial w^{(3)}_{1,2}}'
      """)

  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp("The TeX snippet (without $ delimiters).", valueName: "tex"))
  var words: [String] = []

  private var tex: String { words.joined(separator: " ") }

  @Flag(help: "Render inline (one line: fractions as a/b).")
  var inline = false

  @Flag(help: "ASCII only (the default when the locale is not UTF-8).")
  var ascii = false

  func run() throws {
    guard !words.isEmpty else {
      throw ValidationError("give a TeX snippet, e.g. bptutor render '\\frac{1}{2}'")
    }
    let style: MathStyle = ascii || !TerminalStyle.localeIsUTF8 ? .ascii : .unicode
    if inline {
      Output.print(MathRenderer.inline(tex, style: style), style: style)
    } else {
      let block = MathRenderer.display(tex, style: style)
      Output.print(block.lines.map { $0.trimmingTrailingSpaces() }, style: style)
    }
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = Substring(self)
    while text.last == " " { text.removeLast() }
    return String(text)
  }
}
