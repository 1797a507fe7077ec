import TerminalText

/// A rectangle of text for display math: lines of equal cell width and the line that
/// lines up with the surrounding text (the baseline; a fraction's bar).
struct TexBox {
  var lines: [String]
  var width: Int
  var baseline: Int

  init(_ text: String) {
    lines = [text]
    width = TextWidth.cells(of: text)
    baseline = 0
  }

  init(lines: [String], baseline: Int) {
    let widths = lines.map(TextWidth.cells(of:))
    let width = widths.max() ?? 0
    var padded = lines
    for (index, lineWidth) in widths.enumerated() where lineWidth < width {
      padded[index] += String(repeating: " ", count: width - lineWidth)
    }
    (self.lines, self.width, self.baseline) = (padded, width, baseline)
  }

  /// Lines already `width` cells each (not measured again).
  init(lines: [String], width: Int, baseline: Int) {
    (self.lines, self.width, self.baseline) = (lines, width, baseline)
  }

  var height: Int { lines.count }
  var isSingleLine: Bool { lines.count == 1 }

  static func pad(_ line: String, to width: Int) -> String {
    line + String(repeating: " ", count: max(0, width - TextWidth.cells(of: line)))
  }

  /// Boxes side by side, baselines aligned.
  static func horizontal(_ boxes: [TexBox]) -> TexBox {
    guard boxes.count > 1 else { return boxes.first ?? TexBox("") }
    let above = boxes.map(\.baseline).max() ?? 0
    let below = boxes.map { $0.height - 1 - $0.baseline }.max() ?? 0
    var lines = Array(repeating: "", count: above + below + 1)
    var width = 0
    for box in boxes {
      // Every line of a box is `width` cells, so a row is as wide as the boxes together.
      width += box.width
      let top = above - box.baseline
      for row in lines.indices {
        let inner = row - top
        lines[row] +=
          inner >= 0 && inner < box.height
          ? box.lines[inner] : String(repeating: " ", count: box.width)
      }
    }
    return TexBox(lines: lines, width: width, baseline: above)
  }

  /// `self` centred in `width` cells.
  func centered(in width: Int) -> TexBox {
    let left = max(0, (width - self.width) / 2)
    let padding = String(repeating: " ", count: left)
    let right = String(repeating: " ", count: max(0, width - left - self.width))
    return TexBox(
      lines: lines.map { padding + $0 + right },
      width: lines.isEmpty ? 0 : max(width, left + self.width),
      baseline: baseline)
  }

  /// `self` right-aligned in `width` cells.
  func rightAligned(in width: Int) -> TexBox {
    let padding = String(repeating: " ", count: max(0, width - self.width))
    return TexBox(
      lines: lines.map { padding + $0 }, width: lines.isEmpty ? 0 : max(width, self.width),
      baseline: baseline)
  }

  /// A delimiter as tall as `height` lines: ⎛⎜⎝, ⎡⎢⎣, │ …
  static func delimiter(_ symbol: String, height: Int, baseline: Int, ascii: Bool) -> TexBox {
    guard height > 1, !symbol.isEmpty else { return TexBox(symbol) }
    let pieces: (String, String, String)
    if ascii {
      switch symbol {
      case "(": pieces = ("/", "|", "\\")
      case ")": pieces = ("\\", "|", "/")
      case "|", "‖":
        pieces = (
          symbol == "|" ? "|" : "||", symbol == "|" ? "|" : "||", symbol == "|" ? "|" : "||"
        )
      default: pieces = (symbol, symbol, symbol)
      }
    } else {
      switch symbol {
      case "(": pieces = ("⎛", "⎜", "⎝")
      case ")": pieces = ("⎞", "⎟", "⎠")
      case "[": pieces = ("⎡", "⎢", "⎣")
      case "]": pieces = ("⎤", "⎥", "⎦")
      case "{": pieces = ("⎧", "⎪", "⎩")
      case "}": pieces = ("⎫", "⎪", "⎭")
      case "|": pieces = ("│", "│", "│")
      case "‖": pieces = ("‖", "‖", "‖")
      default: pieces = (symbol, symbol, symbol)
      }
    }
    let lines = (0..<height).map { row in
      row == 0 ? pieces.0 : (row == height - 1 ? pieces.2 : pieces.1)
    }
    return TexBox(lines: lines, baseline: baseline)
  }
}
