import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// The window of the input that one output entry of `conv2d` or `maxpool2d` sees: for a
/// step asking for `O[i, j]` of `O: conv2d(I, K)`, the rows and columns of `I` under the
/// kernel at that position. Decided from the step's parsed `ask` and the parsed graph.
struct ReceptiveField: Equatable {
  /// `conv2d` or `maxpool2d`.
  var function: String
  var output: String
  /// The entry asked for, 1-based.
  var entry: (row: Int, column: Int)
  var input: String
  var inputValue: Tensor
  /// The kernel of a convolution (nil for pooling).
  var kernel: String?
  var kernelValue: Tensor?
  /// The window in the input, 0-based and clipped to it (padding lies outside).
  var rows: Range<Int>
  var columns: Range<Int>
  var stride: Int

  static func == (a: ReceptiveField, b: ReceptiveField) -> Bool {
    a.function == b.function && a.output == b.output && a.entry == b.entry && a.input == b.input
      && a.rows == b.rows && a.columns == b.columns
  }

  /// The receptive field of step `index`, when it asks for one entry of a quantity
  /// defined by `conv2d` or `maxpool2d` of a 2-D input.
  init?(_ bound: BoundLesson, step index: Int) {
    let lesson = bound.lesson
    guard lesson.steps.indices.contains(index),
      case .value(let ask) = lesson.steps[index].question, let expr = try? ask.expr(),
      case .index(let base, let subscripts) = expr.kind, subscripts.count == 2,
      case .name(let name) = base.kind,
      let definition = lesson.graph.first(where: { $0.name == name }),
      let call = try? definition.expression.expr(),
      case .call(let function, let arguments, _) = call.kind,
      function == "conv2d" || function == "maxpool2d"
    else { return nil }
    func integer(_ expr: Expr) -> Int? {
      guard let value = try? bound.evaluate(expr), let number = value.scalarValue,
        number == number.rounded(), abs(number) < 1e6
      else { return nil }
      return Int(number)
    }
    let positional = arguments.filter { $0.label == nil }.map(\.value)
    func argument(_ label: String, at position: Int) -> Expr? {
      positional.count > position
        ? positional[position] : arguments.first { $0.label == label }?.value
    }
    guard let row = integer(subscripts[0]), let column = integer(subscripts[1]),
      row >= 1, column >= 1, positional.count >= 2,
      case .name(let input) = positional[0].kind,
      let inputValue = bound.value(of: input), inputValue.rank == 2
    else { return nil }
    let size: (Int, Int)
    var stride = 1
    var padding = 0
    if function == "conv2d" {
      guard case .name(let kernel) = positional[1].kind,
        let kernelValue = bound.value(of: kernel), kernelValue.rank == 2
      else { return nil }
      (self.kernel, self.kernelValue) = (kernel, kernelValue)
      size = (kernelValue.shape[0], kernelValue.shape[1])
      stride = argument("stride", at: 2).flatMap(integer) ?? 1
      padding = argument("padding", at: 3).flatMap(integer) ?? 0
    } else {
      guard let k = integer(positional[1]), k >= 1 else { return nil }
      size = (k, k)
      stride = arguments.first { $0.label == "stride" }.flatMap { integer($0.value) } ?? k
    }
    let top = (row - 1) * stride - padding
    let left = (column - 1) * stride - padding
    let (height, width) = (inputValue.shape[0], inputValue.shape[1])
    rows = max(0, top)..<min(height, top + size.0)
    columns = max(0, left)..<min(width, left + size.1)
    guard !rows.isEmpty, !columns.isEmpty else { return nil }
    self.function = function
    output = name
    entry = (row, column)
    (self.input, self.inputValue, self.stride) = (input, inputValue, stride)
  }

