import TutorEngine

/// The catalogue of typical wrong derivations, op by op: for one node of an expression,
/// the expressions a learner's slip at that node computes instead.
///
/// Each rule is written as an expression of the same language, so evaluating the lesson's
/// graph with one node replaced reproduces the slip's answer. In the backward pass
/// (``Mode/backward``) a replacement is differentiated in place of the node while every
/// forward value stays right; `stop(x)` (``stopFunction``) marks a value the derivative
/// does not flow through, so `stop(f(u)) * u` has the derivative f(u) — the activation
/// used for its derivative.
public enum WrongRules {
  /// Whether a slip is in computing values or in differentiating them.
  public enum Mode: Sendable {
    case forward, backward
  }

  /// One wrong version of a node: what is computed instead, which misconception it is,
  /// and what was used in place of what (expressions, for the words).
  public struct Local: Sendable {
    public var replacement: Expr
    public var kind: Misconception.Kind
    public var used: Expr?
    public var belongs: Expr?
  }

  /// What the rules may ask of the lesson about a node.
  public struct Facts {
    /// Whether an expression's value is one number (a scale when multiplied by).
    public var isScalar: (Expr) -> Bool
    /// Other quantities of the same shape a learner may use in place of `name` (another
    /// layer's value, the pre-activation of an activation's output).
    public var alternatives: (String) -> [String]
    /// Whether `name` is read in more than one place, so its gradient sums over paths.
    public var isShared: (String) -> Bool

    public init(
      isScalar: @escaping (Expr) -> Bool, alternatives: @escaping (String) -> [String],
      isShared: @escaping (String) -> Bool
    ) {
      (self.isScalar, self.alternatives, self.isShared) = (isScalar, alternatives, isShared)
    }
  }

  /// The function that marks a value the derivative does not flow through. Its name
  /// cannot be typed (the lexer refuses `·`), so no lesson or answer can use it.
  public static let stopFunction = "·stop"

  /// The catalogued slips at `expr` itself (its children are visited separately).
  public static func locals(of expr: Expr, mode: Mode, facts: Facts) -> [Local] {
    let range = expr.range
    func node(_ kind: Expr.Kind) -> Expr { Expr(kind, range) }
    func call(_ name: String, _ arguments: [Expr.Argument]) -> Expr {
      node(.call(name, arguments, nameRange: range))
    }
    func plain(_ values: Expr...) -> [Expr.Argument] {
      values.map { Expr.Argument(label: nil, value: $0) }
    }
    func stop(_ value: Expr) -> Expr { call(stopFunction, plain(value)) }
    func chain(_ first: Expr, _ links: [(BinaryOperator, Expr)]) -> Expr {
      node(.chain(first, links.map { Expr.Link(op: $0.0, operand: $0.1, opRange: range) }))
    }
    func number(_ value: Double) -> Expr { node(.number(value)) }
    /// The backward form of "the derivative of this node is `slope`": stop(slope) * u.
    func slope(_ slope: Expr, _ u: Expr) -> Expr { chain(stop(slope), [(.multiply, u)]) }

    var result: [Local] = []
    switch expr.kind {
    case .call(let name, let arguments, _):
      let values = arguments.map(\.value)
      guard let u = values.first else { return [] }
      switch name {
      case let name where Op.elementwise(named: name)?.isActivation == true:
        if mode == .forward {
          result.append(Local(replacement: u, kind: .activationSkipped, used: u, belongs: expr))
        } else {
          result.append(Local(replacement: u, kind: .derivativeDropped, used: nil, belongs: expr))
          result.append(
            Local(
              replacement: slope(expr, u), kind: .activationForDerivative, used: expr,
              belongs: nil))
          if Op.elementwise(named: name)?.wrongDerivations.contains(.tanhDerivativeUnsquared)
            == true
          {
            let unsquared = chain(number(1), [(.subtract, expr)])
            result.append(
              Local(
                replacement: slope(unsquared, u), kind: .tanhDerivativeUnsquared,
                used: unsquared, belongs: nil))
          }
        }
      case "sum", "mean":
        let other = name == "sum" ? "mean" : "sum"
        result.append(
          Local(
            replacement: call(other, arguments), kind: name == "sum" ? .meanForSum : .sumForMean,
            used: nil, belongs: nil))
        if name == "mean" {
          // Dividing by N − 1: mean · N / (N − 1), N the entries averaged.
          result.append(
            Local(
              replacement: call(besselFunction, arguments), kind: .besselCorrection, used: nil,
              belongs: nil))
        }
      case "var":
        result.append(
          Local(
            replacement: call(besselFunction, [Expr.Argument(label: nil, value: expr)]),
            kind: .besselCorrection, used: nil, belongs: nil))
      case "log", "logsumexp", "crossentropy":
        result.append(
          Local(
            replacement: chain(expr, [(.divide, call("log", plain(number(10))))]),
            kind: .log10ForLn, used: nil, belongs: nil))
      case "lookup" where values.count == 2, "onehot" where values.count == 2:
        let position = name == "lookup" ? 1 : 0
        var shifted = arguments
        shifted[position].value = chain(values[position], [(.add, number(1))])
        result.append(
          Local(replacement: call(name, shifted), kind: .zeroBasedIndex, used: nil, belongs: nil))
      case "lookup" where mode == .backward && values.count == 2:
        // A repeated id's rows overwrite one another instead of adding up.
        result.append(
          Local(
            replacement: call(overwriteFunction, arguments), kind: .pathDropped, used: nil,
            belongs: values[0]))
      case "conv2d" where values.count >= 2:
        var flipped = arguments
        flipped[1].value = call(rotateFunction, plain(values[1]))
        result.append(
          Local(
            replacement: call(name, flipped), kind: .kernelFlipped, used: nil, belongs: nil))
      case "maxpool2d" where mode == .backward && values.count >= 2:
        // Every entry of a window gets the window's gradient: a sum over each window.
        var summed = arguments
        summed[1].value = call("ones", plain(values[1], values[1]))
        if !summed.contains(where: { $0.label == "stride" }) {
          summed.append(Expr.Argument(label: "stride", value: values[1]))
        }
        result.append(
          Local(
            replacement: call("conv2d", summed), kind: .poolingToAll, used: nil, belongs: nil))
      default: break
      }
      // The other axis, for any function that takes `dim = d`.
      if let index = arguments.firstIndex(where: { $0.label == "dim" }),
        case .number(let d) = arguments[index].value.kind, d == 1 || d == 2
      {
        var other = arguments
        other[index].value = number(3 - d)
        result.append(
          Local(replacement: call(name, other), kind: .otherAxis, used: nil, belongs: nil))
      }
    case .chain(let first, let links):
      result += chainLocals(first, links, expr: expr, mode: mode, facts: facts)
    case .power(let base, let exponent):
      if mode == .backward, !isNumber(exponent, 0), !isNumber(exponent, 1) {
        // d(uⁿ)/du = n·uⁿ⁻¹ with the n dropped.
        let lowered: Expr
        if case .number(let n) = exponent.kind {
          lowered = node(.power(base, number(n - 1)))
        } else {
          lowered = node(.power(base, chain(exponent, [(.subtract, number(1))])))
        }
        result.append(
          Local(
            replacement: slope(lowered, base), kind: .powerFactorDropped, used: nil, belongs: nil
          ))
      }
    case .transpose(let inner):
      result.append(Local(replacement: inner, kind: .transposeMissing, used: nil, belongs: nil))
    case .name(let name):
      for other in facts.alternatives(name) {
        let used = node(.name(other))
        result.append(Local(replacement: used, kind: .wrongOperand, used: used, belongs: expr))
      }
      if mode == .backward, facts.isShared(name) {
        result.append(
          Local(replacement: stop(expr), kind: .pathDropped, used: nil, belongs: expr))
      }
    default: break
    }
    // Each op lists its own slips (the engine's catalogue, beside the op); a chain's
    // slips are checked link by link in `chainLocals`.
    if case .chain = expr.kind { return result }
    guard let op = op(of: expr) else { return [] }
    let slips = op.wrongDerivations
    return result.filter { slips.contains($0.kind) }
  }

