import TerminalText
import TutorLessons
import TutorMath

/// The loss against the step for the next steps of gradient descent, from the values of
/// the lesson below (F5 in learn after the gradient-descent step, `c` in replay).
public struct CurveScreen: ScreenModel {
  /// The loss after each step of gradient descent (index 0: the lesson's own loss).
  public var series: [Double]

  public init(series: [Double]) {
    self.series = series
  }

  enum Command: Sendable { case back, help }

  static let title = "Loss curve"
  static let bindings: [KeyBinding<Command>] = [
    .anyKey(.back, bar: "back", help: "back to the lesson"),
    KeyBinding(
      [.character("?"), .function(1)], .help, keyName: "? or F1", bar: ("F1", "help"), help: "help"),
  ]

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    switch command {
    case .back: .pop
    case .help: .push(.help(HelpScreen(opener: .curve)))
    }
  }

  /// Trains the lesson's `train:` parameters from the current values, once the learner
  /// has reached the gradient-descent step (`reached`: learn's earned step, or replay's
  /// step); nil, with the reason in the status line, before then.
  static func open(bound: BoundLesson, reached: Int, _ app: inout AppState) -> CurveScreen? {
    guard let train = bound.lesson.train else {
      app.status = "this lesson declares no training (`train:`)"
      return nil
    }
    let after = Trainer(bound).gradientDescentStep ?? bound.lesson.steps.count - 1
    guard reached >= after else {
      // Named by its title: without a descent step, the last step is another kind.
      let title = bound.lesson.steps.indices.contains(after) ? bound.lesson.steps[after].title : ""
      app.status =
        Trainer(bound).gradientDescentStep != nil
        ? "the loss curve opens after step \(after + 1), the gradient-descent step"
        : "the loss curve opens after step \(after + 1) (\(title)), the last step"
      return nil
    }
    do throws(TrainingError) {
      return CurveScreen(series: try Trainer(bound).train(steps: train.steps))
    } catch {
      app.status = "cannot train: " + error.message
      return nil
    }
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  mutating func draw(_ curve: CurveScreen) {
    guard let bound = state.activeBound else { return }
    header("Loss curve: " + bound.lesson.title)
    let series = curve.series
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
    keyBar(CurveScreen.bindings.barItems())
  }
}
