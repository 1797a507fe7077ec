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
  /// `log(1 + eᵃ)`, a smooth ReLU whose derivative is `σ(a)`.
  case softplus
  /// `a · σ(a)` (SiLU, also called swish).
  case silu
  /// `a · Φ(a)` with Φ the standard normal distribution function (the exact GELU).
  case gelu
  /// `a` where `a > 0`, else `0.01 a` (PyTorch's default slope); its derivative at 0 is
  /// taken as 0.01 (a kink).
  case leakyRelu

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

  /// `max(a, b)` element-wise, broadcasting; on a tie the gradient goes to `a`.
  case maximum
  /// `min(a, b)` element-wise, broadcasting; on a tie the gradient goes to `a`.
  case minimum
  /// A reduction of a matrix over one dimension, 1-based: dimension 1 collapses the
  /// rows (an `m×n` matrix gives a `1×n` row), dimension 2 the columns (an `m×1`
  /// column). A scalar acts as `1×1`. See ``Reduction``.
  case reduce(Reduction, dim: Int)
  /// Softmax along one dimension of a matrix, 1-based: with `dim: 2` every row
  /// sums to 1, with `dim: 1` every column. The result has the operand's shape.
  case softmaxAlong(dim: Int)
  /// The block of entries in 1-based inclusive ranges, one per axis; the result
  /// keeps the rank (`X[:, 2]` of an `m×n` matrix is `m×1`).
  case slice([ClosedRange<Int>])
  /// 2-D max pooling over `size×size` windows moved by `stride`, per channel.
  ///
  /// The input is `H×W` or `C×H×W`; the output `H'×W'` or `C×H'×W'` with
  /// `H' = ⌊(H − size) / stride⌋ + 1`. The gradient of a window goes to its first
  /// maximum in row-major order when several entries tie.
  case maxPool2d(size: Int, stride: Int)
  /// One-hot rows: labels (whole numbers in `1…classes`, any shape, read row-major)
  /// give an `n×classes` matrix of 0s with a 1 in each row at its label. Its
  /// derivative is 0: labels are data, not parameters. A label within 0.001 of a
  /// whole number counts as that number, so a gradient check may nudge it.
  case oneHot(classes: Int)

  /// What a ``reduce(_:dim:)`` computes over each row or column.
  public enum Reduction: String, CaseIterable, Hashable, Sendable {
    /// `Σ xᵢ`.
    case sum
    /// `Σ xᵢ / n`.
    case mean
    /// The population variance `Σ (xᵢ − μ)² / n` (dividing by n, as batch
    /// normalisation does in training).
    case variance = "var"
    /// `log Σ e^xᵢ`, computed shifted by the maximum so it cannot overflow.
    case logSumExp = "logsumexp"
    /// The largest entry; the gradient goes to the first one on ties.
    case max
    /// The smallest entry; the gradient goes to the first one on ties.
    case min
  }

  /// The op without its parameters: one value per case, so tests can check that
  /// every op is covered (``Op`` itself cannot list its cases, they carry values).
  public enum Kind: String, CaseIterable, Hashable, Sendable {
    case input, constant, add, subtract, multiply, divide, power, negate
    case exp, log, sqrt, abs, sign, relu, sigmoid, tanh
    case softplus, silu, gelu, leakyRelu
    case matmul, transpose, sum, mean, diag
    case softmax, crossEntropy, squaredError, pNormPower
    case pick, reshape, conv2d
    case maximum, minimum, reduce, softmaxAlong, slice, maxPool2d, oneHot
  }

  /// The op's ``Kind``.
  public var kind: Kind {
    switch self {
    case .input: return .input
    case .constant: return .constant
    case .add: return .add
    case .subtract: return .subtract
    case .multiply: return .multiply
    case .divide: return .divide
    case .power: return .power
    case .negate: return .negate
    case .exp: return .exp
    case .log: return .log
    case .sqrt: return .sqrt
    case .abs: return .abs
    case .sign: return .sign
    case .relu: return .relu
    case .sigmoid: return .sigmoid
    case .tanh: return .tanh
    case .softplus: return .softplus
    case .silu: return .silu
    case .gelu: return .gelu
    case .leakyRelu: return .leakyRelu
    case .matmul: return .matmul
    case .transpose: return .transpose
    case .sum: return .sum
    case .mean: return .mean
    case .diag: return .diag
    case .softmax: return .softmax
    case .crossEntropy: return .crossEntropy
    case .squaredError: return .squaredError
    case .pNormPower: return .pNormPower
    case .pick: return .pick
    case .reshape: return .reshape
    case .conv2d: return .conv2d
    case .maximum: return .maximum
    case .minimum: return .minimum
    case .reduce: return .reduce
    case .softmaxAlong: return .softmaxAlong
    case .slice: return .slice
    case .maxPool2d: return .maxPool2d
    case .oneHot: return .oneHot
    }
  }

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
    case .softplus: return "softplus"
    case .silu: return "silu"
    case .gelu: return "gelu"
    case .leakyRelu: return "leakyrelu"
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
    case .maximum: return "max"
    case .minimum: return "min"
    case .reduce(let reduction, let dim): return "\(reduction.rawValue)(dim = \(dim))"
    case .softmaxAlong(let dim): return "softmax(dim = \(dim))"
    case .slice: return "slice"
    case .maxPool2d: return "maxpool2d"
    case .oneHot: return "onehot"
    }
  }

  /// The number of parents the op takes, as a closed range.
  public var arity: ClosedRange<Int> {
    switch self {
    case .input, .constant: return 0...0
    case .negate, .exp, .log, .sqrt, .abs, .sign, .relu, .sigmoid, .tanh,
      .softplus, .silu, .gelu, .leakyRelu,
      .transpose, .sum, .mean, .diag, .pick, .reshape,
      .reduce, .softmaxAlong, .slice, .maxPool2d, .oneHot:
      return 1...1
    case .add, .subtract, .multiply, .divide, .power, .matmul,
      .softmax, .crossEntropy, .squaredError, .pNormPower, .maximum, .minimum:
      return 2...2
    case .conv2d: return 2...3
    }
  }

  /// True for leaves (no parents).
  public var isLeaf: Bool { self == .input || self == .constant }

  /// True for ops whose derivative jumps where their (first) input is 0:
  /// relu, leaky relu, abs and sign. Gradient checks report such points instead of failing.
  public var hasKinkAtZero: Bool {
    self == .relu || self == .leakyRelu || self == .abs || self == .sign
  }

  /// The family that defines the op: its forward, backward, kinks, rule and typical
  /// wrong derivations, in one file under `Ops/`.
  var family: any OpFamily.Type {
    switch self {
    case .input, .constant: return Leaves.self
    case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum: return Arithmetic.self
    case .negate, .exp, .log, .sqrt, .abs, .sign, .relu, .sigmoid, .tanh,
      .softplus, .silu, .gelu, .leakyRelu:
      return Activations.self
    case .matmul, .transpose, .diag, .pick, .reshape, .slice: return MatrixOps.self
    case .sum, .mean, .reduce, .softmaxAlong: return Reductions.self
    case .softmax, .crossEntropy, .squaredError, .pNormPower, .oneHot: return Losses.self
    case .conv2d: return Convolution.self
    case .maxPool2d: return MaxPooling.self
    }
  }

  /// The families whose ops the language has functions for, in the order
  /// `bptutor eval --help` lists them (see ``languageFunctions``).
  static var families: [any OpFamily.Type] {
    [
      Activations.self, Reductions.self, MatrixOps.self, Losses.self, Convolution.self,
      MaxPooling.self,
    ]
  }
}
