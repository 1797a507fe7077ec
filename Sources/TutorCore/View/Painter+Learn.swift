import TutorEngine
import TutorLessons
import TutorMath

extension Painter {
  /// Rows of the feedback area in learn mode.
  static let feedbackRows = 5

  mutating func learn() {
    guard let learn = state.learn else { return }
    let lesson = learn.lesson
    let total = lesson.steps.count
    let solved = learn.solved.intersection(lesson.steps.map(\.id)).count
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
    var lines: [(String, CellStyle)] = []
    let step = learn.step
    let mark = learn.solved.contains(step.id) ? "  " + glyphs.right + " solved" : ""
    lines.append(("Step \(learn.stepIndex + 1) · \(step.title)" + mark, .bold))
    lines += learn.bound.renderQuestion(step: learn.stepIndex, width: width - 3, style: style)
      .map { ($0, CellStyle.plain) }
    let hints = learn.hintsShown[learn.stepIndex, default: 0]
    for index in 0..<min(hints, step.hints.count) {
      let hint = learn.bound.render(step.hints[index], width: width - 12, style: style)
      for (k, line) in hint.enumerated() {
        lines.append(
          (
            (k == 0 ? "Hint \(index + 1)/\(step.hints.count): " : "           ") + line,
            color(.cyan)
          ))
      }
    }
    if learn.revealed.contains(learn.stepIndex) {
      let worked = learn.bound.renderWorked(step: learn.stepIndex, width: width - 6, style: style)
      for (k, line) in worked.enumerated() {
        lines.append(((k == 0 ? glyphs.arrow + " " : "   ") + line, color(.green)))
      }
    }
    let scroll = min(learn.scroll, max(0, lines.count - proseRows))
    let hidden = block(lines, top: 2, rows: proseRows, scroll: scroll)
    if hidden > 0 || scroll > 0 {
      let more = hidden > 0 ? "PgDn: \(hidden) more" : "PgUp: back to the top"
      buffer.write(
        more, row: answerRow - 1, column: width - TextWidth.cells(of: more) - 1, style: color(.dim))
    } else {
      rule(row: answerRow - 1)
    }

    // The answer line, with the cursor shown as a reversed cell.
    let prompt = "answer> "
    buffer.write(prompt, row: answerRow, column: 1, style: .bold)
    let start = 1 + TextWidth.cells(of: prompt)
    let room = width - start - 2
    let characters = learn.editor.characters
    let cursor = learn.editor.cursor
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

    block(feedbackLines, top: feedbackTop, rows: feedbackRows, scroll: 0)
    statusLine()
    keyBar([
      ("Enter", "submit"), ("Tab", "hint"), ("^R", "reveal"), ("^N/^P", "step"), ("F1", "help"),
      ("F2", "graph"), ("F3", "explore"), ("Esc", "menu"),
    ])
  }

  /// The verdict in colour and in words: what it is, how the input was read, why, and
  /// for vectors and matrices each entry marked right or wrong in place.
  func feedbackLines(_ feedback: Feedback) -> [(String, CellStyle)] {
    let verdict = feedback.verdict
    // Words wrap to the feedback area, continuation lines under the text.
    func wrapped(_ text: String, _ style: CellStyle) -> [(String, CellStyle)] {
      TextWidth.wrap(text, width: width - 2, indent: 2).map { ($0, style) }
    }
    var lines: [(String, CellStyle)] = []
    switch verdict.kind {
    case .correct:
      lines += wrapped(glyphs.right + " " + verdict.summary, color(.green, bold: true))
    case .close:
      lines += wrapped(glyphs.close + " " + verdict.summary, color(.yellow, bold: true))
    case .incorrect:
      lines += wrapped(glyphs.wrong + " " + verdict.summary, color(.red, bold: true))
    case .malformed:
      let message = verdict.error?.message ?? "check the syntax"
      lines += wrapped(glyphs.wrong + " could not read that: " + message, color(.red, bold: true))
      if let error = verdict.error, let range = error.range {
        let (shown, caret) = MathError.caretLines(source: feedback.answer, range: range)
        lines.append(("  " + shown, .plain))
        lines.append(("  " + caret, color(.red)))
      }
      if let note = verdict.error?.note { lines += wrapped("  " + note, .plain) }
      return lines
    }
    if let reading = verdict.reading { lines += wrapped("  " + reading, color(.dim)) }
    if let marks = verdict.entryMarks, let given = verdict.given, given.count == marks.count {
      lines += markedEntries(given, marks: marks).map { ("  " + $0, CellStyle.plain) }
    }
    for note in verdict.notes { lines += wrapped("  " + note, .plain) }
    return lines
  }

  /// The given matrix with ✓/✗ after each entry, columns aligned.
  func markedEntries(_ tensor: Tensor, marks: [Bool]) -> [String] {
    let rows = tensor.rank == 2 ? tensor.shape[0] : 1
    let columns = tensor.count / max(rows, 1)
    let texts = zip(tensor.scalars, marks).map { value, right in
      NumberFormat.string(value, style: style) + " " + (right ? glyphs.right : glyphs.wrong)
    }
    let widths = (0..<columns).map { c in
      (0..<rows).map { TextWidth.cells(of: texts[$0 * columns + c]) }.max() ?? 0
    }
    return (0..<rows).map { r in
      "[ "
        + (0..<columns).map { c in
          let text = texts[r * columns + c]
          return String(repeating: " ", count: widths[c] - TextWidth.cells(of: text)) + text
        }.joined(separator: "   ") + " ]"
    }
  }
}
