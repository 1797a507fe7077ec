/// The operation a graph node performs on its parents.
///
/// Element-wise binary ops broadcast: operands of equal shape, a scalar-like
/// operand (one entry) against anything, and equal-rank shapes whose extents
/// are equal or 1 (a `1×n` bias added to every row of an `m×n` matrix, an
/// `m×1` bias to every column).
public enum Op: Equatable, Hashable, Sendable {
  /// A given: a value the user may change; see ``Graph/setValue(_:of:)``.
  case input
  /// A literal fixed by the expression that built it.
  case constant

  /// `a + b`, broadcasting.
  case add
  /// `a − b`, broadcasting.
  case subtract
  /// `a ⊙ b`, element-wise, broadcasting.
  case multiply
  /// `a ⊘ b`, element-wise, broadcasting.
  case divide
  /// `aᵇ` element-wise with a real exponent, broadcasting.
  case power
  /// `−a`.
  case negate

  /// `eᵃ`.
  case exp
  /// The natural logarithm.
  case log
  /// The square root.
  case sqrt
  /// `|a|`; its derivative at 0 is taken as 0 (a kink).
  case abs
  /// −1, 0 or 1; its derivative is 0 everywhere (and undefined at 0, a kink).
  case sign
  /// `max(0, a)`; its derivative at 0 is taken as 0 (a kink).
  case relu
  /// `1 / (1 + e⁻ᵃ)`.
  case sigmoid
  /// The hyperbolic tangent.
  case tanh

  /// The matrix product `A @ B` of `m×k` and `k×n`; a rank-0 operand acts as `1×1`.
  case matmul
  /// The transpose of a matrix (a scalar is its own transpose).
  case transpose
  /// The sum of all entries, a scalar.
  case sum
  /// The mean of all entries, a scalar.
  case mean
  /// A vector turned into the square matrix with it on the diagonal.
  case diag

  /// `softmax(β v)` of a vector `v`, parents `[v, β]` with β a scalar.
  case softmax
  /// `−Σ tᵢ log zᵢ`, parents `[z, t]` (prediction, then target), a scalar.
  case crossEntropy
  /// `Σ (aᵢ − bᵢ)²`, parents `[a, b]`, a scalar.
  case squaredError
  /// `Σ |wᵢ|ᵖ` (the p-norm to the p-th power), parents `[w, p]`, a scalar.
  case pNormPower

  /// One entry by its 1-based index (`w[1, 2]` is row 1, column 2), a scalar.
  case pick([Int])
  /// The same entries, row-major, under a new shape.
  case reshape([Int])
  /// 2-D cross-correlation as deep-learning libraries define "convolution".
  ///
  /// Parents `[input, kernel]` or `[input, kernel, bias]`. The input is
  /// `C×H×W` (or `H×W` for one channel), the kernel `F×C×kh×kw` (or `kh×kw`
  /// for one filter on one channel), the bias has F entries. The output is
  /// `F×H'×W'` with `H' = ⌊(H + 2·padding − kh) / stride⌋ + 1`, or `H'×W'`
  /// when both input and kernel are 2-D.
  case conv2d(stride: Int, padding: Int)

  /// The name used in error messages and graph drawings.
  public var name: String {
    switch self {
    case .input: return "input"
    case .constant: return "constant"
    case .add: return "+"
    case .subtract: return "−"
    case .multiply: return "⊙"
    case .divide: return "÷"
    case .power: return "^"
    case .negate: return "negate"
    case .exp: return "exp"
    case .log: return "log"
    case .sqrt: return "sqrt"
    case .abs: return "abs"
    case .sign: return "sign"
    case .relu: return "relu"
    case .sigmoid: return "sigmoid"
    case .tanh: return "tanh"
    case .matmul: return "@"
    case .transpose: return "transpose"
    case .sum: return "sum"
    case .mean: return "mean"
    case .diag: return "diag"
    case .softmax: return "softmax"
    case .crossEntropy: return "cross-entropy"
    case .squaredError: return "squared error"
    case .pNormPower: return "Σ|w|ᵖ"
    case .pick: return "pick"
    case .reshape: return "reshape"
    case .conv2d: return "conv2d"
    }
  }

  /// The number of parents the op takes, as a closed range.
  public var arity: ClosedRange<Int> {
    switch self {
    case .input, .constant: return 0...0
    case .add, .subtract, .multiply, .divide, .power, .matmul,
      .softmax, .crossEntropy, .squaredError, .pNormPower:
      return 2...2
    case .conv2d: return 2...3
    default: return 1...1
    }
  }

  /// True for leaves (no parents).
  public var isLeaf: Bool { self == .input || self == .constant }

  /// True for ops whose derivative jumps where their (first) input is 0:
  /// relu, abs and sign. Gradient checks report such points instead of failing.
  public var hasKinkAtZero: Bool { self == .relu || self == .abs || self == .sign }
}
