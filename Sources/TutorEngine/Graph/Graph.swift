/// A computation graph of named tensor nodes with reverse-mode differentiation.
///
/// Nodes are appended in order and may only use nodes added before them, so
/// the order of ``nodes`` is itself a topological order: forward evaluation
/// walks it front to back and backpropagation back to front, with loops and
/// no recursion, so any depth of graph works. Every value is computed when
/// its node is added and again by ``reevaluate()`` after a given changes.
///
/// `Graph` is a value type: copy it to explore a change without touching the
/// original.
public struct Graph: Sendable {
  /// A node's position in its graph.
  public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 0-based position in ``Graph/nodes``.
    public let index: Int

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
    public var description: String { "#\(index)" }
  }

  /// One node: its op, its parents in order, its name, value and gradient.
  public struct Node: Sendable {
    /// What the node computes.
    public let op: Op
    /// The operands, in order.
    public let parents: [NodeID]
    /// The name the lesson gave it (`a1`, `J`), if any.
    public internal(set) var name: String?
    /// The current value.
    public internal(set) var value: Tensor
    /// ∂(output)/∂(this node) from the latest ``Graph/backward(from:)``, if any.
    public internal(set) var gradient: Tensor?
  }

  /// All nodes in the order they were added (a topological order).
  public internal(set) var nodes: [Node] = []
  /// The size caps every op checks.
  public let limits: EngineLimits
  private var idsByName: [String: NodeID] = [:]
  /// Work done building (or last re-evaluating) the graph, against
  /// ``EngineLimits/maxTotalOperations``.
  public private(set) var workDone = 0.0
  /// Each node's work estimate, fixed when it is added (shapes never change).
  var nodeWork: [Double] = []
  /// Gradient buffers of the latest in-place backward pass, by node, kept so the next
  /// pass writes into them instead of allocating (see ``backward(from:toward:)``).
  var gradientStore: [[Double]] = []
  /// The relevance mask of the latest ``backward(from:toward:)``, and what it was for.
  var lastRelevance: (key: RelevanceKey, mask: [Bool])?

  /// Creates an empty graph with the given caps.
  public init(limits: EngineLimits = .default) {
    self.limits = limits
  }

  // MARK: - Building

  /// Adds a given: a leaf whose value ``setValue(_:of:)`` may change later.
  @discardableResult
  public mutating func input(_ value: Tensor, name: String? = nil) throws(EngineError) -> NodeID {
    try appendLeaf(.input, value, name: name)
  }

  /// Adds a constant leaf (a literal inside an expression).
  @discardableResult
  public mutating func constant(_ value: Tensor, name: String? = nil) throws(EngineError) -> NodeID
  {
    try appendLeaf(.constant, value, name: name)
  }

  private mutating func appendLeaf(_ op: Op, _ value: Tensor, name: String?) throws(EngineError)
    -> NodeID
  {
    _ = try Tensor.elementCount(of: value.shape, limit: limits.maxElements)
    return try append(
      Node(op: op, parents: [], name: nil, value: value, gradient: nil), work: 0, name: name)
  }

  /// Adds a node applying `op` to `parents`, computing its value now.
  @discardableResult
  public mutating func apply(_ op: Op, _ parents: [NodeID], name: String? = nil) throws(EngineError)
    -> NodeID
  {
    guard !op.isLeaf else {
      throw .invalidArgument(op: op.name, message: "use input(_:) or constant(_:) for leaves")
    }
    for parent in parents where !contains(parent) {
      throw .unknownNode(parent.description)
    }
    let inputs = parents.map { nodes[$0.index].value }
    let work = op.estimatedWork(inputs)
    try charge(work, for: op)
    let value = try op.forward(inputs, limits: limits)
    return try append(
      Node(op: op, parents: parents, name: nil, value: value, gradient: nil), work: work,
      name: name)
  }

  private mutating func append(_ node: Node, work: Double, name: String?) throws(EngineError)
    -> NodeID
  {
    let id = NodeID(index: nodes.count)
    nodes.append(node)
    nodeWork.append(work)
    if let name { try setName(name, of: id) }
    return id
  }

  /// Names a node (a lesson's `a1 = W1 @ x` names the product node `a1`).
  public mutating func setName(_ name: String, of id: NodeID) throws(EngineError) {
    guard contains(id) else { throw .unknownNode(id.description) }
    if let existing = idsByName[name], existing != id { throw .duplicateName(name) }
    if let old = nodes[id.index].name { idsByName[old] = nil }
    nodes[id.index].name = name
    idsByName[name] = id
  }

  // MARK: - Reading

  /// True when `id` belongs to this graph.
  public func contains(_ id: NodeID) -> Bool { id.index >= 0 && id.index < nodes.count }

  /// The node with the given name, if any.
  public func node(named name: String) -> NodeID? { idsByName[name] }

  /// The names in use, in the order their nodes were added.
  public var names: [String] { nodes.compactMap(\.name) }

  /// The current value of a node.
  public func value(of id: NodeID) throws(EngineError) -> Tensor {
    guard contains(id) else { throw .unknownNode(id.description) }
    return nodes[id.index].value
  }

  /// The current value of a named node.
  public func value(named name: String) throws(EngineError) -> Tensor {
    guard let id = idsByName[name] else { throw .unknownNode(name) }
    return nodes[id.index].value
  }

  /// A node's name, or a description of it for messages.
  func label(of id: NodeID) -> String {
    nodes[id.index].name ?? "\(nodes[id.index].op.name) node \(id)"
  }

  // MARK: - Changing givens

  /// Replaces a given's value; call ``reevaluate()`` afterwards (or use
  /// ``setValues(_:)``). The new value must keep the given's shape.
  public mutating func setValue(_ value: Tensor, of id: NodeID) throws(EngineError) {
    guard contains(id) else { throw .unknownNode(id.description) }
    guard nodes[id.index].op == .input else { throw .notALeaf(node: label(of: id)) }
    guard value.shape == nodes[id.index].value.shape else {
      throw .shapeMismatch(
        op: "set \(label(of: id))", lhs: nodes[id.index].value.shape, rhs: value.shape)
    }
    nodes[id.index].value = value
  }

  /// Sets several givens by name and recomputes every value that depends on them.
  public mutating func setValues(_ values: [String: Tensor]) throws(EngineError) {
    for name in values.keys.sorted() {
      guard let id = idsByName[name] else { throw .unknownNode(name) }
      try setValue(values[name]!, of: id)
    }
    try reevaluate()
  }

  /// Recomputes every non-leaf value from the current leaves, in order.
  /// Gradients from an earlier ``backward(from:)`` are cleared.
  public mutating func reevaluate() throws(EngineError) {
    try reevaluate(only: nil)
  }

  /// Recomputes the nodes flagged in `mask` (all when nil), in order.
  ///
  /// Shapes never change after a node is added, so each value is written into its own
  /// buffer (see ``evaluate(_:)``) and the work estimate is the one taken when it was added.
  mutating func reevaluate(only mask: [Bool]?) throws(EngineError) {
    workDone = 0
    for index in nodes.indices {
      nodes[index].gradient = nil
      if nodes[index].parents.isEmpty { continue }
      if let mask, !mask[index] { continue }
      let work = nodeWork[index]
      if workDone + work > Double(limits.maxTotalOperations) {
        try charge(work, for: nodes[index].op)
      }
      workDone += work
      try evaluate(index)
    }
  }

  /// Counts an op's work against the graph's total, refusing it past the limit.
  private mutating func charge(_ work: Double, for op: Op) throws(EngineError) {
    guard workDone + work <= Double(limits.maxTotalOperations) else {
      throw .tooMuchWork(
        op: "\(op.name) (with the ops before it)", operations: workDone + work,
        limit: limits.maxTotalOperations)
    }
    workDone += work
  }

  /// Flags `id` and every node it depends on.
  func ancestors(of id: NodeID) -> [Bool] {
    var mask = Array(repeating: false, count: nodes.count)
    mask[id.index] = true
    for index in stride(from: id.index, through: 0, by: -1) where mask[index] {
      for parent in nodes[index].parents { mask[parent.index] = true }
    }
    return mask
  }
}
