/// The geometry and loops of 2-D max pooling: `size×size` windows moved by
/// `stride`, no padding, each channel on its own.
struct MaxPooling {
  let windows: Windows
  /// `H'×W'` for an `H×W` input, `C×H'×W'` for `C×H×W`.
  let outputShape: [Int]

  /// Works out the geometry, refusing shapes and parameters that do not fit.
  init(input: [Int], size: Int, stride: Int) throws(EngineError) {
    let op = "maxpool2d"
    guard size >= 1 else {
      throw .invalidArgument(op: op, message: "the window size must be at least 1, got \(size)")
    }
    let (channels, height, width) = try Windows.planes(of: input, stride: stride, op: op)
    guard size <= height, size <= width else {
      throw .invalidArgument(
        op: op,
        message: "a \(size)×\(size) window does not fit in a \(height)×\(width) input")
    }
    windows = Windows(
      channels: channels, height: height, width: width, rows: size, columns: size,
      stride: stride, padding: 0)
    outputShape =
      input.count == 2
      ? [windows.outputHeight, windows.outputWidth]
      : [channels, windows.outputHeight, windows.outputWidth]
  }

  /// Multiply-add-sized work: one comparison per window entry.
  var work: Double {
    Double(windows.channels) * Double(windows.outputHeight) * Double(windows.outputWidth)
      * Double(windows.rows) * Double(windows.columns)
  }

  /// Calls `body(output, at)` for every entry of every window, row-major within each.
  @inline(__always)
  private func forEachEntry(_ body: (_ output: Int, _ at: Int) -> Void) {
    let (size, width) = (windows.rows, windows.width)
    windows.forEachWindow { output, corner in
      for u in 0..<size {
        for v in 0..<size { body(output, corner + u * width + v) }
      }
    }
  }

  /// For every output entry, the input offset of its window's first maximum (row-major).
  func argmax(_ input: [Double]) -> [Int] {
    var result = [Int](repeating: 0, count: outputShape.reduce(1, *))
    windows.forEachWindow { output, corner in result[output] = corner }
    // Strictly greater: the first maximum keeps the window on ties.
    forEachEntry { output, at in if input[at] > input[result[output]] { result[output] = at } }
    return result
  }

  /// Whether some window's maximum appears more than once in it, counting entries within
  /// `tolerance` of it (see ``Op/kinkTolerance``).
  func hasTie(_ input: [Double], tolerance: Double) -> Bool {
    let picked = argmax(input)
    var seen = [Int](repeating: 0, count: picked.count)
    forEachEntry { output, at in
      if Op.ties(input[at], input[picked[output]], tolerance: tolerance) { seen[output] += 1 }
    }
    return seen.contains { $0 > 1 }
  }

  func forward(_ input: [Double]) -> [Double] {
    argmax(input).map { input[$0] }
  }

  /// Each window's upstream entry added to its first maximum (windows may overlap).
  func backward(_ input: [Double], upstream: [Double]) -> [Double] {
    var grad = [Double](repeating: 0, count: input.count)
    for (k, at) in argmax(input).enumerated() { grad[at] += upstream[k] }
    return grad
  }
}

/// `maxpool2d`: the op's forward, backward, tie rule and rule over the geometry above.
extension MaxPooling: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    let geometry = try MaxPooling(op, inputs[0].shape)
    return Tensor(unchecked: geometry.outputShape, geometry.forward(inputs[0].scalars))
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    guard let geometry = try? MaxPooling(op, inputs[0].shape) else { return [nil] }
    return [
      Tensor(unchecked: inputs[0].shape, geometry.backward(inputs[0].scalars, upstream: g.scalars))
    ]
  }

  /// The window's gradient sent to every entry, not only to its maximum.
  static func wrongDerivations(_ op: Op) -> [Slip] { [.poolingToAll] }

  static func rule(_ op: Op) -> String {
    "∂(max of a window)/∂x = 1 at the window's first maximum (row-major), else 0; "
      + "overlapping windows add"
  }

  static func hasKinks(_ op: Op) -> Bool { true }

  static func branches(_ op: Op, _ inputs: [Tensor]) -> [Int] {
    (try? MaxPooling(op, inputs[0].shape))?.argmax(inputs[0].scalars) ?? []
  }

  static func sitsOnKink(_ op: Op, _ inputs: [Tensor], tolerance: Double) -> Bool {
    (try? MaxPooling(op, inputs[0].shape))?.hasTie(inputs[0].scalars, tolerance: tolerance)
      ?? false
  }

  static func work(_ op: Op, _ inputs: [Tensor]) -> Double {
    guard inputs.count == 1 else { return inputs.reduce(1.0) { $0 + Double($1.count) } }
    return Swift.max((try? MaxPooling(op, inputs[0].shape))?.work ?? 1, 1)
  }

  /// The geometry of a `maxPool2d` op on an input of `shape`.
  private init(_ op: Op, _ shape: [Int]) throws(EngineError) {
    guard case .maxPool2d(let size, let stride) = op else {
      throw .invalidArgument(op: op.name, message: "is not max pooling")
    }
    try self.init(input: shape, size: size, stride: stride)
  }
}

/// The language's `maxpool2d`.
extension MaxPooling {
  static var functions: [LanguageFunction] {
    [
      LanguageFunction(
        "maxpool2d", 2...2, labels: ["stride"],
        usage: "maxpool2d(X, k), maxpool2d(X, k, stride = s)",
        "the maximum of each k×k window of an H×W or C×H×W input, windows moved by the stride "
          + "(k unless given); on ties the gradient goes to the first maximum, row by row",
        build: { try pool(&$0) })
    ]
  }

  /// A call `maxpool2d(X, k)` or `maxpool2d(X, k, stride = s)`: windows of `k×k` moved
  /// by `k` unless a stride is given.
  private static func pool(_ arguments: inout any FunctionArguments) throws -> Graph.NodeID {
    let input = try arguments.node(0)
    let size = try arguments.integer(1, what: "the window size", minimum: 1)
    let stride = try arguments.integer("stride", what: "the stride", minimum: 1) ?? size
    return try arguments.build { (graph: inout Graph) throws(EngineError) in
      try graph.maxPool2d(input, size: size, stride: stride)
    }
  }
}
