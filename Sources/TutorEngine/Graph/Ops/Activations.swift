import CKernels
import Foundation

/// The element-wise functions of one operand: `−a`, `eᵃ`, `log a`, `√a`, `|a|`,
/// `sign a`, `relu a`, `σ(a)`, `tanh a`, `softplus a`, `silu a`, `gelu a` and
/// `leakyrelu a`. Their backward is `upstream ⊙ f′`, entry by entry; relu, abs and sign
/// have a kink at 0, where the derivative is taken as 0 (0.01 for leaky relu).
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
    case .softplus: return a.mapScalars(Op.softplus)
    case .silu: return a.mapScalars { $0 * Op.sigmoid($0) }
    case .gelu: return a.mapScalars { $0 * Op.normalCDF($0) }
    case .leakyRelu: return a.mapScalars { $0 > 0 ? $0 : Op.leakySlope * $0 }
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
    case .softplus: return [g.zipScalars(inputs[0]) { $0 * Op.sigmoid($1) }]
    case .silu:
      return [
        g.zipScalars(inputs[0]) { g, x in
          let s = Op.sigmoid(x)
          return g * (s + x * s * (1 - s))
        }
      ]
    case .gelu:
      return [g.zipScalars(inputs[0]) { g, x in g * (Op.normalCDF(x) + x * Op.normalPDF(x)) }]
    case .leakyRelu: return [g.zipScalars(inputs[0]) { $1 > 0 ? $0 : Op.leakySlope * $0 }]
    default: return [g.zipScalars(output) { $0 * (1 - $1 * $1) }]
    }
  }

  /// Skipping the activation, dropping its derivative or using it for its derivative;
  /// tanh′ as 1 − tanh; log₁₀ for ln.
  static func wrongDerivations(_ op: Op) -> [Slip] {
    if op == .log { return [.log10ForLn] }
    guard [.relu, .sigmoid, .abs, .tanh, .softplus, .silu, .gelu, .leakyRelu].contains(op)
    else { return [] }
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
    case .softplus: return "d softplus(a)/da = σ(a)"
    case .silu: return "d(a σ(a))/da = σ(a) + a σ(a)(1 − σ(a))"
    case .gelu: return "d(a Φ(a))/da = Φ(a) + a φ(a), φ the standard normal density"
    case .leakyRelu: return "d leakyrelu(a)/da = 1 where a > 0, else 0.01 (0.01 at the kink a = 0)"
    default: return "d(tanh a)/da = 1 − tanh² a"
    }
  }

  static func hasKinks(_ op: Op) -> Bool { op.hasKinkAtZero }

  /// `exp(x)`, `relu(x)`, …: one per entry of ``Op/elementwiseFunctions``.
  static var functions: [LanguageFunction] {
    Op.elementwiseFunctions.map(LanguageFunction.elementwise)
  }

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

  /// The negative side's slope of ``Op/leakyRelu``, PyTorch's default.
  static let leakySlope = 0.01

  /// `log(1 + eˣ)` as `max(x, 0) + log(1 + e^−|x|)`, which cannot overflow.
  static func softplus(_ x: Double) -> Double {
    Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
  }

  /// Φ(x), the standard normal distribution function, `(1 + erf(x/√2)) / 2`.
  static func normalCDF(_ x: Double) -> Double { 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot())) }

  /// φ(x), the standard normal density, `e^(−x²/2) / √(2π)`.
  static func normalPDF(_ x: Double) -> Double {
    Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
  }

  /// `1 / (1 + e⁻ˣ)`, in two branches that keep e^x from overflowing for large |x|.
  static func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }
}

/// One element-wise function of the math language: its name, the op it builds and what
/// `bptutor eval --help` says of it.
public struct ElementwiseFunction: Sendable {
  public let name: String
  public let op: Op
  public let summary: String
}

extension Op {
  /// The language's element-wise functions, in the order `bptutor eval --help` lists
  /// them. The language, the checker's slips and the words for them all read this list,
  /// so a new activation is its case in ``Op``, its lines in this file, a test and docs.
  public static let elementwiseFunctions: [ElementwiseFunction] = [
    ElementwiseFunction(name: "exp", op: .exp, summary: "eˣ, entry by entry"),
    ElementwiseFunction(
      name: "log", op: .log, summary: "the natural logarithm, entry by entry; also ln(x)"),
    ElementwiseFunction(name: "sqrt", op: .sqrt, summary: "the square root, entry by entry"),
    ElementwiseFunction(name: "abs", op: .abs, summary: "|x|, entry by entry"),
    ElementwiseFunction(
      name: "sign", op: .sign, summary: "−1, 0 or 1 by the sign of each entry"),
    ElementwiseFunction(name: "relu", op: .relu, summary: "max(0, x), entry by entry"),
    ElementwiseFunction(
      name: "sigmoid", op: .sigmoid, summary: "1 / (1 + e⁻ˣ), entry by entry; also σ(x)"),
    ElementwiseFunction(
      name: "tanh", op: .tanh, summary: "the hyperbolic tangent, entry by entry"),
    ElementwiseFunction(
      name: "softplus", op: .softplus, summary: "log(1 + eˣ), a smooth ReLU, entry by entry"),
    ElementwiseFunction(
      name: "silu", op: .silu, summary: "x · σ(x) (SiLU, also called swish), entry by entry"),
    ElementwiseFunction(
      name: "gelu", op: .gelu,
      summary: "x · Φ(x), Φ the standard normal distribution function (exact GELU)"),
    ElementwiseFunction(
      name: "leakyrelu", op: .leakyRelu, summary: "x where x > 0, else 0.01 x, entry by entry"),
  ]

  private static let elementwiseByName = Dictionary(
    uniqueKeysWithValues: elementwiseFunctions.map { ($0.name, $0.op) })

  /// The element-wise op the language calls `name` (`relu` → ``relu``), or nil.
  public static func elementwise(named name: String) -> Op? { elementwiseByName[name] }

  /// Whether the op is an activation a learner can skip, or whose derivative they can
  /// drop or replace by the activation itself (its slips say so).
  public var isActivation: Bool { wrongDerivations.contains(.activationSkipped) }
}
