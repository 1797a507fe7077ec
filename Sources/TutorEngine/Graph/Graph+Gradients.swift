extension Graph {
  /// Runs reverse mode from a scalar node and stores, on every node, the
  /// gradient of `output` with respect to it (zeros where it does not depend).
  ///
  /// Gradients are recomputed from scratch, not added to the last call's, so
  /// calling this twice gives the same gradients.
  public mutating func backward(from output: NodeID) throws(EngineError) {
    try requireScalarOutput(output)
    let written = reverse(from: output.index, relevant: ancestors(of: output))
    for index in nodes.indices { nodes[index].gradient = gradient(at: index, written: written) }
  }

  /// `∂output/∂node` for a scalar `output`, shaped like `node`.
  public func gradient(of output: NodeID, withRespectTo node: NodeID) throws(EngineError) -> Tensor
  {
    try gradients(of: output, withRespectTo: [node])[0]
  }

  /// `∂output/∂nodeᵢ` for each node, in one backward pass; each shaped like its node.
  public func gradients(of output: NodeID, withRespectTo targets: [NodeID]) throws(EngineError)
    -> [Tensor]
  {
    try requireScalarOutput(output)
    for target in targets where !contains(target) { throw .unknownNode(target.description) }
    var walk = self
    let written = walk.reverse(
      from: output.index, relevant: relevantNodes(from: output, toward: targets))
    return targets.map { walk.gradient(at: $0.index, written: written) }
  }

  /// The Jacobian `∂output/∂input` in numerator layout: one row per entry of
  /// `output`, one column per entry of `input`, both flattened row-major, so
  /// entry (i, j) is ∂outputᵢ/∂inputⱼ.
  public func jacobian(of output: NodeID, withRespectTo input: NodeID) throws(EngineError) -> Tensor
  {
    guard contains(output) else { throw .unknownNode(output.description) }
    guard contains(input) else { throw .unknownNode(input.description) }
    let rows = nodes[output.index].value.count
    let columns = nodes[input.index].value.count
    var jacobian = try Tensor(repeating: 0, shape: [rows, columns], limit: limits.maxElements)
    let work = Double(rows) * Double(nodes.count) * Double(Swift.max(rows, columns))
    guard work <= Double(limits.maxOperations) else {
      throw .tooMuchWork(op: "jacobian", operations: work, limit: limits.maxOperations)
    }
    // One row per walk, seeded with that row's one-hot; the walks reuse their buffers.
    let relevant = relevantNodes(from: output, toward: [input])
    var walk = self
    var seed = [Double](repeating: 0, count: rows)
    for row in 0..<rows {
      seed[row] = 1
      let written = walk.reverse(from: output.index, seed: seed, relevant: relevant)
      if written[input.index] {
        for column in 0..<columns {
          jacobian.scalars[row * columns + column] = walk.gradientStore[input.index][column]
        }
      }
      seed[row] = 0
    }
    return jacobian
  }

  /// Node `index`'s gradient from the latest walk: its buffer when the walk wrote it,
  /// else zeros of its shape.
  func gradient(at index: Int, written: [Bool]) -> Tensor {
    written[index]
      ? Tensor(unchecked: nodes[index].value.shape, gradientStore[index])
      : Tensor.zeros(like: nodes[index].value)
  }
}
