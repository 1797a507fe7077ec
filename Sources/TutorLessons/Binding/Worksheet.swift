import TutorEngine
import TutorMath

/// A lesson as a class worksheet and its answer key, at one binding (so each student can
/// get their own variant). The worksheet holds the givens and each step's question with
/// room to work and nothing a step asks for: its prose is filled as a learner who has
/// earned nothing sees it, so a later step's text shows `? (step N)` where it names an
/// earlier answer. The key holds each step's answer (the engine's value, the reference
/// formula or the right option) and its worked line. Both escape lesson prose as a
/// handout does (a lesson is data, not code).
public struct Worksheet: Sendable {
  /// What to write.
  public enum Part: String, CaseIterable, Sendable {
    /// The questions with room to work, no answers.
    case questions
    /// The answers and worked lines.
    case key
  }

  /// One step as the worksheet asks it and the key answers it.
  public struct Item: Equatable, Sendable {
    /// The step as the worksheet asks it: its number, title, question, display and
    /// options filled as by a learner who has earned nothing (no right option marked).
    public var asked: Handout.Item
    /// What the learner writes: "a value", "a formula", "one option".
    public var asks: String
    /// The answer as key prose: `$…$` math, a formula in backticks, or "Option 2: …".
    public var answer: String
    /// The worked line, filled.
    public var worked: String
  }

  public let handout: Handout
  public let items: [Item]

  /// Fills every step of `bound` twice: the question as nobody has earned anything, the
  /// key in full.
  public init(_ bound: BoundLesson) throws(LessonErrors) {
    let handout = try Handout(bound)
    self.handout = handout
    let unearned = Concealment(bound, earned: [])
    var items: [Item] = []
    for (index, step) in bound.lesson.steps.enumerated() {
      let name = "step `\(step.id)`"
      let full = handout.items[index]
      var item = Item(
        asked: Handout.Item(
          number: index + 1, id: step.id, title: step.title,
          question: try bound.fill(
            step.text, context: "the text of \(name)", concealment: unearned),
          display: try step.display.map { (display) throws(LessonErrors) in
            try bound.fill(display, context: "the display of \(name)", concealment: unearned)
          },
          options: [], answer: nil, worked: ""),
        asks: "", answer: "", worked: full.worked)
      switch step.question {
      case .value:
        item.asks = "a value"
        if case .value(let value) = try bound.expectation(forStep: index) {
          item.answer = "$" + Handout.tex(value) + "$"
        }
      case .formula(let reference, _, _):
        item.asks = "a formula"
        item.answer = "`" + reference.source.text + "`"
      case .choice(let choices):
        item.asks = "one option"
        for original in bound.choiceOrder(step: index) {
          item.asked.options.append(
            try bound.fill(
              choices[original].text, context: "a choice of \(name)", concealment: unearned))
        }
        let right = full.answer ?? 1
        item.answer = "Option \(right): " + full.options[right - 1]
      }
      items.append(item)
    }
    self.items = items
  }

  /// The worksheet or its key in `format`.
  public func document(_ format: Handout.Format, _ part: Part) -> String {
    switch format {
    case .markdown: return markdown(part)
    case .latex: return latex(part)
    }
  }

  private var heading: String {
    "bptutor lesson `\(handout.bound.lesson.id)` at \(handout.valuesPhrase)"
  }

  // MARK: - Markdown

  func markdown(_ part: Part) -> String {
    let lesson = handout.bound.lesson
    func line(_ text: String) -> String {
      MarkdownSource.prose(
        text.trimmingWhitespace().split(whereSeparator: \.isNewline).joined(separator: " "))
    }
    var lines = ["# " + line(lesson.title) + (part == .key ? ": answer key" : ""), ""]
    switch part {
    case .questions:
      lines.append(
        "Worksheet from the \(heading). Work each step in the space below it; a value "
          + "from an earlier step is written ? (step N): use your own answer to that step.")
      lines += ["", MarkdownSource.prose(lesson.summary.trimmingWhitespace())]
    case .key:
      lines.append(
        "Answer key to the worksheet from the \(heading); every number is computed by "
          + "bptutor's engine.")
    }
    lines += ["", "## Given", ""]
    lines += handout.givens.map { "- $" + MarkdownSource.math($0) + "$" }
    for item in items {
      lines += ["", "## Step \(item.asked.number). \(line(item.asked.title))", ""]
      switch part {
      case .questions:
        lines.append(MarkdownSource.prose(item.asked.question.trimmingWhitespace()))
        if let display = item.asked.display {
          lines += ["", "$$", MarkdownSource.math(display.trimmingWhitespace()), "$$"]
        }
        if !item.asked.options.isEmpty {
          lines.append("")
          lines += item.asked.options.enumerated().map { "\($0.offset + 1). " + line($0.element) }
        }
        lines += ["", "*Your answer (\(item.asks)):*", "", "&nbsp;", "", "&nbsp;", "", "---"]
      case .key:
        lines.append("**Answer.** " + MarkdownSource.prose(item.answer))
        lines += ["", "**Worked.** " + MarkdownSource.prose(item.worked.trimmingWhitespace())]
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - LaTeX

  func latex(_ part: Part) -> String {
    let lesson = handout.bound.lesson
    var lines = Handout.latexOpening(title: lesson.title + (part == .key ? ": answer key" : ""))
    switch part {
    case .questions:
      lines.append(
        LaTeXSource.prose(
          "Worksheet from the \(heading). Work each step in the space below it; a value "
            + "from an earlier step is written ? (step N): use your own answer to that step."))
      lines += ["", LaTeXSource.prose(lesson.summary.trimmingWhitespace())]
    case .key:
      lines.append(
        LaTeXSource.prose(
          "Answer key to the worksheet from the \(heading); every number is computed by "
            + "bptutor's engine."))
    }
    lines += handout.latexGivens
    for item in items {
      lines += [
        "", "\\section*{Step \(item.asked.number). " + LaTeXSource.prose(item.asked.title) + "}",
      ]
      switch part {
      case .questions:
        lines.append(LaTeXSource.prose(item.asked.question.trimmingWhitespace()))
        if let display = item.asked.display {
          lines += ["\\[", LaTeXSource.math(display.trimmingWhitespace()), "\\]"]
        }
        if !item.asked.options.isEmpty {
          lines.append("\\begin{enumerate}")
          lines += item.asked.options.map { "  \\item " + LaTeXSource.prose($0) }
          lines.append("\\end{enumerate}")
        }
        lines += [
          "", "\\textit{Your answer (" + LaTeXSource.text(item.asks) + "):}",
          "\\vspace{\(item.asked.options.isEmpty ? 7 : 3)\\baselineskip}",
        ]
      case .key:
        lines.append("\\textbf{Answer.} " + LaTeXSource.prose(item.answer))
        lines += [
          "", "\\textbf{Worked.} " + LaTeXSource.prose(item.worked.trimmingWhitespace()),
        ]
      }
    }
    lines += ["", "\\end{document}"]
    return lines.joined(separator: "\n") + "\n"
  }
}
