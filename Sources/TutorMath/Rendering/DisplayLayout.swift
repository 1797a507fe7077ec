import TerminalText

/// Lays out display math as ``TexBox``es: fractions stacked over a bar, matrices in
/// aligned columns inside tall brackets, delimiters that grow with their content.
struct DisplayLayout {
  let style: MathStyle
  /// How many stacked constructs enclose this one; deeper ones are written inline,
  /// which keeps hostile input (200 nested fractions) fast and the output readable.
  var depth = 0
  static let maxStackDepth = 6
  var ascii: Bool { style == .ascii }

  private var inner: DisplayLayout { DisplayLayout(style: style, depth: depth + 1) }

  /// The box for a whole list; `\\` starts a new line.
  func box(_ nodes: [TexNode]) -> TexBox {
    var rows: [[TexNode]] = [[]]
    for node in nodes {
      if case .lineBreak = node { rows.append([]) } else { rows[rows.count - 1].append(node) }
    }
    let boxes = rows.map(row)
    guard boxes.count > 1 else { return boxes.first ?? TexBox("") }
    var lines: [String] = []
    for box in boxes { lines += box.lines }
    return TexBox(lines: lines, baseline: boxes[0].baseline)
  }

  /// One line of display math: runs of flat nodes written inline, tall pieces as boxes.
  private func row(_ nodes: [TexNode]) -> TexBox {
    var boxes: [TexBox] = []
    var run: [TexNode] = []
    var last: InlineWriter.Last = .start
    func flush() {
      guard !run.isEmpty else { return }
      var writer = InlineWriter(style: style, after: last)
      writer.write(run)
      boxes.append(TexBox(writer.result))
      last = writer.last
      run = []
    }
    for node in nodes {
      if let tall = tallBox(node) {
        flush()
        if last == .operand, let previous = boxes.last,
          !previous.lines[previous.baseline].hasSuffix(" ")
        {
          boxes.append(TexBox(" "))
        }
        boxes.append(tall)
        last = .operand
      } else {
        run.append(node)
      }
    }
    flush()
    return TexBox.horizontal(boxes)
  }

  /// Whether a node needs more than one line (a cheap test, linear in the tree).
  private func isTall(_ node: TexNode) -> Bool {
    switch node {
    case .fraction, .matrix: return true
    case .delimited(_, let content, _): return content.contains(where: isTall)
    case .group(let nodes): return nodes.contains(where: isTall)
    case .root(let content): return content.contains(where: isTall)
    default: return false
    }
  }

  /// The box of a node that needs more than one line, or nil for a flat node.
  private func tallBox(_ node: TexNode) -> TexBox? {
    guard depth < Self.maxStackDepth else { return nil }
    switch node {
    case .fraction(let numerator, let denominator):
      let top = inner.box(numerator)
      let bottom = inner.box(denominator)
      let width = max(top.width, bottom.width) + 2
      let bar = String(repeating: ascii ? "-" : "─", count: width)
      let lines = top.centered(in: width).lines + [bar] + bottom.centered(in: width).lines
      return TexBox(lines: lines, baseline: top.height)
    case .matrix(let kind, let rows):
      return matrix(kind, rows)
    case .delimited(let open, let content, let close):
      guard content.contains(where: isTall) else { return nil }
      let inner = self.inner.box(content)
      return TexBox.horizontal([
        TexBox.delimiter(open, height: inner.height, baseline: inner.baseline, ascii: ascii), inner,
        TexBox.delimiter(close, height: inner.height, baseline: inner.baseline, ascii: ascii),
      ])
    case .group(let nodes):
      guard nodes.contains(where: isTall) else { return nil }
      return row(nodes)
    case .root(let content):
      guard content.contains(where: isTall) else { return nil }
      let inner = self.inner.box(content)
      return TexBox.horizontal([TexBox(ascii ? "sqrt" : "√"), inner])
    default:
      return nil
    }
  }

  private func matrix(_ kind: String, _ rows: [[[TexNode]]]) -> TexBox {
    guard !rows.isEmpty else { return TexBox(kind == "pmatrix" ? "()" : "[]") }
    let columns = rows.map(\.count).max() ?? 0
    let cells = rows.map { row in
      (0..<columns).map { index in index < row.count ? inner.box(row[index]) : TexBox("") }
    }
    let widths = (0..<columns).map { column in cells.map { $0[column].width }.max() ?? 0 }
    var lines: [String] = []
    var width = 0
    for row in cells {
      let aligned = row.enumerated().map { $0.element.rightAligned(in: widths[$0.offset]) }
      let joined = TexBox.horizontal(
        aligned.enumerated().flatMap { index, cell in
          index == 0 ? [cell] : [TexBox("  "), cell]
        })
      lines += joined.lines
      width = max(width, joined.width)
    }
    // Every row is as wide as the columns and gaps together: not measured again.
    let body = TexBox(lines: lines, width: width, baseline: lines.count / 2)
    let (open, close) = InlineWriter.brackets(kind)
    if kind == "matrix" || kind == "smallmatrix" || kind == "aligned" || kind == "align"
      || kind == "gathered"
    {
      return body
    }
    let height = body.height
    let left = TexBox.delimiter(open, height: height, baseline: body.baseline, ascii: ascii)
    let right = TexBox.delimiter(close, height: height, baseline: body.baseline, ascii: ascii)
    if ascii {
      // ASCII: plain brackets on every line.
      let lines = body.lines.map {
        (open.isEmpty ? "" : open.asciiTransliterated + " ") + $0
          + (close.isEmpty ? "" : " " + close.asciiTransliterated)
      }
      return TexBox(lines: lines, baseline: body.baseline)
    }
    return TexBox.horizontal([
      left, TexBox(lines: Array(repeating: " ", count: height), baseline: body.baseline), body,
      TexBox(lines: Array(repeating: " ", count: height), baseline: body.baseline), right,
    ])
  }
}
