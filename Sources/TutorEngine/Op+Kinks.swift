extension Op {
  /// True for ops whose derivative jumps somewhere: where their input is 0
  /// (relu, abs, sign; see ``hasKinkAtZero``) or where two candidates tie
  /// (`max`, `min`, their reductions, max pooling).
  public var hasKinks: Bool {
    switch self {
    case .relu, .abs, .sign, .maximum, .minimum, .maxPool2d: return true
    case .reduce(let reduction, _): return reduction == .max || reduction == .min
    default: return false
    }
  }

  /// Which branch the op takes at `inputs`, entry by entry: the sign of a relu,
  /// abs or sign input; the operand a `max(a, b)` picks; the position a maximum
  /// over a row, a column or a pooling window picks. A nudge that changes it has
  /// crossed a kink. Empty for smooth ops.
  func branches(_ inputs: [Tensor]) -> [Int] {
    switch self {
    case .relu, .abs, .sign:
      return inputs[0].scalars.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .maximum, .minimum:
      guard let shape = try? Broadcast.shape(inputs[0].shape, inputs[1].shape, op: name) else {
        return []
      }
      let picksA: (Double, Double) -> Double =
        self == .maximum ? { $0 >= $1 ? 1 : 0 } : { $0 <= $1 ? 1 : 0 }
      return Broadcast.apply(inputs[0], inputs[1], outShape: shape, picksA).scalars.map { Int($0) }
    case .reduce(let reduction, let dim) where reduction == .max || reduction == .min:
      guard let lanes = try? Lanes(shape: inputs[0].shape, dim: dim, op: name) else { return [] }
      return (0..<lanes.count).map { lane in
        let x = lanes.values(of: inputs[0].scalars, lane: lane)
        let extreme = reduction == .max ? x.max() : x.min()
        return extreme.flatMap { x.firstIndex(of: $0) } ?? 0
      }
    case .maxPool2d(let size, let stride):
      let geometry = try? MaxPooling(input: inputs[0].shape, size: size, stride: stride)
      return geometry?.argmax(inputs[0].scalars) ?? []
    default:
      return []
    }
  }

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
    switch self {
    case .relu, .abs, .sign:
      return inputs[0].scalars.contains { Op.ties($0, 0, tolerance: tolerance) }
    case .maximum, .minimum:
      guard let shape = try? Broadcast.shape(inputs[0].shape, inputs[1].shape, op: name) else {
        return false
      }
      return Broadcast.apply(inputs[0], inputs[1], outShape: shape) {
        Op.ties($0, $1, tolerance: tolerance) ? 1 : 0
      }.scalars.contains(1)
    case .reduce(let reduction, let dim):
      guard let lanes = try? Lanes(shape: inputs[0].shape, dim: dim, op: name) else {
        return false
      }
      return (0..<lanes.count).contains { lane in
        let x = lanes.values(of: inputs[0].scalars, lane: lane)
        guard let extreme = reduction == .max ? x.max() : x.min() else { return false }
        return x.filter { Op.ties($0, extreme, tolerance: tolerance) }.count > 1
      }
    case .maxPool2d(let size, let stride):
      guard let geometry = try? MaxPooling(input: inputs[0].shape, size: size, stride: stride)
      else { return false }
      return geometry.hasTie(inputs[0].scalars, tolerance: tolerance)
    default:
      return false
    }
  }
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
