/// Which characters math output may use.
public enum MathStyle: Sendable, Hashable {
  /// Unicode: ∂, σ, ⁽³⁾, ⎡⎢⎣, −.
  case unicode
  /// ASCII only, for terminals without UTF-8: `d`, `sigma`, `^(3)`, `[ ]`.
  case ascii
}
