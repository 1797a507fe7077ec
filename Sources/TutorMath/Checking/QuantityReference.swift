/// A lesson quantity a verdict names: its name and its notation as TeX.
public struct QuantityReference: Equatable, Sendable {
  /// The name in the lesson (`dJ_da2`, or `grad(J, a2)` for a loss gradient).
  public var name: String
  /// How it is written, as TeX (`\partial J/\partial a^{(2)}`).
  public var tex: String

  public init(name: String, tex: String) {
    (self.name, self.tex) = (name, tex)
  }
}
