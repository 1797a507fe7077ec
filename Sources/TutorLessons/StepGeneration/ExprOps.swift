import TutorEngine
import TutorMath

/// What a lesson expression computes, read from its syntax: the engine ops it builds
/// (so a generated step takes its rulebook lines, ``Op/rule``, and its skills from the
/// op that owns them) and how it is written in TeX with the lesson's notation.
enum ExprOps {
  /// The ops `expr` builds, outermost first, each once (leaves and lesson-only calls
  /// left out).
  static func ops(_ expr: Expr) -> [Op] {
    var found: [Op] = []
    func add(_ op: Op) { if !found.contains(op) { found.append(op) } }
    func visit(_ expr: Expr) {
      switch expr.kind {
      case .number, .name, .matrix: break
      case .negate: add(.negate)
      case .transpose: add(.transpose)
      case .power: add(.power)
      case .index: add(.pick([1]))
      case .slice: add(.slice([]))
      case .chain(_, let links):
        for link in links {
          switch link.op {
          case .add: add(.add)
          case .subtract: add(.subtract)
          case .multiply: add(.multiply)
          case .divide: add(.divide)
          case .matmul: add(.matmul)
          }
        }
      case .call(let name, let arguments, _):
        if let op = op(call: name, arguments: arguments) { add(op) }
      }
      expr.subexpressions.forEach(visit)
    }
    visit(expr)
    return found
  }

  /// The op a call of the language builds (its parameters only as far as the rulebook
  /// and the skills need them).
  static func op(call name: String, arguments: [Expr.Argument]) -> Op? {
    let hasDim = arguments.contains { $0.label == "dim" }
    if let op = Op.elementwise(named: name) { return op }
    switch name {
    case "ln": return .log
    case "σ": return .sigmoid
    case "sum": return hasDim ? .reduce(.sum, dim: 1) : .sum
    case "mean": return hasDim ? .reduce(.mean, dim: 1) : .mean
    case "var": return .reduce(.variance, dim: 1)
    case "logsumexp": return .reduce(.logSumExp, dim: 1)
    case "max": return arguments.count == 2 && !hasDim ? .maximum : .reduce(.max, dim: 1)
    case "min": return arguments.count == 2 && !hasDim ? .minimum : .reduce(.min, dim: 1)
    case "softmax": return hasDim ? .softmaxAlong(dim: 1) : .softmax
    case "transpose": return .transpose
    case "diag": return .diag
    case "norm": return .pNormPower
    case "crossentropy": return .crossEntropy
    case "onehot": return .oneHot(classes: 1)
    case "lookup": return .matmul
    case "reshape", "flatten", "concat": return .reshape([1])
    case "conv2d": return .conv2d(stride: 1, padding: 0)
    case "maxpool2d": return .maxPool2d(size: 2, stride: 2)
    default: return nil
    }
  }

  /// The skills a step over these ops trains (forward or backward), from the vocabulary.
  static func skills(_ ops: [Op], backward: Bool, isLoss: Bool) -> [String] {
    var skills: [String] = []
    func add(_ skill: String) { if !skills.contains(skill) { skills.append(skill) } }
    for op in ops {
      switch op.kind {
      case .matmul, .transpose: add(backward ? "matmul-backward" : "forward-matmul")
      case .relu: add(backward ? "relu-mask" : "activation-forward")
      case .sigmoid, .tanh, .exp, .log, .sqrt, .abs, .sign:
        add(backward ? "activation-backward" : "activation-forward")
      case .softmax, .softmaxAlong: add(backward ? "softmax-jacobian" : "softmax-forward")
      case .crossEntropy: add(backward ? "cross-entropy-gradient" : "loss-forward")
      case .squaredError: add(backward ? "chain-rule-scalar" : "loss-forward")
      case .conv2d: add(backward ? "conv-backward" : "conv-forward")
      case .maxPool2d, .maximum, .minimum: add("pooling")
      case .reduce:
        if case .reduce(let reduction, _) = op, reduction == .variance {
          add("normalization")
        } else {
          add(backward ? "broadcast-sum" : "forward-matmul")
        }
      case .pNormPower: add(backward ? "regularizer-gradient" : "loss-forward")
      case .oneHot: add("embedding-lookup")
      default: break
      }
    }
    if isLoss, !backward { add("loss-forward") }
    if backward, skills.isEmpty { add("chain-rule-scalar") }
    if !backward, skills.isEmpty { add(isLoss ? "loss-forward" : "forward-matmul") }
    return skills
  }

