/// Reverse mode in place, for training loops: every gradient is written into a buffer kept
/// from the previous pass (shapes never change), contributions are added where they land
/// (a matrix product's adds its `A Bᵀ` straight into the parent's buffer), and nodes are
/// read by index, never copied.
extension Graph {
  /// What a relevance mask was computed for.
  struct RelevanceKey: Equatable, Sendable {
    var output: NodeID
    var targets: [NodeID]
    var nodeCount: Int
  }

  /// Runs reverse mode from a scalar node toward `targets` only: afterwards each target,
  /// and each node on a path from it to `output`, holds `∂output/∂node` as its
  /// ``Node/gradient``; every other node's gradient is `nil`.
  ///
  /// Gradients are recomputed, not added to the last call's. Buffers from the last call are
  /// reused, so a loop of `backward`, ``descend(_:rate:)`` and ``reevaluate()`` allocates
  /// nothing per step for the common ops.
  public mutating func backward(from output: NodeID, toward targets: [NodeID]) throws(EngineError) {
    try requireScalarOutput(output)
    for target in targets where !contains(target) { throw .unknownNode(target.description) }
    // Nodes are only ever appended and never change their parents, so the mask for the
    // same output, targets and node count is the one computed last time.
    let key = RelevanceKey(output: output, targets: targets, nodeCount: nodes.count)
    let relevant: [Bool]
    if let cached = lastRelevance, cached.key == key {
      relevant = cached.mask
    } else {
      relevant = relevantNodes(from: output, toward: targets)
      lastRelevance = (key, relevant)
    }
    let written = reverse(from: output.index, relevant: relevant)
    for index in nodes.indices {
      nodes[index].gradient =
        written[index] ? Tensor(unchecked: nodes[index].value.shape, gradientStore[index]) : nil
    }
  }

  /// Gradient descent on givens, in place: each `x ← x − rate · ∂x` with the gradient
  /// stored by the latest backward pass. Call ``reevaluate()`` afterwards.
  public mutating func descend(_ givens: [NodeID], rate: Double) throws(EngineError) {
    for id in givens {
      guard contains(id) else { throw .unknownNode(id.description) }
      guard nodes[id.index].op == .input else { throw .notALeaf(node: label(of: id)) }
      guard let gradient = nodes[id.index].gradient else {
        throw .invalidArgument(
          op: "descend", message: "\(label(of: id)) has no gradient: run backward first")
      }
      var value = takeValueBuffer(id.index)
      value.withUnsafeMutableBufferPointer { x in
        gradient.scalars.withUnsafeBufferPointer { g in
          for i in 0..<x.count { x[i] -= rate * g[i] }
        }
      }
      nodes[id.index].value.scalars = value
    }
  }

  /// Flags the nodes `output` depends on that depend on one of `targets` (all of
  /// `output`'s ancestors when `targets` is nil).
  func relevantNodes(from output: NodeID, toward targets: [NodeID]?) -> [Bool] {
    var relevant = ancestors(of: output)
    guard let targets else { return relevant }
    var dependsOnTarget = Array(repeating: false, count: nodes.count)
    for target in targets { dependsOnTarget[target.index] = true }
    let first = targets.map(\.index).min() ?? nodes.count
    if first < nodes.count {
      for index in first..<nodes.count where !dependsOnTarget[index] {
        dependsOnTarget[index] = nodes[index].parents.contains { dependsOnTarget[$0.index] }
      }
    }
    for index in relevant.indices { relevant[index] = relevant[index] && dependsOnTarget[index] }
    return relevant
  }

  func requireScalarOutput(_ id: NodeID) throws(EngineError) {
    guard contains(id) else { throw .unknownNode(id.description) }
    guard nodes[id.index].value.isScalarLike else {
      throw .notScalar(node: label(of: id), shape: nodes[id.index].value.shape)
    }
  }

