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

  /// Whether `inputs` sit exactly on one of the op's kinks: a relu, abs or sign
  /// input at 0, or a tie that a `max`, `min` or max pooling decides by taking
  /// the first candidate. A derivative there is a convention, not a limit.
  public func sitsOnKink(_ inputs: [Tensor]) -> Bool {
    guard hasKinks, arity.contains(inputs.count) else { return false }
    switch self {
    case .relu, .abs, .sign:
      return inputs[0].scalars.contains(0)
    case .maximum, .minimum:
      guard let shape = try? Broadcast.shape(inputs[0].shape, inputs[1].shape, op: name) else {
        return false
      }
      return Broadcast.apply(inputs[0], inputs[1], outShape: shape) { $0 == $1 ? 1 : 0 }
        .scalars.contains(1)
    case .reduce(let reduction, let dim):
      guard let lanes = try? Lanes(shape: inputs[0].shape, dim: dim, op: name) else {
        return false
      }
      return (0..<lanes.count).contains { lane in
        let x = lanes.values(of: inputs[0].scalars, lane: lane)
        guard let extreme = reduction == .max ? x.max() : x.min() else { return false }
        return x.filter { $0 == extreme }.count > 1
      }
    case .maxPool2d(let size, let stride):
      guard let geometry = try? MaxPooling(input: inputs[0].shape, size: size, stride: stride)
      else { return false }
      return geometry.hasTie(inputs[0].scalars)
    default:
      return false
    }
  }
}
