import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

extension Painter {
  /// Rows of the feedback area in learn mode.
  static let feedbackRows = 5

  /// The learn screen; `bar`: the key bar (a review's, around its card).
  mutating func draw(_ learn: LearnScreen, bar: [(String, String)] = LearnScreen.barItems) {
    let lesson = learn.lesson
    let total = lesson.steps.count
    let solved = learn.session.solvedCount(in: state.progress)
    let right =
      "step \(learn.stepIndex + 1)/\(total) \(progressBar(solved: solved, total: total, cells: 10))"
    header(lesson.title, right: right)

    // The feedback area grows for a long message (up to half the screen), never hiding it.
    let feedbackLines = learn.feedback.map { self.feedbackLines($0) } ?? []
    let feedbackRows = min(
      max(Self.feedbackRows, feedbackLines.count), max(Self.feedbackRows, (height - 8) / 2))
    let feedbackTop = height - 2 - feedbackRows
    let answerRow = feedbackTop - 1
    let proseRows = answerRow - 1 - 2
    // The known-values panel: beside the step when there is room, else in its place (F4).
    let concealment = learn.session.concealment(in: state.progress)
    let panelBeside = width >= Self.panelMinimumWidth && !state.valuesPanelToggled
    let panelInstead = width < Self.panelMinimumWidth && state.valuesPanelToggled
    let panelWidth = panelBeside ? Self.panelWidth : 0
    let mainWidth = width - panelWidth
    var lines: [(String, CellStyle)] = []
    let step = learn.step
    let mark: String
    switch learn.session.mark(of: learn.stepIndex, in: state.progress) {
    case .solved: mark = "  " + glyphs.right + " solved"
    case .revealed: mark = "  revealed"
    case .open: mark = ""
    }
    lines.append(("Step \(learn.stepIndex + 1) · \(step.title)" + mark, .bold))
    var marks = receptiveField(
      learn.bound, step: learn.stepIndex, concealment: concealment, width: mainWidth - 3,
      into: &lines)
    let presenter = LessonPresenter(learn.bound)
    // Beside a receptive field, which draws the input and kernel already, the text's
    // matrices stay inline (once, and the question above the fold).
    lines += presenter.renderQuestion(
      step: learn.stepIndex, width: mainWidth - 3, style: style, concealment: concealment,
      matrixBlocks: marks.isEmpty
    )
    .map { ($0, CellStyle.plain) }
    let hints = learn.session.hintsShown[learn.stepIndex, default: 0]
    for index in 0..<min(hints, step.hints.count) {
      let hint = presenter.render(
        step.hints[index], width: mainWidth - 12, style: style, concealment: concealment)
      for line in LessonPresenter.labelled("Hint \(index + 1)/\(step.hints.count): ", hint) {
        lines.append((line, color(.cyan)))
      }
    }
    if learn.session.workedShown.contains(learn.stepIndex) {
      let worked = presenter.renderWorked(
        step: learn.stepIndex, width: mainWidth - 6, style: style, concealment: concealment)
      for (k, line) in worked.enumerated() {
        lines.append(((k == 0 ? glyphs.arrow + " " : "   ") + line, color(.green)))
      }
    }
    if panelInstead {
      lines = valuesPanel(learn, concealment: concealment, width: width - 3)
      marks = []
    }
    let scroll = min(learn.scroll, max(0, lines.count - proseRows))
    let hidden = block(lines, top: 2, rows: proseRows, scroll: scroll, width: mainWidth)
    paintMarks(marks, top: 2, rows: proseRows, scroll: scroll, right: mainWidth - 1)
    if panelBeside {
      let column = mainWidth
      for row in 2..<(answerRow - 1) {
        buffer.write(glyphs.boxSide, row: row, column: column, style: color(.dim))
      }
      let panel = valuesPanel(learn, concealment: concealment, width: panelWidth - 3)
      for (offset, line) in panel.prefix(answerRow - 3).enumerated() {
        buffer.write(
          line.0, row: 2 + offset, column: column + 2, style: line.1, limit: panelWidth - 3)
      }
    }
    scrollRule(row: answerRow - 1, hidden: hidden, scroll: scroll)

    answerLine(learn.editor, row: answerRow)

    block(feedbackLines, top: feedbackTop, rows: feedbackRows, scroll: 0)
    // Once the gradient-descent step is earned, say where the loss curve is.
    if state.status == nil, let train = lesson.train,
      let descent = Trainer(learn.bound).gradientDescentStep, descent == learn.stepIndex,
      learn.session.earnedSteps(in: state.progress).contains(descent)
    {
      buffer.write(
        " F5: the loss over the next \(train.steps) steps of gradient descent", row: height - 2,
        column: 0, style: color(.dim))
    }
    statusLine()
    keyBar(bar)
  }

