/// The geometry and loops of 2-D max pooling: `size×size` windows moved by
/// `stride`, no padding, each channel on its own.
struct MaxPooling {
  let channels: Int
  let height: Int
  let width: Int
  let size: Int
  let stride: Int
  let outputHeight: Int
  let outputWidth: Int
  /// `H'×W'` for an `H×W` input, `C×H'×W'` for `C×H×W`.
  let outputShape: [Int]

  /// Works out the geometry, refusing shapes and parameters that do not fit.
  init(input: [Int], size: Int, stride: Int) throws(EngineError) {
    let op = "maxpool2d"
    guard size >= 1 else {
      throw .invalidArgument(op: op, message: "the window size must be at least 1, got \(size)")
    }
    guard stride >= 1 else {
      throw .invalidArgument(op: op, message: "stride must be at least 1, got \(stride)")
    }
    (channels, height, width) = try Convolution.planes(of: input, op: op)
    guard size <= height, size <= width else {
      throw .invalidArgument(
        op: op,
        message: "a \(size)×\(size) window does not fit in a \(height)×\(width) input")
    }
    (self.size, self.stride) = (size, stride)
    outputHeight = (height - size) / stride + 1
    outputWidth = (width - size) / stride + 1
    outputShape =
      input.count == 2
      ? [outputHeight, outputWidth] : [channels, outputHeight, outputWidth]
  }

  /// Multiply-add-sized work: one comparison per window entry.
  var work: Double {
    Double(channels) * Double(outputHeight) * Double(outputWidth) * Double(size) * Double(size)
  }

  /// For every output entry, the input offset of its window's first maximum (row-major).
  func argmax(_ input: [Double]) -> [Int] {
    var result = [Int](repeating: 0, count: channels * outputHeight * outputWidth)
    var out = 0
    for c in 0..<channels {
      let plane = c * height * width
      for i in 0..<outputHeight {
        for j in 0..<outputWidth {
          var best = plane + i * stride * width + j * stride
          for u in 0..<size {
            for v in 0..<size {
              let at = plane + (i * stride + u) * width + j * stride + v
              // Strictly greater: the first maximum keeps the window on ties.
              if input[at] > input[best] { best = at }
            }
          }
          result[out] = best
          out += 1
        }
      }
    }
    return result
  }

  /// Whether some window's maximum appears more than once in it, counting entries within
  /// `tolerance` of it (see ``Op/kinkTolerance``).
  func hasTie(_ input: [Double], tolerance: Double) -> Bool {
    var out = 0
    let picked = argmax(input)
    for c in 0..<channels {
      let plane = c * height * width
      for i in 0..<outputHeight {
        for j in 0..<outputWidth {
          let top = input[picked[out]]
          out += 1
          var seen = 0
          for u in 0..<size {
            for v in 0..<size {
              let entry = input[plane + (i * stride + u) * width + j * stride + v]
              if Op.ties(entry, top, tolerance: tolerance) { seen += 1 }
            }
          }
          if seen > 1 { return true }
        }
      }
    }
    return false
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
