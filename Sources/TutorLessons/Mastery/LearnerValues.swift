import TutorEngine

/// The learner's own values of some lesson quantities, for carry-forward grading: each
/// quantity they answered (forward), and each loss gradient they answered (backward), with
/// the step that asked for it and whether that answer was right.
public struct LearnerValues: Sendable {
  /// One answered value.
  public struct Entry: Sendable {
    public var value: Tensor
    /// The id of the step the learner answered it in.
    public var step: String
    /// False when the answer was not the engine's value: later answers may follow from it.
    public var isRight: Bool
    /// Per entry (row-major), half a unit of the last digit the learner typed where the
    /// typed number is not the engine's value exactly (`0.245` for 0.24497: 0.0005), and 0
    /// where it is exact or computed: how far the learner's own rounding may have moved
    /// it. Empty: no rounding to allow for.
    public var halfUnits: [Double] = []

    public init(value: Tensor, step: String, isRight: Bool, halfUnits: [Double] = []) {
      (self.value, self.step, self.isRight, self.halfUnits) = (value, step, isRight, halfUnits)
    }

    /// Whether the learner's rounding moved this value (some half unit is not 0).
    public var isRounded: Bool { halfUnits.contains { $0 > 0 } }
  }

  /// Values of quantities, by name (`a1`).
  public var values: [String: Entry] = [:]
  /// ∂loss/∂quantity, by the quantity's name (`h3` for `grad(J, h3)`).
  public var gradients: [String: Entry] = [:]

  public init() {}
}
