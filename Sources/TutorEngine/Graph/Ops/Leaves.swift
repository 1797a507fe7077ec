/// Givens and constants: nodes with no parents, whose values are set, not computed.
enum Leaves: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    throw .invalidArgument(op: op.name, message: "a leaf has no forward computation")
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    []
  }

  /// A quantity used in place of another; one of the paths a shared quantity's gradient
  /// sums over, left out.
  static func wrongDerivations(_ op: Op) -> [Slip] { [.wrongOperand, .pathDropped] }

  static func rule(_ op: Op) -> String {
    op == .input
      ? "a given: ∂L/∂x is what backpropagation delivers to it" : "a constant: no gradient"
  }
}
