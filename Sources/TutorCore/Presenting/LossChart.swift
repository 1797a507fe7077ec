import Foundation
import TutorMath

/// A loss curve as text: the loss against the step, drawn with braille dots (2×4 per
/// cell) or, in ASCII, one `*` per cell; the y axis labelled with the largest, middle and
/// smallest loss, the x axis with the first, middle and last step. Pure: a series and
/// a size in, lines out (each at most `width` cells, exactly `height` lines).
public enum LossChart {
  /// `series[k]` is the loss after `k` steps. Non-finite losses are left out (and
  /// named in the caption).
  public static func lines(_ series: [Double], width: Int, height: Int, ascii: Bool = false)
    -> [String]
  {
    let height = max(4, height)
    let finite = series.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else {
      return ["(no finite loss to draw)"] + Array(repeating: "", count: height - 1)
    }
    let rows = height - 2
    // A loss falling through orders of magnitude is drawn against its logarithm (a zero
    // loss on the bottom row); the axis says so.
    let logScale = Self.logScale(series)
    let scaled: (Double) -> Double = { loss in
      guard let logScale else { return loss }
      return loss > 0 ? log10(loss) : logScale.low
    }
    let (top, bottom) = logScale.map { ($0.high, $0.low) } ?? (high, low)
    // Halves, so that losses near the largest double do not overflow to a NaN scale.
    let middle = top / 2 + bottom / 2
    let labels =
      (logScale == nil ? [high, middle, low] : [high, pow(10, middle), pow(10, bottom)]).map {
        NumberFormat.string($0)
      }
    let labelWidth = labels.map(\.count).max() ?? 1
    let plotWidth = max(4, width - labelWidth - 2)
    let (dotsX, dotsY) = ascii ? (plotWidth, rows) : (plotWidth * 2, rows * 4)
    var dots = [[Bool]](repeating: [Bool](repeating: false, count: dotsX), count: dotsY)
    let last = max(1, series.count - 1)
    func dotX(_ step: Int) -> Int {
      Int((Double(step) / Double(last) * Double(dotsX - 1)).rounded())
    }
    func dotY(_ loss: Double) -> Int {
      let value = scaled(loss)
      let fraction = (top / 2 - value / 2) / (top / 2 - bottom / 2)
      guard top > bottom, fraction.isFinite else { return dotsY / 2 }
      return Int((min(1, max(0, fraction)) * Double(dotsY - 1)).rounded())
    }
    // Points joined: every column between two steps gets the run of rows between them.
    var previous: (x: Int, y: Int)?
    for (step, loss) in series.enumerated() where loss.isFinite {
      let point = (x: dotX(step), y: dotY(loss))
      if let from = previous, point.x > from.x {
        func rowAt(_ x: Int) -> Int {
          let t = Double(x - from.x) / Double(point.x - from.x)
          return Int((Double(from.y) + t * Double(point.y - from.y)).rounded())
        }
        for x in (from.x + 1)...point.x {
          let (a, b) = (rowAt(x - 1), rowAt(x))
          for row in min(a, b)...max(a, b) { dots[row][x] = true }
        }
      }
      dots[point.y][point.x] = true
      previous = point
    }

    var output: [String] = []
    let labelRows = [0: labels[0], rows / 2: labels[1], rows - 1: labels[2]]
    for row in 0..<rows {
      let label = labelRows[row] ?? ""
      var line = String(repeating: " ", count: labelWidth - label.count) + label
      line += labelRows[row] == nil ? (ascii ? " |" : " │") : (ascii ? " +" : " ┤")
      for column in 0..<plotWidth {
        if ascii {
          line += dots[row][column] ? "*" : " "
        } else {
          var bits: UInt32 = 0
          let weights: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
          for dy in 0..<4 {
            for dx in 0..<2 where dots[row * 4 + dy][column * 2 + dx] {
              bits |= weights[dy][dx]
            }
          }
          line += bits == 0 ? " " : String(Character(Unicode.Scalar(0x2800 + bits)!))
        }
      }
      while line.last == " " { line.removeLast() }
      output.append(line)
    }
    // The x axis: ticks at the first, middle and last step, labelled below.
    let middleStep = (series.count - 1) / 2
    let ticks = [0, middleStep, series.count - 1].map { step in
      (column: ascii ? dotX(step) : dotX(step) / 2, step: step)
    }
    var axis = Array(repeating: ascii ? "-" : "─", count: plotWidth)
    for tick in ticks where tick.column < plotWidth { axis[tick.column] = ascii ? "+" : "┬" }
    // "log" under the value labels on a logarithmic axis.
    let axisLabel = logScale != nil && labelWidth >= 3 ? "log" : ""
    output.append(
      String(repeating: " ", count: labelWidth - axisLabel.count) + axisLabel
        + (ascii ? " +" : " └") + axis.joined())
    let axisEnd = labelWidth + 2 + plotWidth
    var stepLine = Array(repeating: Character(" "), count: axisEnd)
    // "step" under the value labels, when they are wide enough.
    if labelWidth >= 4 {
      for (offset, character) in "step".enumerated() {
        stepLine[labelWidth - 4 + offset] = character
      }
    }
    for tick in ticks {
      let text = Array(String(tick.step))
      let start = min(max(0, labelWidth + 2 + tick.column - text.count / 2), axisEnd - text.count)
      for (offset, character) in text.enumerated() where start + offset >= 0 {
        stepLine[start + offset] = character
      }
    }
    var steps = String(stepLine)
    while steps.last == " " { steps.removeLast() }
    output.append(steps)
    return output
  }

  /// One line under the chart: the first and last loss and how many steps were not finite.
  public static func caption(_ series: [Double]) -> String {
    guard let first = series.first, let last = series.last else { return "no steps" }
    var text =
      "loss \(NumberFormat.string(first)) at step 0, \(NumberFormat.string(last)) at step "
      + "\(series.count - 1)"
    let skipped = series.filter { !$0.isFinite }.count
    if skipped > 0 { text += " (\(skipped) steps not finite, left out)" }
    if let scale = logScale(series) {
      text += "; log scale, \(Int((scale.high - scale.low).rounded())) decades"
    }
    return text
  }

  /// Decades at least this many apart between the largest and the smallest positive loss
  /// draw the chart on a logarithmic scale.
  static let logScaleDecades = 3.0

  /// The chart's log10 range when the losses (none negative) span orders of magnitude,
  /// else nil.
  static func logScale(_ series: [Double]) -> (low: Double, high: Double)? {
    let finite = series.filter(\.isFinite)
    guard !finite.contains(where: { $0 < 0 }),
      let low = finite.filter({ $0 > 0 }).min(), let high = finite.max()
    else { return nil }
    let (lowLog, highLog) = (log10(low), log10(high))
    guard highLog - lowLog >= logScaleDecades else { return nil }
    return (lowLog, highLog)
  }
}
