/// The geometry and loops of 2-D cross-correlation ("convolution" in
/// deep-learning libraries): no kernel flip, zero padding, a stride.
///
/// `O[f, i, j] = b[f] + Σ_c Σ_u Σ_v I[c, i·s + u − p, j·s + v − p] · K[f, c, u, v]`
/// with 0-based loop indices here and zero wherever the input index falls
/// into the padding.
struct Convolution {
  /// The kernel's windows over the input (a window is `kh×kw`, the kernel's plane).
  let windows: Windows
  let filters: Int
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
    let (c, h, w) = try Windows.planes(of: input, stride: stride, op: op)
    guard padding >= 0 else {
      throw .invalidArgument(op: op, message: "padding must not be negative, got \(padding)")
    }
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
    windows = Windows(
      channels: c, height: h, width: w, rows: kh, columns: kw, stride: stride, padding: padding)
    (filters, outputShape) = (f, shape)
  }

  /// Calls `body(inputOffset, kernelOffset, outputOffset)` for every product
  /// term whose input index falls inside the image (not in the padding).
  @inline(__always)
  private func forEachTerm(_ body: (Int, Int, Int) -> Void) {
    let (channels, height, width) = (windows.channels, windows.height, windows.width)
    let (kernelHeight, kernelWidth) = (windows.rows, windows.columns)
    let (stride, padding) = (windows.stride, windows.padding)
    let (outputHeight, outputWidth) = (windows.outputHeight, windows.outputWidth)
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
    let plane = windows.outputHeight * windows.outputWidth
    var out = [Double](repeating: 0, count: filters * plane)
    if let bias {
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
    let plane = windows.outputHeight * windows.outputWidth
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

/// The language's `conv2d`.
extension Convolution {
  static var functions: [LanguageFunction] {
    [
      LanguageFunction(
        "conv2d", 2...4, labels: ["stride", "padding", "bias"],
        usage: "conv2d(I, K), conv2d(I, K, stride = s, padding = p, bias = b)",
        "2-D cross-correlation (deep learning's convolution) of an H×W or C×H×W input with a "
          + "kh×kw or F×C×kh×kw kernel; stride 1 and padding 0 unless given"
      ) { arguments in
        // Each setting once: `conv2d(I, K, 2, stride = 1)` is a slip, not a choice.
        for (label, position) in [("stride", 2), ("padding", 3)]
        where arguments.count > position && arguments.has(label) {
          throw arguments.usageError("`conv2d` was given the \(label) twice", at: .label(label))
        }
        var stride = 1
        var padding = 0
        if arguments.count > 2 {
          stride = try arguments.integer(2, what: "the stride", minimum: 1)
        } else if let given = try arguments.integer("stride", what: "the stride", minimum: 1) {
          stride = given
        }
        if arguments.count > 3 {
          padding = try arguments.integer(3, what: "the padding", minimum: 0)
        } else if let given = try arguments.integer("padding", what: "the padding", minimum: 0) {
          padding = given
        }
        let bias = try arguments.node("bias")
        let input = try arguments.node(0)
        let kernel = try arguments.node(1)
        return try arguments.build { (graph: inout Graph) throws(EngineError) in
          try graph.conv2d(input, kernel: kernel, bias: bias, stride: stride, padding: padding)
        }
      }
    ]
  }
}