  /// Lines showing the input as a block with the window marked, the kernel beside it.
  /// `marks` are the cell ranges to draw in reverse video; with `brackets` (ASCII, no
  /// colour) the window is also enclosed in `[ ]` on every row. Entries of a value
  /// `concealment` hides are `?`. The heading is wrapped to `width`.
  func lines(
    _ bound: BoundLesson, style: MathStyle, brackets: Bool, concealment: Concealment,
    width: Int = .max
  ) -> (lines: [String], marks: [(line: Int, columns: Range<Int>)]) {
    let entryTeX = "\(bound.lesson.tex(for: output))_{\(entry.row),\(entry.column)}"
    let how =
      function == "conv2d"
      ? "marked: the window under the kernel" + (stride > 1 ? ", stride \(stride)" : "")
      : "marked: the window it is the maximum of"
    var lines = TextWidth.wrap(
      "Receptive field of \(MathRenderer.inline(entryTeX, style: style)) (\(how)):",
      width: width)
    let showsInput = concealment.shows(inputValue)
    let (inputBlock, windowColumns) = Self.block(
      inputValue, shown: showsInput, window: (rows, columns), brackets: brackets, style: style)
    var kernelBlock: [String] = []
    if let kernelValue {
      kernelBlock =
        Self.block(
          kernelValue, shown: concealment.shows(kernelValue), window: nil, brackets: false,
          style: style
        ).lines
    }
    // `I = ⎡…⎤   K = ⎡…⎤`, each name on its block's middle row.
    let inputLabel = LessonPresenter(bound).label(of: input, style: style) + " = "
    let kernelLabel =
      kernel.map { "   " + LessonPresenter(bound).label(of: $0, style: style) + " = " } ?? ""
    let inputIndent = TextWidth.cells(of: inputLabel)
    let kernelIndent = TextWidth.cells(of: kernelLabel)
    let inputMiddle = inputBlock.count / 2
    let kernelMiddle = kernelBlock.count / 2
    var marks: [(line: Int, columns: Range<Int>)] = []
    for row in 0..<max(inputBlock.count, kernelBlock.count) {
      var line = "  "
      line += row == inputMiddle ? inputLabel : String(repeating: " ", count: inputIndent)
      line +=
        row < inputBlock.count
        ? inputBlock[row] : String(repeating: " ", count: TextWidth.cells(of: inputBlock[0]))
      if row < kernelBlock.count {
        line += row == kernelMiddle ? kernelLabel : String(repeating: " ", count: kernelIndent)
        line += kernelBlock[row]
      }
      while line.last == " " { line.removeLast() }
      lines.append(line)
      if rows.contains(row), let span = windowColumns {
        let start = 2 + inputIndent
        marks.append((lines.count - 1, (span.lowerBound + start)..<(span.upperBound + start)))
      }
    }
    return (lines, marks)
  }

  /// A matrix as lines with brackets (`⎡⎢⎣`, or `|` in ASCII so `[ ]` can mark the
  /// window); the window's cell columns on each of its rows.
  static func block(
    _ value: Tensor, shown: Bool, window: (rows: Range<Int>, columns: Range<Int>)?,
    brackets: Bool, style: MathStyle
  ) -> (lines: [String], columns: Range<Int>?) {
    let (height, width) = (value.shape[0], value.shape[1])
    let entries = (0..<height).map { r in
      (0..<width).map { c in
        shown ? NumberFormat.string(value.scalars[r * width + c], style: style) : "?"
      }
    }
    let cell = entries.flatMap { $0 }.map(TextWidth.cells(of:)).max() ?? 1
    let ascii = style == .ascii
    var lines: [String] = []
    var span: Range<Int>?
    for r in 0..<height {
      let (open, close): (String, String)
      if ascii {
        (open, close) = ("|", "|")
      } else if height == 1 {
        (open, close) = ("[", "]")
      } else {
        (open, close) = r == 0 ? ("⎡", "⎤") : r == height - 1 ? ("⎣", "⎦") : ("⎢", "⎥")
      }
      var line = open
      var column = 1
      for c in 0..<width {
        let inWindow = window.map { $0.rows.contains(r) && $0.columns.contains(c) } ?? false
        let startsWindow = window.map { $0.rows.contains(r) && $0.columns.lowerBound == c } ?? false
        let endsWindow =
          window.map { $0.rows.contains(r) && $0.columns.upperBound - 1 == c } ?? false
        let entry = entries[r][c]
        let text =
          (brackets && startsWindow ? "[" : " ")
          + String(repeating: " ", count: cell - TextWidth.cells(of: entry)) + entry
          + (brackets && endsWindow ? "]" : " ")
        if startsWindow { span = column..<column }
        line += text
        column += cell + 2
        if inWindow, let start = span?.lowerBound { span = start..<column }
      }
      lines.append(line + close)
    }
    return (lines, span)
  }
}