  /// `answer> ` and the editor's text at `row`, with the cursor shown as a reversed cell.
  mutating func answerLine(_ editor: LineEditor, row answerRow: Int) {
    let prompt = "answer> "
    buffer.write(prompt, row: answerRow, column: 1, style: .bold)
    let start = 1 + TextWidth.cells(of: prompt)
    let room = width - start - 2
    let characters = editor.characters
    let cursor = editor.cursor
    // Scroll so the cursor stays in view: drop characters from the left until what is
    // before the cursor fits (one pass over the widths; answers can be long).
    let widths = characters[..<cursor].map { TextWidth.cells(of: $0) }
    var first = 0
    var beforeCursor = widths.reduce(0, +)
    while beforeCursor > room {
      beforeCursor -= widths[first]
      first += 1
    }
    let visible = String(characters[first...])
    buffer.write(visible, row: answerRow, column: start, limit: room + 1)
    let cursorColumn = start + beforeCursor
    buffer.paint(row: answerRow, from: cursorColumn, to: cursorColumn + 1, style: .reverse)
  }

  /// The receptive field of a step asking for one entry of a `conv2d` or `maxpool2d`
  /// output, appended to `lines`; returns the window's cells to mark.
  func receptiveField(
    _ bound: BoundLesson, step: Int, concealment: Concealment, width: Int,
    into lines: inout [(String, CellStyle)]
  ) -> [(line: Int, columns: Range<Int>)] {
    guard let field = ReceptiveField(bound, step: step) else { return [] }
    let drawn = field.lines(
      bound, style: style, brackets: glyphs.ascii || !state.colors, concealment: concealment,
      width: width)
    let first = lines.count
    lines += drawn.lines.map { ($0, CellStyle.plain) }
    return drawn.marks.map { (first + $0.line, $0.columns) }
  }

  /// Reverse video over marked cells of lines drawn by ``block(_:top:rows:scroll:indent:width:)``.
  mutating func paintMarks(
    _ marks: [(line: Int, columns: Range<Int>)], top: Int, rows: Int, scroll: Int, indent: Int = 1,
    right: Int
  ) {
    for mark in marks {
      let row = top + mark.line - scroll
      guard row >= top, row < top + rows else { continue }
      buffer.paint(
        row: row, from: indent + mark.columns.lowerBound,
        to: min(right, indent + mark.columns.upperBound), style: .reverse)
    }
  }

  /// The known-values panel sits beside the step from this width on.
  static let panelMinimumWidth = 110
  static let panelWidth = 36

  /// The givens and every value the learner has earned (solved or revealed steps), so
  /// a step can be answered without opening another view.
  func valuesPanel(_ learn: LearnScreen, concealment: Concealment, width: Int) -> [(
    String, CellStyle
  )] {
    let bound = learn.bound
    let presenter = LessonPresenter(bound)
    var lines: [(String, CellStyle)] = [("Known values", .bold)]
    for given in bound.lesson.givens {
      guard let value = bound.value(of: given.name) else { continue }
      lines += panelEntry(
        presenter.label(of: given.name, style: style), TensorFormat.value(value, style: style),
        width: width
      ).map { ($0, .plain) }
    }
    for index in learn.session.earnedSteps(in: state.progress).sorted() {
      guard let value = bound.askedValues[index] else { continue }
      let label = MathRenderer.inline(bound.askTeX(step: index), style: style)
      lines += panelEntry(label, TensorFormat.value(value, style: style), width: width).map {
        ($0, color(.green))
      }
    }
    if lines.count == 1 + bound.lesson.givens.count {
      lines.append(("(values you earn appear here)", color(.dim)))
    }
    return lines
  }

  /// `label = value` on one line when it fits; else the label wrapped and `= value` under
  /// it, a matrix broken after a row's `;` when it is wider than the panel, so a long
  /// label never hides the value.
  func panelEntry(_ label: String, _ value: String, width: Int) -> [String] {
    let line = label + " = " + value
    guard TextWidth.cells(of: line) > width else { return [line] }
    var lines = TextWidth.wrap(label, width: width)
    var current = "  ="
    let rows = value.split(separator: "; ", omittingEmptySubsequences: false)
    for (index, row) in rows.enumerated() {
      let part = String(row) + (index + 1 < rows.count ? ";" : "")
      if current != "  =", TextWidth.cells(of: current + " " + part) > width {
        lines.append(current)
        current = "   "
      }
      current += " " + part
    }
    lines += TextWidth.wrap(current, width: width, indent: 4)
    return lines
  }

  /// The verdict in colour and in words, from the one presenter: what it is, how the
  /// input was read, why, and for vectors and matrices each entry marked in place.
  func feedbackLines(_ feedback: Feedback) -> [(String, CellStyle)] {
    let lines = VerdictLinesCache.shared.lines(feedback, width: width - 2, style: style)
    return lines.map { line in
      switch line.role {
      case .headline(.correct): return (line.text, color(.green, bold: true))
      case .headline(.close): return (line.text, color(.yellow, bold: true))
      case .headline: return (line.text, color(.red, bold: true))
      case .reading: return (line.text, color(.dim))
      case .caret: return (line.text, color(.red))
      case .source, .entries, .note: return (line.text, .plain)
      }
    }
  }
}