  /// The engine op an expression node builds, as far as its slips go (a reduction's
  /// axis, a kernel's stride do not change them).
  static func op(of expr: Expr) -> Op? {
    switch expr.kind {
    case .name: return .input
    case .transpose: return .transpose
    case .power: return .power
    case .call(let name, let arguments, _):
      var dim: Int?
      if let argument = arguments.first(where: { $0.label == "dim" }),
        case .number(let d) = argument.value.kind
      {
        dim = Int(d)
      }
      if let op = Op.elementwise(named: name) { return op }
      switch name {
      case "sum": return dim.map { .reduce(.sum, dim: $0) } ?? .sum
      case "mean": return dim.map { .reduce(.mean, dim: $0) } ?? .mean
      case "var": return .reduce(.variance, dim: dim ?? 1)
      case "logsumexp": return .reduce(.logSumExp, dim: dim ?? 1)
      case "max": return dim.map { .reduce(.max, dim: $0) }
      case "min": return dim.map { .reduce(.min, dim: $0) }
      case "softmax": return dim.map { .softmaxAlong(dim: $0) } ?? .softmax
      case "crossentropy": return .crossEntropy
      case "lookup", "onehot": return .oneHot(classes: 1)
      case "conv2d": return .conv2d(stride: 1, padding: 0)
      case "maxpool2d": return .maxPool2d(size: 1, stride: 1)
      default: return nil
      }
    default: return nil
    }
  }

  /// The op of a chain's operator.
  static func op(of link: BinaryOperator) -> Op {
    switch link {
    case .add: return .add
    case .subtract: return .subtract
    case .multiply: return .multiply
    case .divide: return .divide
    case .matmul: return .matmul
    }
  }

