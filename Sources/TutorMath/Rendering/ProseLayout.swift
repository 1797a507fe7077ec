import TerminalText

/// Word-wraps lesson prose with inline and display math to a width in terminal cells.
///
/// Lines and words are built as UTF-8 bytes (``ProseBytes``), not by appending to
/// `String`s: prose is rendered on every frame that shows new text. Where a `Character`
/// could differ from a scalar (a word broken by cells, trailing spaces after a scalar
/// that may join a cluster), the bytes go through `String` as before.
struct ProseLayout {
  let width: Int
  let style: MathStyle
  /// Whether a formula with a matrix stands on lines of its own in 2-D when it fits.
  var matrixBlocks = true

  private enum Piece {
    case text([UInt8])
    case inlineMath(String)
    case displayMath(String)
  }

  func lines(_ text: String) -> [String] {
    var lines = Lines(width: width)
    var newlines = 0
    for piece in pieces(text) {
      switch piece {
      case .text(let bytes):
        var index = 0
        while index < bytes.count {
          let start = index
          if bytes[index] < 0x80, !ProseBytes.isSpace(bytes[index]) {
            // A run of ASCII that is not a space: one append, a cell a byte but controls.
            var cells = 0
            repeat {
              cells += bytes[index] < 0x20 || bytes[index] == 0x7F ? 0 : 1
              index += 1
            } while index < bytes.count && bytes[index] < 0x80 && !ProseBytes.isSpace(bytes[index])
            newlines = 0
            lines.unit.append(contentsOf: bytes[start..<index])
            lines.unitWidth += cells
            continue
          }
          let scalar = ProseBytes.decode(bytes, at: &index)
          if ProseBytes.isSpace(scalar) {
            lines.place()
            if scalar == "\n" {
              newlines += 1
              if newlines == 2 {
                if lines.lineWidth > 0 { lines.flush() }
                lines.output.append("")
              }
            }
            continue
          }
          newlines = 0
          lines.unit.append(contentsOf: bytes[start..<index])
          lines.unitWidth += TextWidth.cells(of: scalar)
        }
      case .inlineMath(let tex):
        newlines = 0
        // Parsed once, for the inline rendering and for the 2-D block.
        let nodes = TexParser.parse(MathRenderer.visible(tex))
        var writer = InlineWriter(style: style)
        writer.write(nodes)
        let rendered = writer.result
        // A matrix of two rows or more (`\\` between rows); a width over 1,000 cells asks
        // for one line (callers that join the lines).
        if matrixBlocks, width <= 1000, lines.tall == nil, Self.hasMatrixRows(tex) {
          let block = MathRenderer.display(nodes, style: style)
          if block.lines.count > 1 {
            let start = lines.unit.count
            lines.tall = (start, start + rendered.utf8.count, block)
          }
        }
        var depth = 0
        var offset = lines.unit.count
        for character in rendered.unicodeScalars {
          switch character {
          case "(", "[", "{", "⟨": depth += 1
          case ")", "]", "}", "⟩": depth = max(0, depth - 1)
          case " " where depth == 0: lines.breaks.append(offset)
          default: break
          }
          offset += ProseBytes.length(of: character)
          lines.unitWidth += TextWidth.cells(of: character)
        }
        lines.unit.append(contentsOf: rendered.utf8)
      case .displayMath(let tex):
        newlines = 0
        lines.place()
        if lines.lineWidth > 0 { lines.flush() }
        let block = MathRenderer.display(tex, style: style)
        let indent = block.width + 4 <= width ? 4 : 0
        for blockLine in block.lines {
          lines.shown.removeAll(keepingCapacity: true)
          ProseBytes.appendSpaces(indent, to: &lines.shown)
          lines.shown.append(contentsOf: blockLine.utf8)
          lines.emitShown()
        }
      }
    }
    lines.place()
    if lines.lineWidth > 0 { lines.flush() }
    while lines.output.last == "" { lines.output.removeLast() }
    return lines.output
  }

  /// The lines being filled, and the unit of text waiting to be placed on them.
  private struct Lines {
    let width: Int
    var output: [String] = []
    /// The line being filled, as UTF-8.
    var line: [UInt8] = []
    var lineWidth = 0
    /// A run of non-space text and math with no whitespace between them, as UTF-8.
    /// Positions in it are byte offsets.
    var unit: [UInt8] = []
    var unitWidth = 0
    /// Spaces inside the unit's math, outside any brackets: where a formula too long
    /// for a whole line may break (`… = [−0.5; …] + [0.1; …]`, never inside a vector).
    var breaks: [Int] = []
    /// A formula with a matrix in the unit, drawn in 2-D: where it sits in `unit` (its
    /// inline rendering) and its display block.
    var tall: (start: Int, end: Int, block: RenderedBlock)?
    /// A line of a display block being written out.
    var shown: [UInt8] = []

