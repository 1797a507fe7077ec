/// The windows a kernel or a pooling window covers as it moves over an `H×W` or `C×H×W`
/// input: the geometry convolution and max pooling share, and the one walk over them.
///
/// A window at output position `(i, j)` (0-based) starts at input row `i·stride − padding`
/// and column `j·stride − padding` and spans `rows×columns` entries of every channel; the
/// output is `⌊(H + 2·padding − rows) / stride⌋ + 1` by the same for the width.
struct Windows {
  /// The input's channels, height and width (1 channel for an `H×W` input).
  let channels: Int, height: Int, width: Int
  /// Each window's rows and columns.
  let rows: Int, columns: Int
  let stride: Int, padding: Int
  /// How many windows fit down and across.
  let outputHeight: Int, outputWidth: Int

  /// The geometry of `rows×columns` windows over `input` (an `H×W` or `C×H×W` shape);
  /// the caller has checked that a window fits the padded input and the stride is ≥ 1.
  init(channels: Int, height: Int, width: Int, rows: Int, columns: Int, stride: Int, padding: Int) {
    (self.channels, self.height, self.width) = (channels, height, width)
    (self.rows, self.columns, self.stride, self.padding) = (rows, columns, stride, padding)
    outputHeight = (height + 2 * padding - rows) / stride + 1
    outputWidth = (width + 2 * padding - columns) / stride + 1
  }

  /// The channels, height and width of an `H×W` (one channel) or `C×H×W` input: the
  /// shapes convolution and pooling accept; their windows move by a `stride` of at least 1.
  static func planes(of input: [Int], stride: Int, op: String) throws(EngineError)
    -> (channels: Int, height: Int, width: Int)
  {
    guard stride >= 1 else {
      throw .invalidArgument(op: op, message: "stride must be at least 1, got \(stride)")
    }
    switch input.count {
    case 2: return (1, input[0], input[1])
    case 3: return (input[0], input[1], input[2])
    default:
      throw .unsupportedShape(op: op, shape: input, expected: "an H×W or C×H×W input")
    }
  }

  /// Calls `body(output, corner)` for every window of every channel without padding, in
  /// row-major output order: `output` the window's output offset (0, 1, …), `corner` the
  /// input offset of its top-left entry. The window's entry `(u, v)` is at
  /// `corner + u·width + v`.
  @inline(__always)
  func forEachWindow(_ body: (_ output: Int, _ corner: Int) -> Void) {
    var output = 0
    for c in 0..<channels {
      let plane = c * height * width
      for i in 0..<outputHeight {
        for j in 0..<outputWidth {
          body(output, plane + i * stride * width + j * stride)
          output += 1
        }
      }
    }
  }
}
