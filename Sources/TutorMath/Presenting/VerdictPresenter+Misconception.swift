extension VerdictPresenter {
  /// A misconception in words, as prose with `$…$` TeX: what the learner's derivation did
  /// and what belongs there, in the lesson's own notation.
  static func words(for misconception: Misconception) -> String {
    let node = misconception.node.map { " in $" + $0.tex + "$" } ?? ""
    let pass = misconception.inBackward ? " in the backward pass" : ""
    let used = misconception.used.map { "$" + $0 + "$" }
    let belongs = misconception.belongs.map { "$" + $0 + "$" }
    switch misconception.kind {
    case .activationSkipped:
      if let used, let belongs {
        return "that skips the activation: you used \(used) where \(belongs) belongs"
      }
      return "that skips the activation\(node)"
    case .derivativeDropped:
      let what = belongs.map { "the derivative of \($0)" } ?? "the activation's derivative"
      return "that leaves \(what) out of the chain rule\(node): multiply by it on the way back"
    case .activationForDerivative:
      let what = used ?? "the activation"
      return "that multiplies by \(what) itself where its derivative belongs\(node)"
    case .tanhDerivativeUnsquared:
      return "that takes tanh′ as 1 − tanh: the derivative of tanh a is 1 − tanh² a\(node)"
    case .powerFactorDropped:
      return "that drops the exponent's factor\(node): d(u²)/du = 2u, not u"
    case .wrongOperand:
      if let used, let belongs { return "you used \(used) where \(belongs) belongs\(node)" }
      return "that uses another quantity\(node)"
    case .transposeMissing:
      return "a transpose is missing\(node)\(pass): check each factor's shape"
    case .transposeExtra:
      return "that transposes a factor\(node)\(pass) that is used as it is"
    case .elementwiseForMatrixProduct:
      return "that multiplies entry by entry (⊙)\(pass) where\(node) a matrix product belongs"
    case .matrixProductForElementwise:
      return "that takes a matrix product\(pass) where\(node) the product is entry by entry (⊙)"
    case .sumForMean:
      return "that sums\(pass) where\(node) the mean belongs: divide by the number of entries"
    case .meanForSum:
      return "that averages\(pass) where\(node) a sum belongs: there is no 1/N"
    case .besselCorrection:
      return "that divides by N − 1\(node); this variance divides by N"
    case .pathDropped:
      let what = belongs ?? "a quantity"
      return
        "that leaves out a path: \(what) is used in more than one place, and its gradient "
        + "adds the contribution of every path (the one through this use\(node) is missing)"
    case .scaleMissing:
      let what = belongs.map { "the scale \($0)" } ?? "a scale"
      return "that leaves out \(what)\(node)\(pass)"
    case .scaleTwice:
      let what = belongs.map { "the scale \($0)" } ?? "a scale"
      return "that applies \(what) twice\(node)\(pass)"
    case .otherAxis:
      return
        "that works along the other axis\(node)\(pass): dim = 1 goes down each column, "
        + "dim = 2 along each row"
    case .log10ForLn:
      return "that uses log₁₀\(node); the natural logarithm (ln) belongs"
    case .zeroBasedIndex:
      return "that reads the indices as 0-based\(node); this lesson counts from 1"
    case .kernelFlipped:
      return misconception.inBackward
        ? "that places the kernel rotated by 180°\(node): each output's gradient spreads back "
          + "through the kernel as it is, over the window it came from"
        : "that rotates the kernel by 180°\(node): deep learning's convolution is a "
          + "cross-correlation, the kernel used as it is"
    case .poolingToAll:
      return
        "that sends the gradient to every entry of the window\(node); only each window's "
        + "maximum gets it"
    case .ascent:
      return "that steps up the gradient (ascent); gradient descent subtracts η times the gradient"
    case .signError:
      return "a sign slipped\(node)\(pass): check each term's sign"
    }
  }
}
