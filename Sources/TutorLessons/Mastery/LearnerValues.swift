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
  }

  /// Values of quantities, by name (`a1`).
  public var values: [String: Entry] = [:]
  /// ∂loss/∂quantity, by the quantity's name (`h3` for `grad(J, h3)`).
  public var gradients: [String: Entry] = [:]

  public init() {}
}
