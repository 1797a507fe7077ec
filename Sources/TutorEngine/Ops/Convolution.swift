/// The geometry and loops of 2-D cross-correlation ("convolution" in
/// deep-learning libraries): no kernel flip, zero padding, a stride.
///
/// `O[f, i, j] = b[f] + Σ_c Σ_u Σ_v I[c, i·s + u − p, j·s + v − p] · K[f, c, u, v]`
/// with 0-based loop indices here and zero wherever the input index falls
/// into the padding.
struct Convolution {
  let channels: Int
  let height: Int
  let width: Int
  let filters: Int
  let kernelHeight: Int
  let kernelWidth: Int
  let stride: Int
  let padding: Int
  let outputHeight: Int
  let outputWidth: Int
  /// The shape of the output tensor: `F×H'×W'`, or `H'×W'` for 2-D operands.
  let outputShape: [Int]

  /// Works out the geometry, refusing shapes and parameters that do not fit.
  init(
    input: [Int], kernel: [Int], bias: [Int]?, stride: Int, padding: Int, limit: Int,
    operationLimit: Int
  )
    throws(EngineError)
  {
    let op = "conv2d"
    guard stride >= 1 else {
      throw .invalidArgument(op: op, message: "stride must be at least 1, got \(stride)")
    }
    guard padding >= 0 else {
      throw .invalidArgument(op: op, message: "padding must not be negative, got \(padding)")
    }
    let (c, h, w) = try Convolution.planes(of: input, op: op)
    let (f, kc, kh, kw): (Int, Int, Int, Int)
    switch kernel.count {
    case 2: (f, kc, kh, kw) = (1, 1, kernel[0], kernel[1])
    case 4: (f, kc, kh, kw) = (kernel[0], kernel[1], kernel[2], kernel[3])
    default:
      throw .unsupportedShape(op: op, shape: kernel, expected: "a kh×kw or F×C×kh×kw kernel")
    }
    guard kc == c else { throw .shapeMismatch(op: op, lhs: input, rhs: kernel) }
    guard kh >= 1, kw >= 1, c >= 1, f >= 1 else {
      throw .shapeMismatch(op: op, lhs: input, rhs: kernel)
    }
    if let bias, bias.reduce(1, *) != f {
      throw .shapeMismatch(op: "conv2d bias", lhs: kernel, rhs: bias)
    }
    // Checked arithmetic: a hostile padding must not overflow.
    let (twice, o1) = padding.multipliedReportingOverflow(by: 2)
    let (paddedH, o2) = h.addingReportingOverflow(twice)
    let (paddedW, o3) = w.addingReportingOverflow(twice)
    guard !o1, !o2, !o3 else { throw .tooLarge(elements: nil, limit: limit) }
    guard paddedH >= kh, paddedW >= kw else {
      throw .invalidArgument(
        op: op,
        message: "a \(kh)×\(kw) kernel does not fit a \(h)×\(w) input with padding \(padding)")
    }
    let oh = (paddedH - kh) / stride + 1
    let ow = (paddedW - kw) / stride + 1
    let shape = input.count == 2 && kernel.count == 2 ? [oh, ow] : [f, oh, ow]
    _ = try Tensor.elementCount(of: shape, limit: limit)
    _ = try Tensor.elementCount(of: [c, paddedH, paddedW], limit: limit)
    let terms = [f, c, kh, kw, oh, ow].reduce(into: 1.0) { $0 *= Double($1) }
    guard terms <= Double(operationLimit) else {
      throw .tooMuchWork(op: op, operations: terms, limit: operationLimit)
    }
    (channels, height, width) = (c, h, w)
    (filters, kernelHeight, kernelWidth) = (f, kh, kw)
    (self.stride, self.padding) = (stride, padding)
    (outputHeight, outputWidth, outputShape) = (oh, ow, shape)
  }

  /// The channels, height and width of an `H×W` (one channel) or `C×H×W` input: the
  /// shapes convolution and pooling accept.
  static func planes(of input: [Int], op: String) throws(EngineError)
    -> (channels: Int, height: Int, width: Int)
  {
    switch input.count {
    case 2: return (1, input[0], input[1])
    case 3: return (input[0], input[1], input[2])
    default:
      throw .unsupportedShape(op: op, shape: input, expected: "an H×W or C×H×W input")
    }
  }