  /// The one backward walk, serving ``backward(from:)``, ``gradients(of:withRespectTo:)``,
  /// ``jacobian(of:withRespectTo:)`` and carry-forward alike: writes `∂(seed · output)/∂node`
  /// into `gradientStore` for every relevant node reached, and returns which were written.
  ///
  /// `seed` is `∂L/∂output`, shaped like `output` (all ones when nil). When the walk reaches
  /// a node of `continuing`, the gradient accumulated there is replaced by the one given
  /// and the walk goes on from it. Each node's contribution is added where it lands, in the
  /// order the nodes are visited, so the result does not depend on which caller asked.
  mutating func reverse(
    from output: Int, seed: [Double]? = nil, relevant: [Bool],
    continuing: [NodeID: Tensor] = [:]
  ) -> [Bool] {
    // Drop the published copies first so each stored buffer is uniquely referenced.
    for index in nodes.indices where nodes[index].gradient != nil { nodes[index].gradient = nil }
    if gradientStore.count < nodes.count {
      gradientStore.append(
        contentsOf: repeatElement([], count: nodes.count - gradientStore.count))
    }
    var written = [Bool](repeating: false, count: nodes.count)
    guard relevant[output] else { return written }
    var start = takeGradientBuffer(output)
    for i in start.indices { start[i] = seed?[i] ?? 1 }
    gradientStore[output] = start
    written[output] = true

    for index in stride(from: output, through: 0, by: -1) where written[index] {
      if !continuing.isEmpty, let given = continuing[NodeID(index: index)] {
        gradientStore[index] = given.scalars
      }
      let parents = nodes[index].parents
      if parents.isEmpty { continue }
      var upstream: [Double] = []
      swap(&upstream, &gradientStore[index])
      defer { swap(&upstream, &gradientStore[index]) }
      switch nodes[index].op {
      case .matmul:
        let (a, b) = (parents[0].index, parents[1].index)
        let (m, k) = nodes[a].value.matrixExtents
        let n = nodes[b].value.matrixExtents.columns
        if relevant[a] {
          // ∂A (+)= G Bᵀ
          addProduct(
            to: a, upstream, transposeX: false, nodes[b].value.scalars, transposeY: true,
            m: m, k: n, n: k, accumulate: written[a])
          written[a] = true
        }
        if relevant[b] {
          // ∂B (+)= Aᵀ G
          addProduct(
            to: b, nodes[a].value.scalars, transposeX: true, upstream, transposeY: false,
            m: k, k: m, n: n, accumulate: written[b])
          written[b] = true
        }
      case .add, .subtract:
        let isSubtract = nodes[index].op == .subtract
        let gShape = nodes[index].value.shape
        for (position, parent) in parents.enumerated() where relevant[parent.index] {
          let p = parent.index
          var out = takeGradientBuffer(p)
          out.withUnsafeMutableBufferPointer { o in
            upstream.withUnsafeBufferPointer { g in
              Broadcast.reduce(
                g, gShape, into: o, nodes[p].value.shape,
                sign: isSubtract && position == 1 ? -1 : 1, accumulate: written[p])
            }
          }
          gradientStore[p] = out
          written[p] = true
        }
      case .relu:
        let p = parents[0].index
        guard relevant[p] else { break }
        var out = takeGradientBuffer(p)
        out.withUnsafeMutableBufferPointer { o in
          upstream.withUnsafeBufferPointer { g in
            nodes[p].value.scalars.withUnsafeBufferPointer { x in
              Op.reluBackward(g, x, into: o, accumulate: written[p])
            }
          }
        }
        gradientStore[p] = out
        written[p] = true
      case .sum, .mean:
        let p = parents[0].index
        guard relevant[p] else { break }
        let share = Op.share(
          of: upstream[0], nodes[index].op, count: nodes[p].value.scalars.count)
        var out = takeGradientBuffer(p)
        out.withUnsafeMutableBufferPointer { o in
          Op.spread(share, into: o, accumulate: written[p])
        }
        gradientStore[p] = out
        written[p] = true
      case .multiply
      where parents.allSatisfy({ nodes[$0.index].value.scalars.count == upstream.count }):
        for (position, parent) in parents.enumerated() where relevant[parent.index] {
          let (p, other) = (parent.index, parents[1 - position].index)
          var out = takeGradientBuffer(p)
          out.withUnsafeMutableBufferPointer { o in
            upstream.withUnsafeBufferPointer { g in
              nodes[other].value.scalars.withUnsafeBufferPointer { y in
                if written[p] {
                  for i in 0..<o.count { o[i] += g[i] * y[i] }
                } else {
                  for i in 0..<o.count { o[i] = g[i] * y[i] }
                }
              }
            }
          }
          gradientStore[p] = out
          written[p] = true
        }
      default:
        let inputs = parents.map { nodes[$0.index].value }
        let needed = parents.map { relevant[$0.index] }
        let local = nodes[index].op.backward(
          inputs, output: nodes[index].value,
          upstream: Tensor(unchecked: nodes[index].value.shape, upstream), needed: needed)
        for (parent, grad) in zip(parents, local) {
          guard let grad else { continue }
          let p = parent.index
          var out = takeGradientBuffer(p)
          out.withUnsafeMutableBufferPointer { o in
            grad.scalars.withUnsafeBufferPointer { g in
              if written[p] {
                for i in 0..<o.count { o[i] += g[i] }
              } else {
                for i in 0..<o.count { o[i] = g[i] }
              }
            }
          }
          gradientStore[p] = out
          written[p] = true
        }
      }
    }
    return written
  }

  /// Writes (or, when `accumulate`, adds) the `m×n` product `op(X) op(Y)` into node `p`'s
  /// gradient buffer through the matrix kernel (`op` transposes where asked).
  private mutating func addProduct(
    to p: Int, _ x: [Double], transposeX: Bool, _ y: [Double], transposeY: Bool,
    m: Int, k: Int, n: Int, accumulate: Bool
  ) {
    var out = takeGradientBuffer(p)
    out.withUnsafeMutableBufferPointer { o in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in
          MatrixKernels.gemm(
            px.baseAddress!, transposeA: transposeX, py.baseAddress!, transposeB: transposeY,
            into: o.baseAddress!, m: m, k: k, n: n, accumulate: accumulate)
        }
      }
    }
    gradientStore[p] = out
  }

  /// Node `index`'s stored gradient buffer, moved out and sized to its value (entries stale).
  @inline(__always)
  private mutating func takeGradientBuffer(_ index: Int) -> [Double] {
    var buffer: [Double] = []
    swap(&buffer, &gradientStore[index])
    let count = nodes[index].value.scalars.count
    if buffer.count != count {
      buffer = [Double](repeating: 0, count: count)
    }
    return buffer
  }
}
