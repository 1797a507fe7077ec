import Foundation

extension Op {
  /// The vector-Jacobian product: given `upstream = ∂L/∂output`, returns
  /// `∂L/∂parentᵢ` for each parent, each of its parent's shape, or `nil` where
  /// `needed[i]` is false.
  func backward(
    _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    switch self {
    case .input, .constant:
      return []

    case .add:
      return [
        needed[0] ? Broadcast.reduce(g, to: inputs[0].shape) : nil,
        needed[1] ? Broadcast.reduce(g, to: inputs[1].shape) : nil,
      ]
    case .subtract:
      return [
        needed[0] ? Broadcast.reduce(g, to: inputs[0].shape) : nil,
        needed[1] ? Broadcast.reduce(g.mapScalars { -$0 }, to: inputs[1].shape) : nil,
      ]
    case .multiply:
      let (a, b) = (inputs[0], inputs[1])
      return [
        needed[0]
          ? Broadcast.reduce(Broadcast.apply(g, b, outShape: g.shape, *), to: a.shape) : nil,
        needed[1]
          ? Broadcast.reduce(Broadcast.apply(g, a, outShape: g.shape, *), to: b.shape) : nil,
      ]
    case .divide:
      let (a, b) = (inputs[0], inputs[1])
      var gradB: Tensor?
      if needed[1] {
        // ∂(a/b)/∂b = −a/b² = −output/b.
        let ratio = Broadcast.apply(output, b, outShape: g.shape) { -$0 / $1 }
        gradB = Broadcast.reduce(ratio.zipScalars(g, *), to: b.shape)
      }
      return [
        needed[0]
          ? Broadcast.reduce(Broadcast.apply(g, b, outShape: g.shape, /), to: a.shape) : nil,
        gradB,
      ]
    case .power:
      let (a, b) = (inputs[0], inputs[1])
      var gradA: Tensor?
      var gradB: Tensor?
      if needed[0] {
        // ∂(aᵇ)/∂a = b·aᵇ⁻¹.
        let local = Broadcast.apply(a, b, outShape: g.shape) {
          $1 == 0 ? 0 : $1 * Foundation.pow($0, $1 - 1)
        }
        gradA = Broadcast.reduce(local.zipScalars(g, *), to: a.shape)
      }
      if needed[1] {
        // ∂(aᵇ)/∂b = aᵇ·ln a: 0 where a = 0, undefined (NaN) where a < 0.
        let local = Broadcast.apply(output, a, outShape: g.shape) { power, base in
          base == 0 ? 0 : power * Foundation.log(base)
        }
        gradB = Broadcast.reduce(local.zipScalars(g, *), to: b.shape)
      }
      return [gradA, gradB]

    case .negate: return [g.mapScalars { -$0 }]
    case .exp: return [g.zipScalars(output, *)]
    case .log: return [g.zipScalars(inputs[0], /)]
    case .sqrt: return [g.zipScalars(output) { $0 / (2 * $1) }]
    case .abs: return [g.zipScalars(inputs[0]) { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) }]
    case .sign: return [Tensor.zeros(like: inputs[0])]
    case .relu: return [g.zipScalars(inputs[0]) { $1 > 0 ? $0 : 0 }]
    case .sigmoid: return [g.zipScalars(output) { $0 * $1 * (1 - $1) }]
    case .tanh: return [g.zipScalars(output) { $0 * (1 - $1 * $1) }]

    case .matmul:
      let (a, b) = (inputs[0], inputs[1])
      let (m, k) = a.rank == 0 ? (1, 1) : (a.shape[0], a.shape[1])
      let n = b.rank == 0 ? 1 : b.shape[1]
      return [
        needed[0]
          ? Tensor(
            unchecked: a.shape,
            MatrixKernels.productTransposed(g.scalars, b.scalars, m: m, k: n, n: k))
          : nil,
        needed[1]
          ? Tensor(
            unchecked: b.shape,
            MatrixKernels.transposedProduct(a.scalars, g.scalars, k: m, m: k, n: n))
          : nil,
      ]

    case .transpose:
      let a = inputs[0]
      if a.rank != 2 { return [g] }
      return [
        Tensor(
          unchecked: a.shape,
          MatrixKernels.transpose(g.scalars, rows: a.shape[1], columns: a.shape[0]))
      ]

    case .sum:
      return [
        Tensor(unchecked: inputs[0].shape, Array(repeating: g.scalars[0], count: inputs[0].count))
      ]
    case .mean:
      let n = Double(inputs[0].count)
      return [
        Tensor(
          unchecked: inputs[0].shape, Array(repeating: g.scalars[0] / n, count: inputs[0].count))
      ]
    case .diag:
      let n = inputs[0].count
      return [Tensor(unchecked: inputs[0].shape, (0..<n).map { g.scalars[$0 * n + $0] })]

    case .softmax:
      // With s = softmax(βv): ∂L/∂v = β s ⊙ (g − g·s), ∂L/∂β = Σ gᵢ sᵢ (vᵢ − s·v).
      let (v, beta) = (inputs[0], inputs[1].scalars[0])
      let s = output.scalars
      var gs = 0.0
      var sv = 0.0
      for i in s.indices {
        gs += g.scalars[i] * s[i]
        sv += s[i] * v.scalars[i]
      }
      var gradBeta = 0.0
      for i in s.indices { gradBeta += g.scalars[i] * s[i] * (v.scalars[i] - sv) }
      let gradV = (0..<s.count).map { beta * s[$0] * (g.scalars[$0] - gs) }
      return [
        needed[0] ? Tensor(unchecked: v.shape, gradV) : nil,
        needed[1] ? Tensor(unchecked: inputs[1].shape, [gradBeta]) : nil,
      ]

    case .crossEntropy:
      let (z, t, scale) = (inputs[0], inputs[1], g.scalars[0])
      return [
        // ∂/∂zᵢ = −tᵢ/zᵢ, and 0 where tᵢ = 0 (that term is absent), even at zᵢ = 0.
        needed[0]
          ? t.zipScalars(z) { $0 == 0 ? 0 : -scale * $0 / $1 }.reshapedUnchecked(z.shape) : nil,
        needed[1] ? z.mapScalars { -scale * Foundation.log($0) }.reshapedUnchecked(t.shape) : nil,
      ]

    case .squaredError:
      let (a, b, scale) = (inputs[0], inputs[1], g.scalars[0])
      let difference = a.zipScalars(b) { 2 * scale * ($0 - $1) }
      return [
        needed[0] ? difference : nil,
        needed[1] ? difference.mapScalars { -$0 }.reshapedUnchecked(b.shape) : nil,
      ]

    case .pNormPower:
      // ∂/∂wᵢ Σ|w|ᵖ = p |wᵢ|ᵖ⁻¹ sign(wᵢ) (0 at wᵢ = 0); ∂/∂p = Σ |wᵢ|ᵖ ln|wᵢ|.
      let (w, p, scale) = (inputs[0], inputs[1].scalars[0], g.scalars[0])
      var gradP = 0.0
      for value in w.scalars where value != 0 {
        let size = Swift.abs(value)
        gradP += Foundation.pow(size, p) * Foundation.log(size)
      }
      return [
        needed[0]
          ? w.mapScalars { value in
            value == 0
              ? 0 : scale * p * Foundation.pow(Swift.abs(value), p - 1) * (value > 0 ? 1 : -1)
          } : nil,
        needed[1] ? Tensor(unchecked: inputs[1].shape, [scale * gradP]) : nil,
      ]

    case .pick(let index):
      var out = Tensor.zeros(like: inputs[0])
      if let offset = Op.pickOffset(index, in: inputs[0].shape) {
        out.scalars[offset] = g.scalars[0]
      }
      return [out]

    case .reshape:
      return [g.reshapedUnchecked(inputs[0].shape)]

    case .conv2d(let stride, let padding):
      // The geometry was validated by the forward pass that produced `output`.
      guard
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

    case .maximum, .minimum:
      // The gradient goes to the chosen operand, to `a` on a tie.
      let (a, b) = (inputs[0], inputs[1])
      let takesA: (Double, Double) -> Double =
        self == .maximum ? { $0 >= $1 ? 1 : 0 } : { $0 <= $1 ? 1 : 0 }
      let toA = Broadcast.apply(a, b, outShape: g.shape, takesA).zipScalars(g, *)
      return [
        needed[0] ? Broadcast.reduce(toA, to: a.shape) : nil,
        needed[1] ? Broadcast.reduce(g.zipScalars(toA, -), to: b.shape) : nil,
      ]

    case .reduce(let reduction, let dim):
      return [Op.reduceBackward(inputs[0], reduction, dim: dim, output: output, upstream: g)]

    case .softmaxAlong(let dim):
      return [Op.softmaxBackward(inputs[0], dim: dim, output: output, upstream: g)]

    case .slice(let ranges):
      return [Slicing.backward(inputs[0], ranges, upstream: g)]

    case .maxPool2d(let size, let stride):
      guard let geometry = try? MaxPooling(input: inputs[0].shape, size: size, stride: stride)
      else { return [nil] }
      return [
        Tensor(
          unchecked: inputs[0].shape, geometry.backward(inputs[0].scalars, upstream: g.scalars))
      ]

    case .oneHot:
      // Labels are data: the one-hot matrix does not change when they are nudged.
      return [Tensor.zeros(like: inputs[0])]
    }
  }
}

extension Tensor {
  /// The same scalars under a shape known to have the same element count.
  func reshapedUnchecked(_ newShape: [Int]) -> Tensor {
    Tensor(unchecked: newShape, scalars)
  }
}
