/// A typical wrong derivation (BUGGY's "bug", Brown & Burton 1978): one slip a learner
/// makes at one op, in computing its value or its derivative. Each op family lists the
/// slips of its ops (``OpFamily/wrongDerivations(_:)``); the checker redoes a lesson's
/// derivation with one slip at a time and names the one that reproduces a wrong answer.
/// The raw value is the slip's stable identifier (`answer --json` prints it).
public enum Slip: String, Hashable, Sendable, CaseIterable {
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