  /// `mean · N/(N − 1)`, N the entries a mean or variance averages: the evaluator of
  /// wrong derivations defines it (its name cannot be typed).
  public static let besselFunction = "·bessel"
  /// `lookup(E, ids)` whose rows of a repeated id are all but the last held constant (the
  /// gradient overwritten, not added): the evaluator of wrong derivations defines it.
  public static let overwriteFunction = "·overwrite"
  /// A matrix rotated by 180°: the evaluator of wrong derivations defines it.
  public static let rotateFunction = "·rot180"

  /// Slips at a chain `first op₁ e₁ op₂ e₂ …`: the product's kind, a transpose, a sign, a scale.
  private static func chainLocals(
    _ first: Expr, _ links: [Expr.Link], expr: Expr, mode: Mode, facts: Facts
  ) -> [Local] {
    let range = expr.range
    func rebuilt(_ first: Expr, _ links: [Expr.Link]) -> Expr {
      links.isEmpty ? first : Expr(.chain(first, links), range)
    }
    func transposed(_ operand: Expr) -> (Expr, Misconception.Kind) {
      if case .transpose(let inner) = operand.kind { return (inner, .transposeMissing) }
      return (Expr(.transpose(operand), operand.range), .transposeExtra)
    }
    var result: [Local] = []
    for (index, link) in links.enumerated() {
      let slips = op(of: link.op).wrongDerivations
      func add(_ local: Local) {
        if slips.contains(local.kind) { result.append(local) }
      }
      var changed = links
      switch link.op {
      case .matmul:
        changed[index].op = .multiply
        add(
          Local(
            replacement: rebuilt(first, changed), kind: .elementwiseForMatrixProduct, used: nil,
            belongs: nil))
        // A transpose on either factor of the product, added or left out.
        var right = links
        let (operand, kind) = transposed(link.operand)
        right[index].operand = operand
        add(
          Local(replacement: rebuilt(first, right), kind: kind, used: nil, belongs: nil))
        if index == 0 {
          let (left, leftKind) = transposed(first)
          add(
            Local(replacement: rebuilt(left, links), kind: leftKind, used: nil, belongs: nil))
        }
      case .multiply where !facts.isScalar(link.operand) && !facts.isScalar(first):
        changed[index].op = .matmul
        add(
          Local(
            replacement: rebuilt(first, changed), kind: .matrixProductForElementwise, used: nil,
            belongs: nil))
      case .add, .subtract:
        changed[index].op = link.op == .add ? .subtract : .add
        if mode == .backward {
          // Only the derivative's sign: a − b as a + b − 2·stop(b), the same value.
          let twice = Expr(
            .chain(
              Expr(.number(2), range),
              [
                Expr.Link(
                  op: .multiply,
                  operand: Expr(
                    .call(
                      stopFunction, [Expr.Argument(label: nil, value: link.operand)],
                      nameRange: range), range), opRange: range)
              ]), range)
          changed.insert(
            Expr.Link(op: link.op, operand: twice, opRange: range), at: index + 1)
        }
        add(
          Local(replacement: rebuilt(first, changed), kind: .signError, used: nil, belongs: nil))
      default: break
      }
      if (link.op == .multiply || link.op == .divide), facts.isScalar(link.operand),
        !isOne(link.operand)
      {
        var dropped = links
        dropped.remove(at: index)
        // The scale as it multiplies: c, or 1/c for a division.
        let scale =
          link.op == .divide
          ? Expr(
            .chain(
              Expr(.number(1), range),
              [Expr.Link(op: .divide, operand: link.operand, opRange: range)]), range)
          : link.operand
        add(
          Local(
            replacement: rebuilt(first, dropped), kind: .scaleMissing, used: nil, belongs: scale))
        // Twice: a named scale (1/(1 − p), 1/√d), not a literal such as the ½ of a loss.
        if case .number = link.operand.kind {
        } else {
          var twice = links
          twice.insert(link, at: index)
          add(
            Local(
              replacement: rebuilt(first, twice), kind: .scaleTwice, used: nil, belongs: scale))
        }
      }
    }
    // ½·Σ written as a mean (the other convention for a squared-error loss).
    if case .call("sum", let arguments, let nameRange) = first.kind, arguments.count == 1,
      Op.sum.wrongDerivations.contains(.meanForSum),
      links.count == 1, links[0].op == .divide, case .number = links[0].operand.kind
    {
      result.append(
        Local(
          replacement: Expr(.call("mean", arguments, nameRange: nameRange), range),
          kind: .meanForSum, used: nil, belongs: nil))
    }
    // A scale written first: `c * h`, `2 * x`.
    if let next = links.first, next.op == .multiply, facts.isScalar(first), !isOne(first),
      Op.multiply.wrongDerivations.contains(.scaleMissing),
      !facts.isScalar(next.operand)
    {
      result.append(
        Local(
          replacement: rebuilt(next.operand, Array(links.dropFirst())), kind: .scaleMissing,
          used: nil, belongs: first))
    }
    return result
  }

  private static func isNumber(_ expr: Expr, _ value: Double) -> Bool {
    if case .number(let number) = expr.kind { return number == value }
    return false
  }

  private static func isOne(_ expr: Expr) -> Bool {
    if case .number(let value) = expr.kind { return abs(value) == 1 }
    return false
  }
}
