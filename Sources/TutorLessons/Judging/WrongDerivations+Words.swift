import TutorMath

extension WrongDerivations {
  /// The misconception a slip is, in the lesson's own names and notation: the quantity
  /// whose derivation it sits in, and what was used in place of what, as TeX.
  func describe(
    _ local: WrongRules.Local, in name: String?, mode: WrongRules.Mode,
    _ definitions: [(String, Expr)]
  ) -> Misconception {
    var kind = local.kind
    // A transpose added to a factor in the forward form is one left out of its backward
    // formula (∂(W x)/∂x carries Wᵀ), and the reverse.
    if mode == .backward {
      if kind == .transposeExtra {
        kind = .transposeMissing
      } else if kind == .transposeMissing {
        kind = .transposeExtra
      }
    }
    var used = local.used.map(tex)
    var belongs = local.belongs.map(tex)
    // Using an activation's input for its output is skipping the activation.
    if kind == .wrongOperand, case .name(let usedName)? = local.used?.kind,
      case .name(let belongsName)? = local.belongs?.kind,
      let definition = definitions.first(where: { $0.0 == belongsName }),
      case .call(let function, let arguments, _) = definition.1.kind,
      WrongDerivations.activations.contains(function),
      case .name(usedName)? = arguments.first?.value.kind
    {
      kind = .activationSkipped
      used = lesson.tex(for: usedName)
      belongs = lesson.tex(for: belongsName) + " = " + tex(definition.1)
    }
    let node = name.map { QuantityReference(name: $0, tex: lesson.tex(for: $0)) }
    return Misconception(
      kind, node: node, used: used, belongs: belongs, inBackward: mode == .backward)
  }

  /// An expression of the lesson as TeX: names in the lesson's notation, the activations
  /// by their usual names.
  func tex(_ expr: Expr) -> String {
    switch expr.kind {
    case .number(let value):
      return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    case .name(let name): return lesson.tex(for: name)
    case .negate(let inner): return "-" + tex(inner)
    case .transpose(let inner): return tex(inner) + "^\\top"
    case .power(let base, let exponent): return "{" + tex(base) + "}^{" + tex(exponent) + "}"
    case .chain(let first, let links):
      var text = tex(first)
      for link in links {
        switch link.op {
        case .add: text += " + "
        case .subtract: text += " - "
        case .multiply: text += " \\odot "
        case .divide: text += " / "
        case .matmul: text += " "
        }
        text += tex(link.operand)
      }
      return text
    case .call(let function, let arguments, _):
      let inside = arguments.map { ($0.label.map { $0 + " = " } ?? "") + tex($0.value) }
        .joined(separator: ", ")
      switch function {
      case "relu": return "\\mathrm{ReLU}(" + inside + ")"
      case "sigmoid": return "\\sigma(" + inside + ")"
      case "tanh": return "\\tanh(" + inside + ")"
      default: return "\\mathrm{" + function + "}(" + inside + ")"
      }
    default:
      return "\\mathrm{" + ExprPrinter.string(expr) + "}"
    }
  }
}
