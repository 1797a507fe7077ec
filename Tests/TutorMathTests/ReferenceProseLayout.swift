import TerminalText

@testable import TutorMath

/// The prose layout of `main` before issue 24 (built on `String`s, a scalar at a time),
/// kept verbatim as the reference the faster ProseLayout must equal on random input.
struct ReferenceProseLayout {
  let width: Int
  let style: MathStyle
  /// Whether a formula with a matrix stands on lines of its own in 2-D when it fits.
  var matrixBlocks = true

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
    // Units: runs of non-space text and math with no whitespace between them. Positions
    // in a unit count Unicode scalars (`unitLength`).
    var unit = ""
    var unitLength = 0
    var unitWidth = 0
    // Spaces inside the unit's math, outside any brackets: where a formula too long
    // for a whole line may break (`… = [−0.5; …] + [0.1; …]`, never inside a vector).
    var breaks: [Int] = []
    // A formula with a matrix in the unit, drawn in 2-D: where it sits in `unit` (its
    // inline rendering) and its display block.
    var tall: (start: Int, end: Int, block: RenderedBlock)?
    func put(_ word: String, _ wordWidth: Int) {
      let needed = lineWidth == 0 ? wordWidth : lineWidth + 1 + wordWidth
      if needed > width, lineWidth > 0 { flush() }
      if lineWidth > 0 {
        line += " "
        lineWidth += 1
      }
      if wordWidth > width {
        // Longer than a line: break it by cells.
        for character in word {
          let cells = TextWidth.cells(of: character)
          if lineWidth + cells > width, lineWidth > 0 { flush() }
          line.append(character)
          lineWidth += cells
        }
      } else {
        line += word
        lineWidth += wordWidth
      }
    }
    func place() {
      defer {
        unit = ""
        unitLength = 0
        unitWidth = 0
        breaks = []
        tall = nil
      }
      guard !unit.isEmpty else { return }
      if let tall, placeDisplay(tall) { return }
      guard unitWidth > width, !breaks.isEmpty else { return put(unit, unitWidth) }
      let scalars = Array(unit.unicodeScalars)
      var start = 0
      for end in breaks + [scalars.count] where end > start {
        let word = String(scalars: scalars[start..<end])
        put(word, TextWidth.cells(of: word))
        start = end + 1
      }
    }
    /// The unit on lines of its own: text before the formula and after it (`.`, `,`) on
    /// the formula's baseline, indented by 4. False when it does not fit the width.
    func placeDisplay(_ tall: (start: Int, end: Int, block: RenderedBlock)) -> Bool {
      let scalars = Array(unit.unicodeScalars)
      let before = String(scalars: scalars[..<tall.start])
      let after = String(scalars: scalars[tall.end...])
      let beforeWidth = TextWidth.cells(of: before)
      let indent = 4
      guard indent + beforeWidth + tall.block.width + TextWidth.cells(of: after) <= width else {
        return false
      }
      if lineWidth > 0 { flush() }
      let pad = String(repeating: " ", count: indent)
      for (row, blockLine) in tall.block.lines.enumerated() {
        var shown =
          pad + (row == tall.block.baseline ? before : String(repeating: " ", count: beforeWidth))
          + blockLine + (row == tall.block.baseline ? after : "")
        while shown.last == " " { shown.removeLast() }
        output.append(shown)
      }
      return true
    }
    var newlines = 0
    for piece in pieces(text) {
      switch piece {
      case .text(let text):
        for character in text.unicodeScalars {
          if character.isSpace {
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
          unit.unicodeScalars.append(character)
          unitLength += 1
          unitWidth += TextWidth.cells(of: character)
        }
      case .inlineMath(let tex):
        newlines = 0
        let rendered = MathRenderer.inline(tex, style: style)
        // A matrix of two rows or more (`\\` between rows); a width over 1,000 cells asks
        // for one line (callers that join the lines).
        if matrixBlocks, width <= 1000, tall == nil, Self.hasMatrixRows(tex) {
          let block = MathRenderer.display(tex, style: style)
          if block.lines.count > 1 {
            tall = (unitLength, unitLength + rendered.unicodeScalars.count, block)
          }
        }
        var depth = 0
        var offset = unitLength
        for character in rendered.unicodeScalars {
          switch character {
          case "(", "[", "{", "⟨": depth += 1
          case ")", "]", "}", "⟩": depth = max(0, depth - 1)
          case " " where depth == 0: breaks.append(offset)
          default: break
          }
          offset += 1
        }
        unit += rendered
        unitLength = offset
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

  /// Whether a formula holds an environment (`\begin{`) with a row break (`\\`).
  private static func hasMatrixRows(_ tex: String) -> Bool {
    // Searched as bytes by hand: Foundation's `String.contains` bridges through NSString,
    // and the standard library's generic `contains(_:)` of a collection costs a dynamic
    // cast and a protocol-conformance search (about 80,000 instructions a call).
    var tex = tex
    return tex.withUTF8 { bytes in
      var begin = false
      var rows = false
      let pattern: [UInt8] = Array("\\begin{".utf8)
      var index = 0
      while index < bytes.count, !(begin && rows) {
        if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
          if bytes[index + 1] == UInt8(ascii: "\\") { rows = true }
          if !begin, index + pattern.count <= bytes.count,
            pattern.indices.allSatisfy({ bytes[index + $0] == pattern[$0] })
          {
            begin = true
          }
        }
        index += 1
      }
      return begin && rows
    }
  }

  /// Splits text into prose, `$…$` and `$$…$$`; `\$` is a dollar sign. An unclosed `$`
  /// is text.
  private func pieces(_ text: String) -> [Piece] {
    // Scalars, not Characters: the delimiters are ASCII, and scalars compare as integers.
    let characters = Array(text.unicodeScalars)
    var pieces: [Piece] = []
    var current = String.UnicodeScalarView()
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
          if !current.isEmpty { pieces.append(.text(String(current))) }
          current = String.UnicodeScalarView()
          let tex = String(scalars: characters[start..<min(end, characters.count)])
          pieces.append(display ? .displayMath(tex) : .inlineMath(tex))
          index = end + (display ? 2 : 1)
          continue
        }
      }
      current.append(character)
      index += 1
    }
    if !current.isEmpty { pieces.append(.text(String(current))) }
    return pieces
  }
}
