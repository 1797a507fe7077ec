/// What an op is, written in one place per op or small family of ops, as micrograd keeps
/// `_backward` beside the forward: its forward, its vector-Jacobian product, its kinks and
/// ties, its rulebook line and its typical wrong derivations.
///
/// ``Op`` names the ops; ``Op/family`` says which family defines each. Gradients follow
/// the numerator layout of ``Graph/jacobian(of:withRespectTo:)``: `upstream` is `∂L/∂output`
/// shaped like the output, and each result is `∂L/∂parent` shaped like its parent.
protocol OpFamily {
  /// Computes the op's value from its parents' values (their count already checked
  /// against ``Op/arity``), checking shapes.
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor

  /// The vector-Jacobian product: given `upstream = ∂L/∂output`, returns `∂L/∂parentᵢ`
  /// for each parent, each of its parent's shape, or `nil` where `needed[i]` is false.
  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream: Tensor, needed: [Bool]
  ) -> [Tensor?]

  /// The local derivative rule in words and TeX, one line per rule, as a rulebook states it
  /// (`d(tanh a)/da = 1 − tanh² a`).
  static func rule(_ op: Op) -> String

  /// True when the op's derivative jumps somewhere (a kink at 0 or a tie between candidates).
  static func hasKinks(_ op: Op) -> Bool

  /// Which branch the op takes at `inputs`, entry by entry (empty for smooth ops): a nudge
  /// that changes it has crossed a kink.
  static func branches(_ op: Op, _ inputs: [Tensor]) -> [Int]

  /// Whether `inputs` sit on a kink of the op or within `tolerance` of one (see
  /// ``Op/sitsOnKink(_:tolerance:)``).
  static func sitsOnKink(_ op: Op, _ inputs: [Tensor], tolerance: Double) -> Bool

  /// The wrong derivations learners typically make for this op.
  static func wrongDerivations(_ op: Op) -> [Slip]

  /// An upper bound of the work `forward` does on `inputs` (multiply-adds, else entries
  /// read), from shapes only.
  static func work(_ op: Op, _ inputs: [Tensor]) -> Double

  /// The functions of the math language this family's ops are called by (see
  /// ``LanguageFunction``), in the order `bptutor eval --help` lists them.
  static var functions: [LanguageFunction] { get }
}

extension OpFamily {
  static func hasKinks(_ op: Op) -> Bool { false }
  static func branches(_ op: Op, _ inputs: [Tensor]) -> [Int] { [] }
  static func sitsOnKink(_ op: Op, _ inputs: [Tensor], tolerance: Double) -> Bool { false }
  static func wrongDerivations(_ op: Op) -> [Slip] { [] }
  static var functions: [LanguageFunction] { [] }
  static func work(_ op: Op, _ inputs: [Tensor]) -> Double {
    inputs.reduce(1.0) { $0 + Double($1.count) }
  }
}

extension Op {
  /// Computes the op's value from its parents' values, checking shapes.
  func forward(_ inputs: [Tensor], limits: EngineLimits) throws(EngineError) -> Tensor {
    guard arity.contains(inputs.count) else {
      throw .invalidArgument(
        op: name, message: "takes \(arity.lowerBound) operands, got \(inputs.count)")
    }
    return try family.forward(self, inputs, limits: limits)
  }

  /// The vector-Jacobian product: given `upstream = ∂L/∂output`, returns
  /// `∂L/∂parentᵢ` for each parent, each of its parent's shape, or `nil` where
  /// `needed[i]` is false.
  func backward(
    _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    family.backward(self, inputs, output: output, upstream: g, needed: needed)
  }

  /// The local derivative rule as a rulebook states it, e.g. `d(tanh a)/da = 1 − tanh² a`.
  public var rule: String { family.rule(self) }

  /// The wrong derivations learners typically make for this op (filled per op).
  public var wrongDerivations: [Slip] { family.wrongDerivations(self) }

  /// True for ops whose derivative jumps somewhere: where their input is 0
  /// (relu, abs, sign; see ``hasKinkAtZero``) or where two candidates tie
  /// (`max`, `min`, their reductions, max pooling).
  public var hasKinks: Bool { family.hasKinks(self) }

  /// Which branch the op takes at `inputs`, entry by entry: the sign of a relu,
  /// abs or sign input; the operand a `max(a, b)` picks; the position a maximum
  /// over a row, a column or a pooling window picks. A nudge that changes it has
  /// crossed a kink. Empty for smooth ops.
  func branches(_ inputs: [Tensor]) -> [Int] { family.branches(self, inputs) }

  /// How close two candidates (or a relu, abs or sign input and 0) may come before they
  /// count as tied: `|a − b| ≤ kinkTolerance · max(1, |a|, |b|)`, relative with an absolute
  /// floor near 0. Hand-sized values drawn on a grid differ by far more; two maxima that
  /// differ only by rounding (7.85 against 7.8500000000000005) are caught.
  public static let kinkTolerance = 1e-9

  /// Whether `a` and `b` are equal within `tolerance` (see ``kinkTolerance``).
  @inline(__always)
  static func ties(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    a == b || Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
  }

  /// Whether `inputs` sit on one of the op's kinks, or within `tolerance` of one: a relu,
  /// abs or sign input at 0, or a tie that a `max`, `min`, their reductions or max pooling
  /// decides by taking the first candidate. A derivative there is a convention, not a
  /// limit, and a near-tie is decided by rounding. With `tolerance` 0 only exact kinks count.
  ///
  /// This is the engine's one kink rule: variants are redrawn by it and `check` applies it.
  public func sitsOnKink(_ inputs: [Tensor], tolerance: Double = Op.kinkTolerance) -> Bool {
    guard hasKinks, arity.contains(inputs.count) else { return false }
    return family.sitsOnKink(self, inputs, tolerance: tolerance)
  }

  /// An upper bound of the work `forward` does on `inputs`: multiply-adds for a matrix
  /// product or a convolution, otherwise the entries it reads. Cheap: shapes only.
  func estimatedWork(_ inputs: [Tensor]) -> Double { family.work(self, inputs) }
}

extension Graph {
  /// The first node, in graph order, whose parents' values sit on a kink of its op or
  /// within `tolerance` of one (``Op/sitsOnKink(_:tolerance:)``); nil when there is none.
  public func firstNodeOnKink(tolerance: Double = Op.kinkTolerance) -> NodeID? {
    for index in nodes.indices where nodes[index].op.hasKinks {
      let inputs = nodes[index].parents.map { nodes[$0.index].value }
      if nodes[index].op.sitsOnKink(inputs, tolerance: tolerance) {
        return NodeID(index: index)
      }
    }
    return nil
  }
}
