extension Graph {
  /// Runs reverse mode from a scalar node and stores, on every node, the
  /// gradient of `output` with respect to it (zeros where it does not depend).
  ///
  /// Gradients are recomputed from scratch, not added to the last call's, so
  /// calling this twice gives the same gradients.
  public mutating func backward(from output: NodeID) throws(EngineError) {
    try requireScalar(output)
    let written = reverse(from: output.index, relevant: ancestors(of: output))
    for index in nodes.indices {
      nodes[index].gradient =
        written[index]
        ? Tensor(unchecked: nodes[index].value.shape, gradientStore[index])
        : Tensor.zeros(like: nodes[index].value)
    }
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
    try requireScalar(output)
    for target in targets where !contains(target) { throw .unknownNode(target.description) }
    let grads = propagate(from: output, seed: onesLike(output), toward: targets)
    return targets.map { grads[$0.index] ?? Tensor.zeros(like: nodes[$0.index].value) }
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
    var seed = Tensor.zeros(like: nodes[output.index].value)
    for row in 0..<rows {
      seed.scalars[row] = 1
      if let grad = propagate(from: output, seed: seed, toward: [input])[input.index] {
        for column in 0..<columns {
          jacobian.scalars[row * columns + column] = grad.scalars[column]
        }
      }
      seed.scalars[row] = 0
    }
    return jacobian
  }

  // MARK: - The backward walk

  /// Walks the nodes from `output` back to the leaves, accumulating
  /// `∂(seed · output)/∂node` into each node that `output` depends on and
  /// that depends on one of `targets` (all nodes when `targets` is nil).
  func propagate(from output: NodeID, seed: Tensor, toward targets: [NodeID]?) -> [Tensor?] {
    let relevant = relevantNodes(from: output, toward: targets)
    var grads = [Tensor?](repeating: nil, count: nodes.count)
    guard relevant[output.index] else { return grads }
    grads[output.index] = seed
    for index in stride(from: output.index, through: 0, by: -1) {
      guard let upstream = grads[index] else { continue }
      let node = nodes[index]
      if node.op.isLeaf { continue }
      let inputs = node.parents.map { nodes[$0.index].value }
      let needed = node.parents.map { relevant[$0.index] }
      let local = node.op.backward(inputs, output: node.value, upstream: upstream, needed: needed)
      for (parent, grad) in zip(node.parents, local) {
        guard let grad else { continue }
        if let existing = grads[parent.index] {
          grads[parent.index] = existing.zipScalars(grad, +)
        } else {
          grads[parent.index] = grad
        }
      }
    }
    return grads
  }

  private func requireScalar(_ id: NodeID) throws(EngineError) {
    guard contains(id) else { throw .unknownNode(id.description) }
    let shape = nodes[id.index].value.shape
    guard nodes[id.index].value.isScalarLike else {
      throw .notScalar(node: label(of: id), shape: shape)
    }
  }

  private func onesLike(_ id: NodeID) -> Tensor {
    Tensor(unchecked: nodes[id.index].value.shape, [1])
  }
}
