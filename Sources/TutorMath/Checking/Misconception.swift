import TutorEngine

/// A named misconception: one wrong step of a derivation that reproduces a learner's
/// answer (BUGGY, Brown & Burton 1978). Data only: ``VerdictPresenter`` words it.
///
/// The tutor names a misconception only when evaluating the lesson's own derivation with
/// that one step changed gives the learner's answer, and no other catalogued change does.
public struct Misconception: Equatable, Sendable {
  /// Which wrong step: the engine's catalogue, each op listing its own
  /// (``TutorEngine/Op/wrongDerivations``).
  public typealias Kind = Slip

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
    (self.kind, self.node, self.used, self.belongs, self.inBackward) = (
      kind, node, used, belongs, inBackward
    )
  }
}

/// A wrong derivation's result: the value (or formula) the lesson's derivation gives with
/// one catalogued step changed, and which step.
public struct WrongDerivation: Sendable {
  public var value: Tensor
  public var misconception: Misconception

  public init(_ value: Tensor, _ misconception: Misconception) {
    (self.value, self.misconception) = (value, misconception)
  }
}
