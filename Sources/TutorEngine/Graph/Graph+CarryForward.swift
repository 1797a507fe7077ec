extension Graph {
  /// Recomputes every value in order with some nodes' values replaced: a replaced node
  /// keeps the value given here (computed or leaf alike), and every node after it is
  /// recomputed from it. For carry-forward grading: "what would the rest be, had the
  /// learner's value of this quantity been right?". Each replacement must keep its node's
  /// shape. Gradients from an earlier ``backward(from:)`` are cleared.
  public mutating func reevaluate(substituting values: [NodeID: Tensor]) throws(EngineError) {
    for (id, value) in values {
      guard contains(id) else { throw .unknownNode(id.description) }
      guard value.shape == nodes[id.index].value.shape else {
        throw .shapeMismatch(
          op: "substitute \(label(of: id))", lhs: nodes[id.index].value.shape, rhs: value.shape)
      }
    }
    for index in nodes.indices {
      nodes[index].gradient = nil
      if let value = values[NodeID(index: index)] {
        nodes[index].value = value
        continue
      }
      let node = nodes[index]
      if node.op.isLeaf { continue }
      let inputs = node.parents.map { nodes[$0.index].value }
      nodes[index].value = try node.op.forward(inputs, limits: limits)
    }
  }

  /// `∂output/∂nodeᵢ` for each target, with backpropagation continued from given
  /// gradients: when the backward walk reaches a node of `continuing`, the gradient
  /// accumulated there is replaced by the one given, and the walk goes on from it (a
  /// vector-Jacobian product from that node). With no replacements this equals
  /// ``gradients(of:withRespectTo:)``. Each given gradient is shaped like its node.
  public func gradients(
    of output: NodeID, withRespectTo targets: [NodeID], continuing: [NodeID: Tensor]
  ) throws(EngineError) -> [Tensor] {
    try requireScalarOutput(output)
    for target in targets where !contains(target) { throw .unknownNode(target.description) }
    for (id, gradient) in continuing {
      guard contains(id) else { throw .unknownNode(id.description) }
      guard gradient.shape == nodes[id.index].value.shape else {
        throw .shapeMismatch(
          op: "continue from \(label(of: id))", lhs: nodes[id.index].value.shape,
          rhs: gradient.shape)
      }
    }
    var walk = self
    let written = walk.reverse(
      from: output.index, relevant: ancestors(of: output), continuing: continuing)
    return targets.map { walk.gradient(at: $0.index, written: written) }
  }
}
