import TutorEngine
import TutorMath

/// A lesson's worked solution as a document to print or share: the givens, then each
/// step's question and worked line, every number filled by the engine at the binding's
/// givens (so a variant gets its own handout). Math stays TeX in both formats. Hints and
/// declared mistakes are left out: a handout shows the right path only, never the slips
/// the mistakes anticipate.
public struct Handout: Sendable {
  /// The document formats `bptutor export` writes.
  public enum Format: String, CaseIterable, Sendable {
    /// Markdown with `$…$` and `$$…$$` math (GitHub, pandoc).
    case markdown
    /// A standalone LaTeX document for pdflatex (article, amsmath, amssymb).
    case latex
  }

  /// One step as the handout shows it.
  public struct Item: Equatable, Sendable {
    /// 1-based.
    public var number: Int
    public var id: String
    public var title: String
    /// The question, placeholders filled (prose with `$…$` math).
    public var question: String
    /// The display block, filled (TeX, no `$`).
    public var display: String?
    /// A choice question's options (prose), in order.
    public var options: [String]
    /// The right option (1-based), for a choice question.
    public var answer: Int?
    /// The worked line, filled (prose with `$…$` math); without one in the lesson, the
    /// expected value as math, or the reference formula as code.
    public var worked: String
  }

  public let bound: BoundLesson
  /// Each given as TeX: `x = 3`, `W^{(1)} = \begin{bmatrix} … \end{bmatrix}`.
  public let givens: [String]
  public let items: [Item]

  /// Fills every step of `bound`; a placeholder that cannot be filled (only in a lesson
  /// that fails `check`) is an error at its place in the file.
  public init(_ bound: BoundLesson) throws(LessonErrors) {
    self.bound = bound
    let lesson = bound.lesson
    givens = lesson.givens.compactMap { given in
      bound.value(of: given.name).map { lesson.tex(for: given.name) + " = " + Self.tex($0) }
    }
    var items: [Item] = []
    for (index, step) in lesson.steps.enumerated() {
      let name = "step `\(step.id)`"
      var item = Item(
        number: index + 1, id: step.id, title: step.title,
        question: try bound.fill(step.text, context: "the text of \(name)"),
        display: try step.display.map { (display) throws(LessonErrors) in
          try bound.fill(display, context: "the display of \(name)")
        },
        options: [], answer: nil, worked: "")
      if case .choice(let choices) = step.question {
        // In this variant's order, as the tutor shows them.
        let order = bound.choiceOrder(step: index)
        for original in order {
          item.options.append(
            try bound.fill(choices[original].text, context: "a choice of \(name)"))
        }
        item.answer = (order.firstIndex { choices[$0].isCorrect } ?? 0) + 1
      }
      item.worked = try bound.fill(step.worked, context: "the worked line of \(name)")
      items.append(item)
    }
    self.items = items
  }

  /// The handout in `format`.
  public func document(_ format: Format) -> String {
    switch format {
    case .markdown: return markdown()
    case .latex: return latex()
    }
  }

  /// "the lesson's own values", "variant 3", "variant 3 with x = 2".
  var valuesPhrase: String {
    var phrase = bound.variant == 0 ? "the lesson's own values" : "variant \(bound.variant)"
    if !bound.overrides.isEmpty {
      phrase +=
        " with "
        + bound.overrides.keys.sorted().map { "`\($0) = \(bound.overrides[$0]!)`" }
        .joined(separator: ", ")
    }
    return phrase
  }

  // MARK: - Markdown