  /// Calls `body(inputOffset, kernelOffset, outputOffset)` for every product
  /// term whose input index falls inside the image (not in the padding).
  @inline(__always)
  private func forEachTerm(_ body: (Int, Int, Int) -> Void) {
    for f in 0..<filters {
      for c in 0..<channels {
        for u in 0..<kernelHeight {
          for v in 0..<kernelWidth {
            let k = ((f * channels + c) * kernelHeight + u) * kernelWidth + v
            for i in 0..<outputHeight {
              let y = i * stride + u - padding
              if y < 0 || y >= height { continue }
              for j in 0..<outputWidth {
                let x = j * stride + v - padding
                if x < 0 || x >= width { continue }
                body((c * height + y) * width + x, k, (f * outputHeight + i) * outputWidth + j)
              }
            }
          }
        }
      }
    }
  }

  /// The forward pass.
  func forward(input: [Double], kernel: [Double], bias: [Double]?) -> [Double] {
    var out = [Double](repeating: 0, count: filters * outputHeight * outputWidth)
    if let bias {
      let plane = outputHeight * outputWidth
      for f in 0..<filters {
        for index in 0..<plane { out[f * plane + index] = bias[f] }
      }
    }
    forEachTerm { inputOffset, kernelOffset, outputOffset in
      out[outputOffset] += input[inputOffset] * kernel[kernelOffset]
    }
    return out
  }

  /// The gradients of the input, the kernel and the bias given the output's.
  func backward(input: [Double], kernel: [Double], upstream: [Double])
    -> (input: [Double], kernel: [Double], bias: [Double])
  {
    var gradInput = [Double](repeating: 0, count: input.count)
    var gradKernel = [Double](repeating: 0, count: kernel.count)
    forEachTerm { inputOffset, kernelOffset, outputOffset in
      let g = upstream[outputOffset]
      gradInput[inputOffset] += g * kernel[kernelOffset]
      gradKernel[kernelOffset] += g * input[inputOffset]
    }
    let plane = outputHeight * outputWidth
    var gradBias = [Double](repeating: 0, count: filters)
    for f in 0..<filters {
      for index in 0..<plane { gradBias[f] += upstream[f * plane + index] }
    }
    return (gradInput, gradKernel, gradBias)
  }
}

/// `conv2d`: the op's forward, backward and rule over the geometry above.
extension Convolution: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    guard case .conv2d(let stride, let padding) = op else {
      throw .invalidArgument(op: op.name, message: "is not a convolution")
    }
    let geometry = try Convolution(
      input: inputs[0].shape, kernel: inputs[1].shape,
      bias: inputs.count > 2 ? inputs[2].shape : nil,
      stride: stride, padding: padding, limit: limits.maxElements,
      operationLimit: limits.maxOperations)
    let out = geometry.forward(
      input: inputs[0].scalars, kernel: inputs[1].scalars,
      bias: inputs.count > 2 ? inputs[2].scalars : nil)
    return Tensor(unchecked: geometry.outputShape, out)
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    // The geometry was validated by the forward pass that produced `output`.
    guard case .conv2d(let stride, let padding) = op,
      let geometry = try? Convolution(
        input: inputs[0].shape, kernel: inputs[1].shape,
        bias: inputs.count > 2 ? inputs[2].shape : nil,
        stride: stride, padding: padding, limit: .max, operationLimit: .max)
    else { return inputs.map { _ in nil } }
    let grads = geometry.backward(
      input: inputs[0].scalars, kernel: inputs[1].scalars, upstream: g.scalars)
    var result: [Tensor?] = [
      Tensor(unchecked: inputs[0].shape, grads.input),
      Tensor(unchecked: inputs[1].shape, grads.kernel),
    ]
    if inputs.count > 2 { result.append(Tensor(unchecked: inputs[2].shape, grads.bias)) }
    return result
  }

  /// The kernel rotated by 180° where it is used as it is.
  static func wrongDerivations(_ op: Op) -> [Slip] { [.kernelFlipped] }

  static func rule(_ op: Op) -> String {
    "∂L/∂K = I ⋆ G (cross-correlate the input with the upstream gradient); "
      + "∂L/∂I = G full-convolved with K flipped; ∂L/∂b_f = Σ G_f"
  }

  static func work(_ op: Op, _ inputs: [Tensor]) -> Double {
    inputs.count >= 2
      ? Double(inputs[0].count) * Double(inputs[1].count)
      : inputs.reduce(1.0) { $0 + Double($1.count) }
  }
}
