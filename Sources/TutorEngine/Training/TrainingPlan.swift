import CKernels

/// A training step compiled once from a ``Graph``: the tape recorded once as a flat list of
/// instructions over one buffer allocated once, add-bias-and-relu fused (forward and
/// backward), a product read only by that add fused in too (one pass storing only the
/// relu), and no per-node allocation, copying or reference counting in the loop.
///
/// `step(rate:)` does what ``Graph/backward(from:toward:)``, ``Graph/descend(_:rate:)`` and
/// ``Graph/reevaluate()`` do, with the same kernels in the same order (the ops' own loops:
/// ``Broadcast``, ``Op/relu(_:)``, ``Op/total(_:count:)``, ``MatrixKernels``), so values and
/// gradients agree with the plain graph's; the tests hold them to 1e-12. Ops the plan has
/// no instruction for run through their family's own forward and backward, as the plain
/// walk runs them (see ``fallbackNodes``).
///
/// Shapes never change after a node is added, which is what makes the plan possible. The
/// plan owns its copy of the values: read them with ``value(of:)`` and ``gradient(of:)``.
public final class TrainingPlan {
  /// The graph the plan was compiled from (ops, parents, shapes; its values are stale).
  private var graph: Graph
  private let loss: Int
  private let parameters: [Int]
  /// Each parameter's value offset, gradient offset and entry count, for `descend`.
  private let parameterSpans: [(value: Int, gradient: Int, count: Int)]
  /// Every value and gradient buffer, end to end, 64-byte aligned each.
  let arena: UnsafeMutablePointer<Double>
  private let arenaCount: Int
  private let valueOffset: [Int]
  /// Where each gradient lives; −1 for nodes the backward walk never writes.
  private let gradientOffset: [Int]
  /// Scratch for summing a gradient back over broadcast rows.
  private let scratch: Int
  private let forwardCode: ContiguousArray<Instruction>
  private let backwardCode: ContiguousArray<Instruction>
  /// The ordered sums run side by side (by a `sums` instruction's `k`).
  private let sumGroups: [SumLanes]
  /// The products and sums a fused layer does not store, to run before they are read.
  private let deferredCode: ContiguousArray<Instruction>
  /// Whether the deferred values are those of the latest forward pass.
  private var deferredCurrent = true
  /// What each general backward instruction needs (by its `k`).
  private let general: [GeneralGradient]

  /// The nodes (by index) run through their op family's allocating forward or backward
  /// because the plan has no instruction for them; empty when the whole step is compiled.
  public let fallbackNodes: [Int]
  /// How many add-bias-and-relu pairs were fused.
  public let fusedPairs: Int
  /// How many of those pairs also took in the product before them (one pass storing only
  /// the relu; the product's and the sum's values are recomputed when read).
  public let fusedLayers: Int
  /// How many products' weight gradients are summed in their fused add's backward pass
  /// (an A of 2 to 4 columns: a first layer).
  public let fusedWeightGradients: Int
  /// How many nodes share their gradient buffer with the fused add that is their only reader
  /// (the gradient is the same, so it is never copied).
  public let sharedGradients: Int