  func markdown() -> String {
    let lesson = bound.lesson
    /// One line of prose (a title): its line breaks would start new blocks.
    func line(_ text: String) -> String {
      MarkdownSource.prose(
        text.trimmingWhitespace().split(whereSeparator: \.isNewline).joined(separator: " "))
    }
    var lines = ["# " + line(lesson.title), ""]
    lines.append(
      "Worked solution of the bptutor lesson `\(lesson.id)` at \(valuesPhrase); every "
        + "number is computed by bptutor's engine.")
    lines += ["", MarkdownSource.prose(lesson.summary.trimmingWhitespace()), ""]
    if !lesson.source.isEmpty { lines += ["Source: " + MarkdownSource.prose(lesson.source), ""] }
    lines += ["## Given", ""]
    lines += givens.map { "- $" + MarkdownSource.math($0) + "$" }
    for item in items {
      lines += [
        "", "## Step \(item.number). \(line(item.title))", "",
        MarkdownSource.prose(item.question.trimmingWhitespace()),
      ]
      if let display = item.display {
        lines += ["", "$$", MarkdownSource.math(display.trimmingWhitespace()), "$$"]
      }
      let options = item.options.map { line($0) }
      if !options.isEmpty {
        lines.append("")
        lines += options.enumerated().map { "\($0.offset + 1). " + $0.element }
      }
      if let answer = item.answer {
        lines += ["", "**Answer.** Option \(answer): " + options[answer - 1]]
      }
      if !item.worked.isEmpty {
        lines += ["", "**Worked.** " + MarkdownSource.prose(item.worked.trimmingWhitespace())]
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - LaTeX

  /// A standalone article's opening, up to its title, for pdflatex: every LaTeX document
  /// bptutor writes (handouts, worksheets and keys) starts so.
  static func latexOpening(title: String) -> [String] {
    [
      "\\documentclass{article}",
      "\\usepackage{amsmath}",
      "\\usepackage{amssymb}",
      // Inch margins (geometry is in every TeX Live): a worked line of matrices, which
      // TeX cannot break, fits the page instead of running into the margin.
      "\\usepackage[margin=1in]{geometry}",
      "\\setlength{\\parindent}{0pt}",
      "\\setlength{\\parskip}{0.6em}",
      "\\title{" + LaTeXSource.prose(title) + "}",
      "\\date{}",
      "\\begin{document}",
      "\\maketitle",
      "",
    ]
  }

  /// The givens as a LaTeX list under their heading.
  var latexGivens: [String] {
    ["", "\\section*{Given}", "\\begin{itemize}"]
      + givens.map { "  \\item $" + LaTeXSource.math($0) + "$" } + ["\\end{itemize}"]
  }

  func latex() -> String {
    let lesson = bound.lesson
    var lines =
      Self.latexOpening(title: lesson.title) + [
        LaTeXSource.prose(
          "Worked solution of the bptutor lesson `\(lesson.id)` at \(valuesPhrase); every "
            + "number is computed by bptutor's engine."),
        "",
        LaTeXSource.prose(lesson.summary.trimmingWhitespace()),
      ]
    if !lesson.source.isEmpty { lines += ["", LaTeXSource.prose("Source: " + lesson.source)] }
    lines += latexGivens
    for item in items {
      lines += [
        "", "\\section*{Step \(item.number). " + LaTeXSource.prose(item.title) + "}",
        LaTeXSource.prose(item.question.trimmingWhitespace()),
      ]
      if let display = item.display {
        lines += ["\\[", LaTeXSource.math(display.trimmingWhitespace()), "\\]"]
      }
      if !item.options.isEmpty {
        lines.append("\\begin{enumerate}")
        lines += item.options.map { "  \\item " + LaTeXSource.prose($0) }
        lines.append("\\end{enumerate}")
      }
      if let answer = item.answer {
        lines += [
          "", "\\textbf{Answer.} Option \(answer): " + LaTeXSource.prose(item.options[answer - 1]),
        ]
      }
      if !item.worked.isEmpty {
        lines += [
          "", "\\textbf{Worked.} " + LaTeXSource.prose(item.worked.trimmingWhitespace()),
        ]
      }
    }
    lines += ["", "\\end{document}"]
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Values as TeX

  /// A value as TeX: a number, a matrix (or vector) as `bmatrix`, a 3- or 4-tensor as
  /// a bracketed list of its matrices.
  public static func tex(_ tensor: Tensor) -> String {
    switch tensor.rank {
    case 0: return NumberFormat.string(tensor.scalars.first ?? .nan)
    case 1:
      let row = (try? Tensor(shape: [1, tensor.count], scalars: tensor.scalars)) ?? tensor
      return row.rank == 2 ? Placeholders.bmatrix(row) : TensorFormat.inline(tensor)
    case 2:
      return tensor.count == 1
        ? NumberFormat.string(tensor.scalars[0]) : Placeholders.bmatrix(tensor)
    default:
      let sliceShape = Array(tensor.shape.dropFirst())
      let size = sliceShape.reduce(1, *)
      let slices = (0..<tensor.shape[0]).map { index -> String in
        let scalars = Array(tensor.scalars[index * size..<(index + 1) * size])
        return tex((try? Tensor(shape: sliceShape, scalars: scalars)) ?? Tensor(.nan))
      }
      return "\\left[ " + slices.joined(separator: ",\\ ") + " \\right]"
    }
  }
}