    init(width: Int) { self.width = width }

    mutating func flush() {
      ProseBytes.trimTrailingSpaces(&line)
      output.append(String(decoding: line, as: UTF8.self))
      line.removeAll(keepingCapacity: true)
      lineWidth = 0
    }

    /// `shown`, its trailing spaces trimmed, as a line of output.
    mutating func emitShown() {
      ProseBytes.trimTrailingSpaces(&shown)
      output.append(String(decoding: shown, as: UTF8.self))
    }

    mutating func put(_ word: Range<Int>, _ wordWidth: Int) {
      let needed = lineWidth == 0 ? wordWidth : lineWidth + 1 + wordWidth
      if needed > width, lineWidth > 0 { flush() }
      if lineWidth > 0 {
        line.append(UInt8(ascii: " "))
        lineWidth += 1
      }
      if wordWidth > width {
        // Longer than a line: break it by cells, a character at a time.
        for character in String(decoding: unit[word], as: UTF8.self) {
          let cells = TextWidth.cells(of: character)
          if lineWidth + cells > width, lineWidth > 0 { flush() }
          line.append(contentsOf: character.utf8)
          lineWidth += cells
        }
      } else {
        line.append(contentsOf: unit[word])
        lineWidth += wordWidth
      }
    }

    /// Places the unit (if any) and starts a new one.
    mutating func place() {
      if !unit.isEmpty {
        if let tall, placeDisplay(tall) {
        } else if unitWidth > width, !breaks.isEmpty {
          var start = 0
          for end in breaks + [unit.count] where end > start {
            put(start..<end, ProseBytes.cells(of: unit[start..<end]))
            start = end + 1
          }
        } else {
          put(0..<unit.count, unitWidth)
        }
        unit.removeAll(keepingCapacity: true)
      }
      unitWidth = 0
      if !breaks.isEmpty { breaks.removeAll(keepingCapacity: true) }
      tall = nil
    }

    /// The unit on lines of its own: text before the formula and after it (`.`, `,`) on
    /// the formula's baseline, indented by 4. False when it does not fit the width.
    mutating func placeDisplay(_ tall: (start: Int, end: Int, block: RenderedBlock)) -> Bool {
      let beforeWidth = ProseBytes.cells(of: unit[..<tall.start])
      let indent = 4
      guard
        indent + beforeWidth + tall.block.width + ProseBytes.cells(of: unit[tall.end...])
          <= width
      else {
        return false
      }
      if lineWidth > 0 { flush() }
      for (row, blockLine) in tall.block.lines.enumerated() {
        shown.removeAll(keepingCapacity: true)
        ProseBytes.appendSpaces(indent, to: &shown)
        if row == tall.block.baseline {
          shown.append(contentsOf: unit[..<tall.start])
        } else {
          ProseBytes.appendSpaces(beforeWidth, to: &shown)
        }
        shown.append(contentsOf: blockLine.utf8)
        if row == tall.block.baseline { shown.append(contentsOf: unit[tall.end...]) }
        emitShown()
      }
      return true
    }
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
    // Bytes: the delimiters are ASCII, and no byte of a longer UTF-8 sequence is ASCII,
    // so stepping over a backslash and one byte after it never stops on a delimiter
    // that scanning by scalars would not.
    var text = text
    return text.withUTF8 { bytes in
      var pieces: [Piece] = []
      var current: [UInt8] = []
      let dollar = UInt8(ascii: "$")
      let backslash = UInt8(ascii: "\\")
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if byte == backslash, index + 1 < bytes.count, bytes[index + 1] == dollar {
          current.append(dollar)
          index += 2
          continue
        }
        if byte == dollar {
          let display = index + 1 < bytes.count && bytes[index + 1] == dollar
          let start = index + (display ? 2 : 1)
          var end = start
          var found = false
          while end < bytes.count {
            if bytes[end] == backslash {
              end += 2
              continue
            }
            if bytes[end] == dollar {
              if !display || (end + 1 < bytes.count && bytes[end + 1] == dollar) {
                found = true
                break
              }
            }
            end += 1
          }
          if found {
            if !current.isEmpty { pieces.append(.text(current)) }
            current = []
            let tex = String(
              decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            pieces.append(display ? .displayMath(tex) : .inlineMath(tex))
            index = end + (display ? 2 : 1)
            continue
          }
        }
        // Up to the next `$` or backslash in one append.
        var end = index + 1
        while end < bytes.count, bytes[end] != dollar, bytes[end] != backslash { end += 1 }
        current.append(contentsOf: bytes[index..<end])
        index = end
      }
      if !current.isEmpty { pieces.append(.text(current)) }
      return pieces
    }
  }
}