  /// Compiles the step `backward(from: loss, toward: parameters)`, `descend`, `reevaluate`
  /// of `graph` at its current values.
  public init(_ graph: Graph, loss: Graph.NodeID, parameters: [Graph.NodeID])
    throws(EngineError)
  {
    try graph.requireScalarOutput(loss)
    for id in parameters {
      guard graph.contains(id) else { throw .unknownNode(id.description) }
      guard graph.nodes[id.index].op == .input else {
        throw .notALeaf(node: graph.label(of: id))
      }
    }
    let nodes = graph.nodes
    var compiler = Compiler(nodes: nodes)
    compiler.compileForward()
    let relevant = graph.relevantNodes(from: loss, toward: parameters)
    let written = compiler.compileBackward(from: loss.index, relevant: relevant)
    for id in parameters where !written[id.index] {
      throw .invalidArgument(
        op: "training plan", message: "\(graph.label(of: id)) does not reach the loss")
    }

    // Lay out the arena: every value, then every gradient written, then scratch.
    func aligned(_ count: Int) -> Int { (count + 7) / 8 * 8 }
    var offset = 0
    var values: [Int] = []
    for node in nodes {
      values.append(offset)
      offset += aligned(node.value.scalars.count)
    }
    var gradients: [Int] = []
    for index in nodes.indices {
      if written[index] && compiler.sharedGradient[index] == nil {
        gradients.append(offset)
        offset += aligned(nodes[index].value.scalars.count)
      } else {
        gradients.append(-1)
      }
    }
    // A shared gradient lives in its owner's buffer (the owner comes later in graph order,
    // and may share its own with a later node still).
    for (index, owner) in compiler.sharedGradient {
      var root = owner
      while let next = compiler.sharedGradient[root] { root = next }
      gradients[index] = gradients[root]
    }
    let scratchOffset = offset
    scratch = scratchOffset
    offset += aligned(nodes.map(\.value.scalars.count).max() ?? 1)
    arenaCount = max(offset, 1)
    // A large arena (the MLP's is 50 MB) starts on a 2 MiB boundary and asks for huge pages
    // before its first touch: a weight matrix read row after row then costs one TLB entry
    // per 2 MiB instead of one per row.
    let bytes = arenaCount * MemoryLayout<Double>.stride
    let huge = 2 << 20
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: bytes, alignment: bytes >= 2 * huge ? huge : 64)
    if bytes >= 2 * huge { ck_advise_huge_pages(raw, bytes / huge * huge) }
    let memory = raw.initializeMemory(as: Double.self, repeating: 0, count: arenaCount)
    for index in nodes.indices {
      nodes[index].value.scalars.withUnsafeBufferPointer { source in
        if let base = source.baseAddress {
          (memory + values[index]).update(from: base, count: source.count)
        }
      }
    }
    arena = memory
    valueOffset = values
    gradientOffset = gradients
    let (forward, groups) = Self.groupingSums(
      compiler.forward.map { $0.resolved(values, gradients) })
    forwardCode = ContiguousArray(forward)
    sumGroups = groups
    backwardCode = ContiguousArray(compiler.backward.map { $0.resolved(values, gradients) })
    // Catching up writes the product and the sum; its relu goes to scratch, so h stays the
    // fused pass's own (the one the backward pass reads).
    deferredCode = ContiguousArray(
      compiler.deferred.map {
        var i = $0.resolved(values, gradients)
        if i.kind == .biasRelu { i.c = scratchOffset }
        return i
      })
    // Each fused layer defers two instructions: its product, then its bias add.
    fusedLayers = compiler.deferred.count / 2
    fusedWeightGradients = compiler.fusedWeightGradients.count
    general = compiler.general
    fallbackNodes = compiler.fallback.sorted()
    fusedPairs = compiler.fusedAdds.count
    sharedGradients = compiler.sharedGradient.count
    self.graph = graph
    self.loss = loss.index
    self.parameters = parameters.map(\.index)
    parameterSpans = parameters.map {
      (values[$0.index], gradients[$0.index], nodes[$0.index].value.scalars.count)
    }
  }

  deinit {
    UnsafeMutableRawPointer(arena).deallocate()
  }

  // MARK: - Running

  /// One SGD step: the gradient of the loss toward the parameters, `p ← p − rate · ∂p`,
  /// and every value recomputed at the new parameters.
  public func step(rate: Double) throws(EngineError) {
    backward()
    descend(rate: rate)
    try forward()
  }

  /// Recomputes every non-leaf value from the leaves, in graph order.
  public func forward() throws(EngineError) {
    try forwardCode.withUnsafeBufferPointer { (code) throws(EngineError) in
      for instruction in code { try run(instruction) }
    }
    deferredCurrent = deferredCode.isEmpty
  }

  /// Computes the values a fused layer did not store, as the unfused instructions do.
  private func catchUp() throws(EngineError) {
    if deferredCurrent { return }
    for instruction in deferredCode { try run(instruction) }
    deferredCurrent = true
  }

  /// Writes `∂loss/∂node` into the gradient of every node on a path from a parameter to the
  /// loss, recomputed (not added to the last call's).
  public func backward() {
    backwardCode.withUnsafeBufferPointer { code in
      for instruction in code { runBackward(instruction) }
    }
  }

  /// `p ← p − rate · ∂p` for every parameter, with the gradients of the latest ``backward()``.
  public func descend(rate: Double) {
    for span in parameterSpans {
      // `x[i] -= rate * g[i]` (no fused multiply-add), a vector at a time.
      ck_descend(span.count, arena + span.value, arena + span.gradient, rate)
    }
  }

  // MARK: - Reading and writing

  /// The loss's current value.
  public var lossValue: Double { arena[valueOffset[loss]] }

  /// A node's current value.
  public func value(of id: Graph.NodeID) throws(EngineError) -> Tensor {
    guard graph.contains(id) else { throw .unknownNode(id.description) }
    try catchUp()
    return tensor(at: valueOffset[id.index], like: id.index)
  }

  /// `∂loss/∂node` from the latest ``backward()``; nil for nodes off every path from a
  /// parameter to the loss.
  public func gradient(of id: Graph.NodeID) throws(EngineError) -> Tensor? {
    guard graph.contains(id) else { throw .unknownNode(id.description) }
    let offset = gradientOffset[id.index]
    return offset < 0 ? nil : tensor(at: offset, like: id.index)
  }

  /// Replaces a given's value (same shape); call ``forward()`` afterwards.
  public func setValue(_ value: Tensor, of id: Graph.NodeID) throws(EngineError) {
    try graph.setValue(value, of: id)
    value.scalars.withUnsafeBufferPointer { source in
      if let base = source.baseAddress {
        (arena + valueOffset[id.index]).update(from: base, count: source.count)
      }
    }
  }

  private func tensor(at offset: Int, like index: Int) -> Tensor {
    let count = graph.nodes[index].value.scalars.count
    return Tensor(
      unchecked: graph.nodes[index].value.shape,
      Array(UnsafeBufferPointer(start: arena + offset, count: count)))
  }

  private func buffer(_ offset: Int, _ count: Int) -> UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(start: arena + offset, count: count)
  }

  // MARK: - The instructions

  @inline(__always)
  private func run(_ i: Instruction) throws(EngineError) {
    let (o, a, b) = (arena + i.out, UnsafePointer(arena + i.a), UnsafePointer(arena + i.b))
    switch i.kind {
    case .matmul:
      MatrixKernels.gemm(
        a, transposeA: false, b, transposeB: false, into: o, m: i.m, k: i.k, n: i.n,
        accumulate: false)
    case .add: Broadcast.apply(i.pattern, into: o, count: i.m, columns: i.n, a, b) { $0 + $1 }
    case .subtract:
      Broadcast.apply(i.pattern, into: o, count: i.m, columns: i.n, a, b) { $0 - $1 }
    case .multiply where i.pattern == .same:
      // Products are exact roundings: the C loop gives the walk's bits, a vector at a time.
      ck_multiply(i.m, a, b, o, 0)
    case .multiply:
      Broadcast.apply(i.pattern, into: o, count: i.m, columns: i.n, a, b) { $0 * $1 }
    case .relu:
      Op.relu(UnsafeBufferPointer(start: a, count: i.m), into: buffer(i.out, i.m))
    case .biasRelu:
      Op.biasRelu(a, bias: b, rows: i.m, columns: i.n, sum: o, relu: arena + i.c)
    case .denseRelu:
      // h = relu(A·W + bias), the product's sums in its own order; only h is stored.
      ck_dense_relu(-1, i.m, i.n, i.k, a, b, arena + i.c, nil, nil, o)
    case .sum: o[0] = Op.total(a, count: i.m)
    case .mean: o[0] = Op.total(a, count: i.m) / Double(i.m)
    case .sums: runSums(sumGroups[i.k])
    default: try runGeneral(i.node)
    }
  }

  @inline(__always)
  private func runBackward(_ i: Instruction) {
    let (o, a, b) = (arena + i.out, UnsafePointer(arena + i.a), UnsafePointer(arena + i.b))
    switch i.kind {
    case .seed:
      for j in 0..<i.m { o[j] = 1 }
    case .productLeft:
      // ∂A (+)= G Bᵀ: `a` is G (m×n), `b` is B (k×n).
      MatrixKernels.gemm(
        a, transposeA: false, b, transposeB: true, into: o, m: i.m, k: i.n, n: i.k,
        accumulate: i.accumulate)
    case .productRight:
      // ∂B (+)= Aᵀ G: `a` is A (m×k), `b` is G (m×n).
      MatrixKernels.gemm(
        a, transposeA: true, b, transposeB: false, into: o, m: i.k, k: i.m, n: i.n,
        accumulate: i.accumulate)
    case .reduceSame:
      Broadcast.store(a, into: o, count: i.m, sign: i.sign, accumulate: i.accumulate)
    case .reduceAll:
      let total = Op.total(a, count: i.m)
      o[0] = i.accumulate ? o[0] + i.sign * total : i.sign * total
    case .reduceRows:
      let sums = arena + scratch
      sums.update(repeating: 0, count: i.n)
      Broadcast.addRows(a, rows: i.m, columns: i.n, into: sums)
      Broadcast.store(sums, into: o, count: i.n, sign: i.sign, accumulate: i.accumulate)
    case .multiplyGradient:
      // `o (+)= a ⊙ b`, each product rounded before the sum, as the walk's loop.
      ck_multiply(i.m, a, b, o, i.accumulate ? 1 : 0)
    case .reluGradient:
      Op.reluBackward(
        UnsafeBufferPointer(start: a, count: i.m), UnsafeBufferPointer(start: b, count: i.m),
        into: buffer(i.out, i.m), accumulate: i.accumulate)
    case .spreadSum:
      Op.spread(
        Op.share(of: a[0], .sum, count: i.m), into: buffer(i.out, i.m), accumulate: i.accumulate)
    case .spreadSumSquare:
      // ∂(q⊙q) = g everywhere; ∂q (+)= g·q, then += g·q (each product rounded, no FMA).
      ck_square_backward(i.m, a[0], b, o, arena + i.c, i.accumulate ? 1 : 0)
    case .spreadMean:
      Op.spread(
        Op.share(of: a[0], .mean, count: i.m), into: buffer(i.out, i.m), accumulate: i.accumulate)
    case .biasReluGradient:
      // `a` is ∂L/∂h, `b` is h; `out` is ∂L/∂z, `c` is ∂L/∂x (or −1), `d` is ∂L/∂bias (or −1).
      let sums = arena + scratch
      if i.d >= 0 { sums.update(repeating: 0, count: i.n) }
      if i.f >= 0 {
        // With the product's weight gradient: `e` is A (m×k), `f` is ∂L/∂W (k×n).
        ck_relu_backward_weights(
          -1, i.m, i.n, a, b, o, i.d >= 0 ? sums : nil, arena + i.e, i.k, arena + i.f,
          i.accumulateThird ? 1 : 0)
      } else {
        Op.biasReluBackward(
          a, b, rows: i.m, columns: i.n, into: o, x: i.c >= 0 ? arena + i.c : nil,
          accumulate: i.accumulate, biasSums: i.d >= 0 ? sums : nil)
      }
      if i.d >= 0 {
        Broadcast.store(
          sums, into: arena + i.d, count: i.n, sign: 1, accumulate: i.accumulateSecond)
      }
    default:
      runGeneralBackward(i)
    }
  }

  /// A node the plan has no instruction for: its family's forward, as the plain walk runs it.
  private func runGeneral(_ index: Int) throws(EngineError) {
    let node = graph.nodes[index]
    let inputs = node.parents.map { tensor(at: valueOffset[$0.index], like: $0.index) }
    let value = try node.op.forward(inputs, limits: graph.limits)
    value.scalars.withUnsafeBufferPointer { source in
      if let base = source.baseAddress {
        (arena + valueOffset[index]).update(from: base, count: source.count)
      }
    }
  }

  /// A node's backward through its family's vector-Jacobian product, each parent's share
  /// written or added where it lands, as the plain walk's default does.
  private func runGeneralBackward(_ i: Instruction) {
    let node = graph.nodes[i.node]
    let inputs = node.parents.map { tensor(at: valueOffset[$0.index], like: $0.index) }
    let entry = general[i.k]
    let local = node.op.backward(
      inputs, output: tensor(at: valueOffset[i.node], like: i.node),
      upstream: tensor(at: gradientOffset[i.node], like: i.node), needed: entry.needed)
    for (position, (parent, grad)) in zip(node.parents, local).enumerated() {
      guard let grad else { continue }
      // The compiler gave every gradient the family returns a buffer (see appendGeneral).
      precondition(gradientOffset[parent.index] >= 0, "a gradient with no buffer")
      let o = arena + gradientOffset[parent.index]
      let accumulate = entry.accumulate[position]
      grad.scalars.withUnsafeBufferPointer { g in
        for j in 0..<g.count {
          if accumulate { o[j] += g[j] } else { o[j] = g[j] }
        }
      }
    }
  }
}
