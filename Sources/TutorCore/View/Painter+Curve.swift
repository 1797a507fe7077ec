import TutorLessons
import TutorMath

extension Painter {
  /// The loss against the step for the next steps of gradient descent (F5 in learn after
  /// the SGD step, `c` in replay).
  mutating func curve() {
    guard let bound = state.activeBound else { return }
    header("Loss curve: " + bound.lesson.title)
    let series = state.curve
    let names = (bound.lesson.train?.parameters ?? []).map {
      LessonPresenter(bound).label(of: $0, style: style)
    }
    let rate =
      (try? Trainer(bound).trainingRate()).map { NumberFormat.string($0, style: style) } ?? "?"
    let lines =
      TextWidth.wrap(
        "\(max(0, series.count - 1)) steps of gradient descent on "
          + names.joined(separator: ", ") + " with rate \(rate), from the lesson's values:",
        width: width - 2)
    var row = 2
    for line in lines {
      buffer.write(" " + line, row: row, column: 0)
      row += 1
    }
    let chart = LossChart.lines(
      series, width: width - 3, height: max(4, height - row - 4), ascii: glyphs.ascii)
    for line in chart {
      buffer.write(line, row: row, column: 1, style: color(.cyan))
      row += 1
    }
    buffer.write(" " + LossChart.caption(series), row: row, column: 0)
    statusLine()
    keyBar([("any key", "back"), ("F1", "help")])
  }
}
