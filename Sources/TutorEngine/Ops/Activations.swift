import CKernels
import Foundation

/// The element-wise functions of one operand: `−a`, `eᵃ`, `log a`, `√a`, `|a|`,
/// `sign a`, `relu a`, `σ(a)` and `tanh a`. Their backward is `upstream ⊙ f′`, entry by
/// entry; relu, abs and sign have a kink at 0, where the derivative is taken as 0.
enum Activations: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    let a = inputs[0]
    switch op {
    case .negate: return a.mapScalars { -$0 }
    case .exp: return a.mapScalars { Foundation.exp($0) }
    case .log: return a.mapScalars { Foundation.log($0) }
    case .sqrt: return a.mapScalars { $0.squareRoot() }
    case .abs: return a.mapScalars { Swift.abs($0) }
    case .sign: return a.mapScalars { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .relu:
      let out = a.scalars.withUnsafeBufferPointer { x in
        [Double](unsafeUninitializedCapacity: x.count) { o, initialized in
          Op.relu(x, into: o)
          initialized = x.count
        }
      }
      return Tensor(unchecked: a.shape, out)
    case .sigmoid: return a.mapScalars(Op.sigmoid)
    default: return a.mapScalars { Foundation.tanh($0) }
    }
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    switch op {
    case .negate: return [g.mapScalars { -$0 }]
    case .exp: return [g.zipScalars(output, *)]
    case .log: return [g.zipScalars(inputs[0], /)]
    case .sqrt: return [g.zipScalars(output) { $0 / (2 * $1) }]
    case .abs: return [g.zipScalars(inputs[0]) { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) }]
    case .sign: return [Tensor.zeros(like: inputs[0])]
    case .relu:
      let out = g.scalars.withUnsafeBufferPointer { g in
        inputs[0].scalars.withUnsafeBufferPointer { x in
          [Double](unsafeUninitializedCapacity: x.count) { o, initialized in
            Op.reluBackward(g, x, into: o, accumulate: false)
            initialized = x.count
          }
        }
      }
      return [Tensor(unchecked: inputs[0].shape, out)]
    case .sigmoid: return [g.zipScalars(output) { $0 * $1 * (1 - $1) }]
    default: return [g.zipScalars(output) { $0 * (1 - $1 * $1) }]
    }
  }

  /// Skipping the activation, dropping its derivative or using it for its derivative;
  /// tanh′ as 1 − tanh; log₁₀ for ln.
  static func wrongDerivations(_ op: Op) -> [Slip] {
    if op == .log { return [.log10ForLn] }
    guard [.relu, .sigmoid, .abs, .tanh].contains(op) else { return [] }
    let slips: [Slip] = [.activationSkipped, .derivativeDropped, .activationForDerivative]
    return op == .tanh ? slips + [.tanhDerivativeUnsquared] : slips
  }

  static func rule(_ op: Op) -> String {
    switch op {
    case .negate: return "d(−a)/da = −1"
    case .exp: return "d(eᵃ)/da = eᵃ"
    case .log: return "d(ln a)/da = 1/a"
    case .sqrt: return "d(√a)/da = 1/(2√a)"
    case .abs: return "d|a|/da = sign a (0 at a = 0, a kink)"
    case .sign: return "d(sign a)/da = 0 (undefined at a = 0, a kink)"
    case .relu: return "d relu(a)/da = 1 where a > 0, else 0 (0 at the kink a = 0)"
    case .sigmoid: return "dσ(a)/da = σ(a)(1 − σ(a))"
    default: return "d(tanh a)/da = 1 − tanh² a"
    }
  }

  static func hasKinks(_ op: Op) -> Bool { op.hasKinkAtZero }

  static func branches(_ op: Op, _ inputs: [Tensor]) -> [Int] {
    guard op.hasKinkAtZero else { return [] }
    return inputs[0].scalars.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
  }

  static func sitsOnKink(_ op: Op, _ inputs: [Tensor], tolerance: Double) -> Bool {
    inputs[0].scalars.contains { Op.ties($0, 0, tolerance: tolerance) }
  }
}

extension Op {
  /// `o = relu(x)`: `x > 0 ? x : 0` (NaN gives 0). The one relu loop, for the allocating
  /// forward, in-place evaluation and a compiled plan: the C kernel, vectorised for the CPU.
  @inline(__always)
  static func relu(_ x: UnsafeBufferPointer<Double>, into o: UnsafeMutableBufferPointer<Double>) {
    guard let input = x.baseAddress, let output = o.baseAddress else { return }
    ck_bias_relu(1, o.count, input, nil, nil, output)
  }

  /// `o = g ⊙ relu′(x)`, or `o += …` when `accumulate`: `x > 0 ? g : 0` (0 at the kink).
  /// The one relu backward loop, for the allocating backward, the in-place walk and a plan.
  @inline(__always)
  static func reluBackward(
    _ g: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
    into o: UnsafeMutableBufferPointer<Double>, accumulate: Bool
  ) {
    guard let g = g.baseAddress, let x = x.baseAddress, let output = o.baseAddress else { return }
    ck_relu_backward(1, o.count, g, x, output, accumulate ? 1 : 0, nil, 0, nil)
  }

  /// `z = x + bias` (the `1×columns` bias added to every row of the `rows×columns` `x`) and
  /// `h = relu(z)`, in one pass: the fused add-bias-and-relu of a compiled plan, entry for
  /// entry what `add` and ``relu(_:into:)`` give (the same C kernel).
  @inline(__always)
  static func biasRelu(
    _ x: UnsafePointer<Double>, bias: UnsafePointer<Double>, rows: Int, columns: Int,
    sum z: UnsafeMutablePointer<Double>, relu h: UnsafeMutablePointer<Double>
  ) {
    ck_bias_relu(rows, columns, x, bias, z, h)
  }

  /// The backward of ``biasRelu(_:bias:rows:columns:sum:relu:)`` in one pass: from `g`
  /// (`∂L/∂h`) and `z`, writes `gz = g ⊙ relu′(z)` (`∂L/∂z`), writes or adds it to `gx` when
  /// given, and adds its rows into `biasSums` (zeroed by the caller) when given: entry for
  /// entry what ``reluBackward(_:_:into:accumulate:)`` and `add`'s backward give.
  @inline(__always)
  static func biasReluBackward(
    _ g: UnsafePointer<Double>, _ z: UnsafePointer<Double>, rows: Int, columns: Int,
    into gz: UnsafeMutablePointer<Double>, x gx: UnsafeMutablePointer<Double>?,
    accumulate: Bool, biasSums: UnsafeMutablePointer<Double>?
  ) {
    ck_relu_backward(rows, columns, g, z, gz, 0, gx, accumulate ? 1 : 0, biasSums)
  }

  /// `1 / (1 + e⁻ˣ)`, in two branches that keep e^x from overflowing for large |x|.
  static func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }
}
