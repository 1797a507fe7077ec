import TerminalText
import TutorEngine

/// Writing tensors for people: inline in answer syntax (`[3; 0]`, `[0, -18]`,
/// `[6 8; 9 8]`), as aligned blocks with tall brackets, and as the "read as …"
/// phrase the checker shows before every verdict.
public enum TensorFormat {
  /// One line in the syntax a learner would type: a scalar as a number, a row as
  /// `[a, b]`, a column as `[a; b]`, a matrix as `[a b; c d]`; rank 3 and 4 as a list
  /// of matrices `[[…], […]]`.
  public static func inline(_ tensor: Tensor, style: MathStyle = .unicode) -> String {
    inline(
      tensor, entries: tensor.scalars.map { NumberFormat.string($0, style: style) }, style: style)
  }

  /// ``inline(_:style:)`` with the entries' texts given (row-major), such as the numbers
  /// exactly as a learner typed them.
  public static func inline(_ tensor: Tensor, entries: [String], style: MathStyle = .unicode)
    -> String
  {
    guard entries.count == tensor.count else { return inline(tensor, style: style) }
    switch tensor.shape.count {
    case 0: return entries.first ?? ""
    case 1: return "[" + entries.joined(separator: ", ") + "]"
    case 2:
      let (rows, columns) = (tensor.shape[0], tensor.shape[1])
      if rows == 1 { return "[" + entries.joined(separator: ", ") + "]" }
      if columns == 1 { return "[" + entries.joined(separator: "; ") + "]" }
      return "["
        + matrixRows(entries, rows: rows, columns: columns)
        .map { $0.joined(separator: " ") }.joined(separator: "; ") + "]"
    default:
      let sliceShape = Array(tensor.shape.dropFirst())
      let sliceCount = sliceShape.reduce(1, *)
      let slices = (0..<tensor.shape[0]).map { index -> String in
        let scalars = Array(tensor.scalars[index * sliceCount..<(index + 1) * sliceCount])
        let slice = (try? Tensor(shape: sliceShape, scalars: scalars)) ?? Tensor(0)
        return inline(
          slice, entries: Array(entries[index * sliceCount..<(index + 1) * sliceCount]),
          style: style)
      }
      return "[" + slices.joined(separator: ", ") + "]"
    }
  }

  /// A value shown beside its name (`J = 9`): a single entry, scalar or 1×1, as the
  /// number it is; anything else as ``inline(_:style:)``.
  public static func value(_ tensor: Tensor, style: MathStyle = .unicode) -> String {
    tensor.count == 1
      ? NumberFormat.string(tensor.scalars[0], style: style) : inline(tensor, style: style)
  }

  /// Lines of an aligned block: columns right-aligned, tall brackets `⎡⎢⎣ ⎤⎥⎦` (or `[ ]`
  /// on every line in ASCII). A scalar is one line; rank 3 and 4 print one matrix per
  /// leading index, separated by a blank line. All lines have the same width.
  public static func block(_ tensor: Tensor, style: MathStyle = .unicode) -> [String] {
    switch tensor.shape.count {
    case 0: return [NumberFormat.string(tensor.scalars.first ?? 0, style: style)]
    case 1: return block(try! tensor.reshaped(to: [1, tensor.count]), style: style)
    case 2: break
    default:
      let sliceShape = Array(tensor.shape.dropFirst())
      let sliceCount = sliceShape.reduce(1, *)
      var lines: [String] = []
      for index in 0..<tensor.shape[0] {
        let scalars = Array(tensor.scalars[index * sliceCount..<(index + 1) * sliceCount])
        guard let slice = try? Tensor(shape: sliceShape, scalars: scalars) else { continue }
        if !lines.isEmpty { lines.append("") }
        lines += block(slice, style: style)
      }
      let width = lines.map(TextWidth.cells(of:)).max() ?? 0
      return lines.map { pad($0, to: width) }
    }
    let (rows, columns) = (tensor.shape[0], tensor.shape[1])
    let entries = tensor.scalars.map { NumberFormat.string($0, style: style) }
    let grid = matrixRows(entries, rows: rows, columns: columns)
    let widths = (0..<columns).map { column in
      (0..<rows).map { TextWidth.cells(of: grid[$0][column]) }.max() ?? 0
    }
    return (0..<rows).map { row in
      let body = (0..<columns).map { column in
        String(repeating: " ", count: widths[column] - TextWidth.cells(of: grid[row][column]))
          + grid[row][column]
      }.joined(separator: "  ")
      let (left, right) = brackets(row: row, of: rows, style: style)
      return left + " " + body + " " + right
    }
  }

  /// How the checker says it read an answer: "the number -6", "a 2×1 column [3; 0]",
  /// "a 1×2 row [0, -18]", "a 2×2 matrix [6 8; 9 8]".
  public static func reading(_ tensor: Tensor, style: MathStyle = .unicode) -> String {
    reading(
      tensor, entries: tensor.scalars.map { NumberFormat.string($0, style: style) }, style: style)
  }

  /// ``reading(_:style:)`` with the entries' texts given: "the number 1.1799",
  /// "a 3×1 column [0.0900; 0.245; 0.665]" for numbers shown as typed.
  public static func reading(_ tensor: Tensor, entries: [String], style: MathStyle = .unicode)
    -> String
  {
    let shape = tensor.shape.shapeDescription
    let text = inline(tensor, entries: entries, style: style)
    switch tensor.shape.count {
    case 0: return "the number \(text)"
    case 2 where tensor.shape == [1, 1]: return "a 1×1 matrix \(text)"
    case 2 where tensor.shape[1] == 1: return "a \(shape) column \(text)"
    case 2 where tensor.shape[0] == 1: return "a \(shape) row \(text)"
    case 2: return "a \(shape) matrix \(text)"
    case 1: return "a vector of \(tensor.count) entries \(text)"
    default: return "a \(shape) tensor \(text)"
    }
  }

  private static func matrixRows(_ entries: [String], rows: Int, columns: Int) -> [[String]] {
    (0..<rows).map { row in Array(entries[row * columns..<(row + 1) * columns]) }
  }

  private static func brackets(row: Int, of rows: Int, style: MathStyle) -> (String, String) {
    if style == .ascii || rows == 1 { return ("[", "]") }
    if row == 0 { return ("⎡", "⎤") }
    if row == rows - 1 { return ("⎣", "⎦") }
    return ("⎢", "⎥")
  }

  private static func pad(_ line: String, to width: Int) -> String {
    line + String(repeating: " ", count: max(0, width - TextWidth.cells(of: line)))
  }
}