  // MARK: - TeX

  /// `expr` in TeX, each name by `tex` (the lesson's notation).
  static func tex(_ expr: Expr, _ tex: @escaping (String) -> String) -> String {
    TeXWriter(name: tex).write(expr)
  }
}

/// Writes an expression of the language as TeX the renderer knows: `W @ x` as `W x`,
/// `a * b` as `a \odot b`, `a / b` as a fraction, `relu(a)` as `\mathrm{relu}(a)`.
private struct TeXWriter {
  let name: (String) -> String

  private enum Level: Int, Comparable {
    case sum = 1, product, unary, power, postfix, atom
    static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
  }

  private func level(_ expr: Expr) -> Level {
    switch expr.kind {
    case .chain(_, let links):
      let op = links.first?.op
      if op == .add || op == .subtract { return .sum }
      return links.allSatisfy { $0.op == .divide } && links.count == 1 ? .atom : .product
    case .negate: return .unary
    case .power: return .power
    case .transpose, .index, .slice: return .postfix
    case .number(let value): return value < 0 ? .unary : .atom
    case .name, .call, .matrix: return .atom
    }
  }

  private func write(_ expr: Expr, atLeast required: Level) -> String {
    let text = write(expr)
    return level(expr) < required ? "(" + text + ")" : text
  }

  func write(_ expr: Expr) -> String {
    switch expr.kind {
    case .number(let value):
      if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
      return "\(value)"
    case .name(let text):
      return name(text)
    case .negate(let operand):
      return "-" + write(operand, atLeast: .unary)
    case .chain(let first, let links):
      if links.count == 1, links[0].op == .divide {
        return "\\frac{" + write(first) + "}{" + write(links[0].operand) + "}"
      }
      let own = level(expr)
      var text = write(first, atLeast: own)
      for link in links {
        let operand = write(link.operand, atLeast: own == .sum ? .product : .unary)
        switch link.op {
        case .add: text += " + " + operand
        case .subtract: text += " - " + operand
        case .multiply: text += " \\odot " + operand
        case .divide: text += " / " + operand
        case .matmul: text += " " + operand
        }
      }
      return text
    case .power(let base, let exponent):
      return write(base, atLeast: .postfix) + "^{" + write(exponent) + "}"
    case .transpose(let operand):
      return write(operand, atLeast: .postfix) + "^{\\top}"
    case .index(let base, let indices):
      return write(base, atLeast: .postfix) + "_{" + indices.map(write).joined(separator: ",")
        + "}"
    case .slice:
      return "\\mathrm{" + ExprPrinter.string(expr) + "}"
    case .call(let function, let arguments, _):
      let list = arguments.map { argument in
        (argument.label.map { "\\mathrm{\($0)} = " } ?? "") + write(argument.value)
      }.joined(separator: ", ")
      switch function {
      case "exp", "log", "tanh": return "\\\(function)(" + list + ")"
      case "ln": return "\\log(" + list + ")"
      case "sqrt" where arguments.count == 1: return "\\sqrt{" + list + "}"
      case "sigmoid": return "\\sigma(" + list + ")"
      default: return "\\mathrm{\(function)}(" + list + ")"
      }
    case .matrix:
      return "\\mathrm{" + ExprPrinter.string(expr) + "}"
    }
  }
}
