import TutorEngine

/// A named misconception: one wrong step of a derivation that reproduces a learner's
/// answer (BUGGY, Brown & Burton 1978). Data only: ``VerdictPresenter`` words it.
///
/// The tutor names a misconception only when evaluating the lesson's own derivation with
/// that one step changed gives the learner's answer, and no other catalogued change does.
public struct Misconception: Equatable, Sendable {
  /// Which wrong step, from the catalogue of ``WrongDerivation``.
  public enum Kind: String, Equatable, Hashable, Sendable, CaseIterable {
    /// `u` where `f(u)` belongs: the activation (ReLU, σ, tanh…) skipped.
    case activationSkipped = "activation-skipped"
    /// The activation's derivative left out of the chain (its mask or slope taken as 1).
    case derivativeDropped = "derivative-dropped"
    /// The activation `f(u)` used in place of its derivative `f′(u)` (σ for σ′).
    case activationForDerivative = "activation-for-derivative"
    /// tanh′ taken as 1 − h instead of 1 − h².
    case tanhDerivativeUnsquared = "tanh-derivative-unsquared"
    /// d(uⁿ)/du taken as uⁿ⁻¹: the exponent's factor (the 2 of a square) dropped.
    case powerFactorDropped = "power-factor-dropped"
    /// Another quantity used where the lesson's belongs (another layer's value, a
    /// layer's pre-activation for its output).
    case wrongOperand = "wrong-operand"
    /// A transpose the product needs, left out.
    case transposeMissing = "transpose-missing"
    /// A transpose the product does not have, added.
    case transposeExtra = "transpose-extra"
    /// `*` (entry by entry) where the matrix product `@` belongs.
    case elementwiseForMatrixProduct = "elementwise-for-matrix-product"
    /// `@` where the product entry by entry belongs.
    case matrixProductForElementwise = "matrix-product-for-elementwise"
    /// A sum where the mean belongs (the 1/N left out).
    case sumForMean = "sum-for-mean"
    /// A mean where the sum belongs (an extra 1/N).
    case meanForSum = "mean-for-sum"
    /// Dividing by N − 1 where the population statistic divides by N.
    case besselCorrection = "n-minus-one"
    /// One of the paths a gradient sums over, left out (a residual skip, a repeated
    /// weight, one use of a shared quantity).
    case pathDropped = "path-dropped"
    /// A scale the derivation has (1/(1 − p), 1/√d, ½, η…), left out.
    case scaleMissing = "scale-missing"
    /// A scale applied twice.
    case scaleTwice = "scale-twice"
    /// The softmax (or a sum, mean, maximum) over the other axis.
    case otherAxis = "other-axis"
    /// log₁₀ where the natural logarithm belongs.
    case log10ForLn = "log10-for-ln"
    /// Indices read as 0-based where the lesson's are 1-based.
    case zeroBasedIndex = "zero-based-index"
    /// The kernel rotated by 180° where it is used as it is (or the reverse).
    case kernelFlipped = "kernel-flipped"
    /// The pooling gradient sent to every entry of a window, not only to its maximum.
    case poolingToAll = "pooling-to-all"
    /// A gradient-ascent step: + η·∂L/∂w where descent subtracts it.
    case ascent
    /// A sign slipped in one term (a − b for a + b, or in a local derivative).
    case signError = "sign-error"
  }

  public var kind: Kind
  /// The quantity whose derivation holds the wrong step (`h3`), when it is one of the
  /// lesson's; nil for the step's own expression.
  public var node: QuantityReference?
  /// What the learner's derivation used, as TeX (`a^{(2)}`, `\sigma(z)`), when it says.
  public var used: String?
  /// What belongs there, as TeX (`h^{(2)}`, `\sigma'(z)`), when it says.
  public var belongs: String?
  /// Whether the slip is in the backward pass only (the forward values stay right).
  public var inBackward: Bool

  public init(
    _ kind: Kind, node: QuantityReference? = nil, used: String? = nil, belongs: String? = nil,
    inBackward: Bool = false
  ) {
    self.kind = kind
    self.node = node
    self.used = used
    self.belongs = belongs
    self.inBackward = inBackward
  }
}

/// A wrong derivation's result: the value (or formula) the lesson's derivation gives with
/// one catalogued step changed, and which step.
public struct WrongDerivation: Sendable {
  public var value: Tensor
  public var misconception: Misconception

  public init(_ value: Tensor, _ misconception: Misconception) {
    self.value = value
    self.misconception = misconception
  }
}
