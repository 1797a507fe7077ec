/// Named builders for every op, so graphs read as the math reads:
/// `let a1 = try graph.matmul(W1, x, name: "a1")`.
extension Graph {
  /// `a + b`, broadcasting.
  @discardableResult
  public mutating func add(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.add, [a, b], name: name) }

  /// `a − b`, broadcasting.
  @discardableResult
  public mutating func subtract(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.subtract, [a, b], name: name) }

  /// `a ⊙ b` (element-wise), broadcasting.
  @discardableResult
  public mutating func multiply(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.multiply, [a, b], name: name) }

  /// `a ⊘ b` (element-wise), broadcasting.
  @discardableResult
  public mutating func divide(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.divide, [a, b], name: name) }

  /// `aᵇ` element-wise, broadcasting.
  @discardableResult
  public mutating func power(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.power, [a, b], name: name) }

  /// `aᵖ` element-wise for a fixed real exponent.
  @discardableResult
  public mutating func power(_ a: NodeID, _ p: Double, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.power, [a, constant(Tensor(p))], name: name) }

  /// The matrix product `a @ b`.
  @discardableResult
  public mutating func matmul(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.matmul, [a, b], name: name) }

  /// An element-wise or shape op of one operand: `.relu`, `.exp`, `.transpose`, `.sum`, ….
  @discardableResult
  public mutating func unary(_ op: Op, _ a: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(op, [a], name: name) }

  /// `max(0, a)` element-wise.
  @discardableResult
  public mutating func relu(_ a: NodeID, name: String? = nil) throws(EngineError) -> NodeID {
    try apply(.relu, [a], name: name)
  }

  /// `softmax(β v)` of a vector.
  @discardableResult
  public mutating func softmax(_ v: NodeID, beta: NodeID? = nil, name: String? = nil)
    throws(EngineError) -> NodeID
  {
    let beta: NodeID = if let beta { beta } else { try constant(Tensor(1)) }
    return try apply(.softmax, [v, beta], name: name)
  }

  /// `−Σ tᵢ log zᵢ` for a prediction `z` and a target `t`.
  @discardableResult
  public mutating func crossEntropy(_ z: NodeID, target t: NodeID, name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.crossEntropy, [z, t], name: name) }

  /// `Σ (aᵢ − bᵢ)²`.
  @discardableResult
  public mutating func squaredError(_ a: NodeID, _ b: NodeID, name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.squaredError, [a, b], name: name) }

  /// `Σ |wᵢ|ᵖ`, the p-norm to the p-th power.
  @discardableResult
  public mutating func pNormPower(_ w: NodeID, p: NodeID, name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.pNormPower, [w, p], name: name) }

  /// The entry at a 1-based index: `pick(W, [1, 2])` is w₁,₂.
  @discardableResult
  public mutating func pick(_ a: NodeID, _ index: [Int], name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.pick(index), [a], name: name) }

  /// The same entries under a new shape.
  @discardableResult
  public mutating func reshape(_ a: NodeID, to shape: [Int], name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.reshape(shape), [a], name: name) }

  /// 2-D cross-correlation; see ``Op/conv2d(stride:padding:)``.
  @discardableResult
  public mutating func conv2d(
    _ input: NodeID, kernel: NodeID, bias: NodeID? = nil, stride: Int = 1, padding: Int = 0,
    name: String? = nil
  ) throws(EngineError) -> NodeID {
    let parents = [input, kernel] + (bias.map { [$0] } ?? [])
    return try apply(.conv2d(stride: stride, padding: padding), parents, name: name)
  }

  /// `max(a, b)` element-wise, broadcasting.
  @discardableResult
  public mutating func maximum(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.maximum, [a, b], name: name) }

  /// `min(a, b)` element-wise, broadcasting.
  @discardableResult
  public mutating func minimum(_ a: NodeID, _ b: NodeID, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.minimum, [a, b], name: name) }

  /// A reduction of a matrix over dimension `dim` (1-based): `reduce(X, .sum, dim: 1)`
  /// is the `1×n` row of column sums.
  @discardableResult
  public mutating func reduce(
    _ a: NodeID, _ reduction: Op.Reduction, dim: Int, name: String? = nil
  ) throws(EngineError) -> NodeID {
    try apply(.reduce(reduction, dim: dim), [a], name: name)
  }

  /// Softmax along dimension `dim` (1-based) of a matrix: `dim: 2` row by row.
  @discardableResult
  public mutating func softmax(_ a: NodeID, dim: Int, name: String? = nil) throws(EngineError)
    -> NodeID
  { try apply(.softmaxAlong(dim: dim), [a], name: name) }

  /// The block of `a` in 1-based inclusive ranges, one per axis.
  @discardableResult
  public mutating func slice(_ a: NodeID, _ ranges: [ClosedRange<Int>], name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.slice(ranges), [a], name: name) }

  /// 2-D max pooling; see ``Op/maxPool2d(size:stride:)``. The stride defaults to the size.
  @discardableResult
  public mutating func maxPool2d(
    _ input: NodeID, size: Int, stride: Int? = nil, name: String? = nil
  ) throws(EngineError) -> NodeID {
    try apply(.maxPool2d(size: size, stride: stride ?? size), [input], name: name)
  }

  /// The `n×classes` one-hot matrix of `n` 1-based labels.
  @discardableResult
  public mutating func oneHot(_ labels: NodeID, classes: Int, name: String? = nil)
    throws(EngineError) -> NodeID
  { try apply(.oneHot(classes: classes), [labels], name: name) }
}
