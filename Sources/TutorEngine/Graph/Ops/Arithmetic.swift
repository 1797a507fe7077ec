import Foundation

/// `a + b`, `a − b`, `a ⊙ b`, `a ⊘ b`, `aᵇ`, `max(a, b)` and `min(a, b)`: element-wise
/// and broadcasting. Each parent's gradient is summed back over the axes it was
/// broadcast along (``Broadcast/reduce(_:to:)``).
enum Arithmetic: OpFamily {
  static func forward(_ op: Op, _ inputs: [Tensor], limits: EngineLimits) throws(EngineError)
    -> Tensor
  {
    switch op {
    case .add: return try Op.elementwise(inputs, op: "+", limits: limits) { $0 + $1 }
    case .subtract: return try Op.elementwise(inputs, op: "−", limits: limits) { $0 - $1 }
    case .multiply: return try Op.elementwise(inputs, op: "⊙", limits: limits) { $0 * $1 }
    case .divide: return try Op.elementwise(inputs, op: "÷", limits: limits) { $0 / $1 }
    case .power:
      return try Op.elementwise(inputs, op: "^", limits: limits) { Foundation.pow($0, $1) }
    case .maximum:
      return try Op.elementwise(inputs, op: "max", limits: limits) { Swift.max($0, $1) }
    default:
      return try Op.elementwise(inputs, op: "min", limits: limits) { Swift.min($0, $1) }
    }
  }

  static func backward(
    _ op: Op, _ inputs: [Tensor], output: Tensor, upstream g: Tensor, needed: [Bool]
  ) -> [Tensor?] {
    let (a, b) = (inputs[0], inputs[1])
    switch op {
    case .add:
      return [
        needed[0] ? Broadcast.reduce(g, to: a.shape) : nil,
        needed[1] ? Broadcast.reduce(g, to: b.shape) : nil,
      ]
    case .subtract:
      return [
        needed[0] ? Broadcast.reduce(g, to: a.shape) : nil,
        needed[1] ? Broadcast.reduce(g.mapScalars { -$0 }, to: b.shape) : nil,
      ]
    case .multiply:
      return [
        needed[0]
          ? Broadcast.reduce(Broadcast.apply(g, b, outShape: g.shape, *), to: a.shape) : nil,
        needed[1]
          ? Broadcast.reduce(Broadcast.apply(g, a, outShape: g.shape, *), to: b.shape) : nil,
      ]
    case .divide:
      var gradB: Tensor?
      if needed[1] {
        // ∂(a/b)/∂b = −a/b² = −output/b.
        let ratio = Broadcast.apply(output, b, outShape: g.shape) { -$0 / $1 }
        gradB = Broadcast.reduce(ratio.zipScalars(g, *), to: b.shape)
      }
      return [
        needed[0]
          ? Broadcast.reduce(Broadcast.apply(g, b, outShape: g.shape, /), to: a.shape) : nil,
        gradB,
      ]
    case .power:
      var gradA: Tensor?
      var gradB: Tensor?
      if needed[0] {
        // ∂(aᵇ)/∂a = b·aᵇ⁻¹.
        let local = Broadcast.apply(a, b, outShape: g.shape) {
          $1 == 0 ? 0 : $1 * Foundation.pow($0, $1 - 1)
        }
        gradA = Broadcast.reduce(local.zipScalars(g, *), to: a.shape)
      }
      if needed[1] {
        // ∂(aᵇ)/∂b = aᵇ·ln a: 0 where a = 0, undefined (NaN) where a < 0.
        let local = Broadcast.apply(output, a, outShape: g.shape) { power, base in
          base == 0 ? 0 : power * Foundation.log(base)
        }
        gradB = Broadcast.reduce(local.zipScalars(g, *), to: b.shape)
      }
      return [gradA, gradB]
    default:
      // max and min: the gradient goes to the chosen operand, to `a` on a tie.
      let toA = Broadcast.apply(a, b, outShape: g.shape, picksA(op)).zipScalars(g, *)
      return [
        needed[0] ? Broadcast.reduce(toA, to: a.shape) : nil,
        needed[1] ? Broadcast.reduce(g.zipScalars(toA, -), to: b.shape) : nil,
      ]
    }
  }

  /// A term's sign; a scale left out or applied twice; `*` for `@`; the exponent's factor.
  static func wrongDerivations(_ op: Op) -> [Slip] {
    let scale: [Slip] = [.scaleMissing, .scaleTwice]
    let byOp: [Op: [Slip]] = [
      .add: [.signError, .ascent], .subtract: [.signError, .ascent],
      .multiply: [.matrixProductForElementwise] + scale, .divide: scale,
      .power: [.powerFactorDropped],
    ]
    return byOp[op] ?? []
  }

  static func rule(_ op: Op) -> String {
    switch op {
    case .add: return "∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1, summed over broadcast axes"
    case .subtract: return "∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1, summed over broadcast axes"
    case .multiply: return "∂(a ⊙ b)/∂a = b, ∂(a ⊙ b)/∂b = a, entry by entry"
    case .divide: return "∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b², entry by entry"
    case .power: return "∂(aᵇ)/∂a = b·aᵇ⁻¹, ∂(aᵇ)/∂b = aᵇ·ln a"
    case .maximum: return "∂max(a, b)/∂a = 1 where a ≥ b, else 0; b takes the rest"
    default: return "∂min(a, b)/∂a = 1 where a ≤ b, else 0; b takes the rest"
    }
  }

  static func hasKinks(_ op: Op) -> Bool { op == .maximum || op == .minimum }

  static func branches(_ op: Op, _ inputs: [Tensor]) -> [Int] {
    guard hasKinks(op),
      let shape = try? Broadcast.shape(inputs[0].shape, inputs[1].shape, op: op.name)
    else { return [] }
    return Broadcast.apply(inputs[0], inputs[1], outShape: shape, picksA(op)).scalars.map {
      Int($0)
    }
  }

  static func sitsOnKink(_ op: Op, _ inputs: [Tensor], tolerance: Double) -> Bool {
    guard let shape = try? Broadcast.shape(inputs[0].shape, inputs[1].shape, op: op.name) else {
      return false
    }
    return Broadcast.apply(inputs[0], inputs[1], outShape: shape) {
      Op.ties($0, $1, tolerance: tolerance) ? 1 : 0
    }.scalars.contains(1)
  }

  /// 1 where `max` (or `min`) picks its first operand, ties included, else 0.
  private static func picksA(_ op: Op) -> (Double, Double) -> Double {
    op == .maximum ? { $0 >= $1 ? 1 : 0 } : { $0 <= $1 ? 1 : 0 }
  }
}

extension Op {
  /// A broadcasting element-wise op's value, its shape checked against the limits.
  static func elementwise(
    _ inputs: [Tensor], op: String, limits: EngineLimits, _ body: (Double, Double) -> Double
  ) throws(EngineError) -> Tensor {
    let shape = try Broadcast.shape(inputs[0].shape, inputs[1].shape, op: op)
    _ = try Tensor.elementCount(of: shape, limit: limits.maxElements)
    return Broadcast.apply(inputs[0], inputs[1], outShape: shape, body)
  }
}
