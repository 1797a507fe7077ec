/// Word-wraps lesson prose with inline and display math to a width in terminal cells.
struct ProseLayout {
  let width: Int
  let style: MathStyle

  private enum Piece {
    case text(String)
    case inlineMath(String)
    case displayMath(String)
  }

  func lines(_ text: String) -> [String] {
    var output: [String] = []
    var line = ""
    var lineWidth = 0
    func flush() {
      while line.last == " " { line.removeLast() }
      output.append(line)
      line = ""
      lineWidth = 0
    }
    // Units: runs of non-space text and math with no whitespace between them.
    var unit = ""
    var unitWidth = 0
    func place() {
      guard !unit.isEmpty else { return }
      let needed = lineWidth == 0 ? unitWidth : lineWidth + 1 + unitWidth
      if needed > width, lineWidth > 0 { flush() }
      if lineWidth > 0 {
        line += " "
        lineWidth += 1
      }
      if unitWidth > width {
        // Longer than a line: break it by cells.
        for character in unit {
          let cells = TextWidth.cells(of: character)
          if lineWidth + cells > width, lineWidth > 0 { flush() }
          line.append(character)
          lineWidth += cells
        }
      } else {
        line += unit
        lineWidth += unitWidth
      }
      unit = ""
      unitWidth = 0
    }
    var newlines = 0
    for piece in pieces(text) {
      switch piece {
      case .text(let text):
        for character in text {
          if character == " " || character == "\n" || character.isWhitespace {
            place()
            if character == "\n" {
              newlines += 1
              if newlines == 2 {
                if lineWidth > 0 { flush() }
                output.append("")
              }
            }
            continue
          }
          newlines = 0
          unit.append(character)
          unitWidth += TextWidth.cells(of: character)
        }
      case .inlineMath(let tex):
        newlines = 0
        let rendered = MathRenderer.inline(tex, style: style)
        unit += rendered
        unitWidth += TextWidth.cells(of: rendered)
      case .displayMath(let tex):
        newlines = 0
        place()
        if lineWidth > 0 { flush() }
        let block = MathRenderer.display(tex, style: style)
        let indent = block.width + 4 <= width ? 4 : 0
        for blockLine in block.lines {
          var shown = String(repeating: " ", count: indent) + blockLine
          while shown.last == " " { shown.removeLast() }
          output.append(shown)
        }
      }
    }
    place()
    if lineWidth > 0 { flush() }
    while output.last == "" { output.removeLast() }
    return output
  }

  /// Splits text into prose, `$…$` and `$$…$$`; `\$` is a dollar sign. An unclosed `$`
  /// is text.
  private func pieces(_ text: String) -> [Piece] {
    let characters = Array(text)
    var pieces: [Piece] = []
    var current = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\", index + 1 < characters.count, characters[index + 1] == "$" {
        current.append("$")
        index += 2
        continue
      }
      if character == "$" {
        let display = index + 1 < characters.count && characters[index + 1] == "$"
        let start = index + (display ? 2 : 1)
        var end = start
        var found = false
        while end < characters.count {
          if characters[end] == "\\" {
            end += 2
            continue
          }
          if characters[end] == "$" {
            if !display || (end + 1 < characters.count && characters[end + 1] == "$") {
              found = true
              break
            }
          }
          end += 1
        }
        if found {
          if !current.isEmpty { pieces.append(.text(current)) }
          current = ""
          let tex = String(characters[start..<min(end, characters.count)])
          pieces.append(display ? .displayMath(tex) : .inlineMath(tex))
          index = end + (display ? 2 : 1)
          continue
        }
      }
      current.append(character)
      index += 1
    }
    if !current.isEmpty { pieces.append(.text(current)) }
    return pieces
  }
}
