/// Writes an ``Expr`` back as text in the language's own syntax, with only the
/// parentheses precedence needs: how the checker says it read a formula
/// ("read as s*(1 - s)").
public enum ExprPrinter {
  public static func string(_ expr: Expr) -> String {
    print(expr)
  }

  /// Precedence levels, loosest first.
  private enum Level: Int, Comparable {
    case sum = 1, product, unary, power, postfix, atom
    static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
  }

  private static func level(_ expr: Expr) -> Level {
    switch expr.kind {
    case .chain(_, let links):
      let op = links.first?.op
      return op == .add || op == .subtract ? .sum : .product
    case .negate: return .unary
    case .power: return .power
    case .transpose, .index, .slice: return .postfix
    case .number(let value): return value < 0 ? .unary : .atom
    case .name, .call, .matrix: return .atom
    }
  }

  private static func print(_ expr: Expr, atLeast required: Level) -> String {
    let text = print(expr)
    return level(expr) < required ? "(" + text + ")" : text
  }

  private static func print(_ expr: Expr) -> String {
    switch expr.kind {
    case .number(let value):
      if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
      return "\(value)"
    case .name(let name):
      return name
    case .negate(let operand):
      return "-" + print(operand, atLeast: .unary)
    case .chain(let first, let links):
      let own = level(expr)
      var text = print(first, atLeast: own)
      for link in links {
        let spaced = link.op == .add || link.op == .subtract || link.op == .matmul
        let op = spaced ? " \(link.op.rawValue) " : link.op.rawValue
        text += op + print(link.operand, atLeast: own == .sum ? .product : .unary)
      }
      return text
    case .power(let base, let exponent):
      return print(base, atLeast: .postfix) + "^" + print(exponent, atLeast: .unary)
    case .transpose(let operand):
      return print(operand, atLeast: .postfix) + "'"
    case .index(let base, let indices):
      return print(base, atLeast: .postfix) + "[" + indices.map(print).joined(separator: ", ")
        + "]"
    case .slice(let base, let subscripts):
      let items = subscripts.map { item -> String in
        switch item {
        case .index(let i): return print(i)
        case .range(let lower, let upper, _):
          return (lower.map { print($0) } ?? "") + ":" + (upper.map { print($0) } ?? "")
        }
      }
      return print(base, atLeast: .postfix) + "[" + items.joined(separator: ", ") + "]"
    case .call(let name, let arguments, _):
      let list = arguments.map { argument in
        (argument.label.map { "\($0) = " } ?? "") + print(argument.value)
      }
      return name + "(" + list.joined(separator: ", ") + ")"
    case .matrix(let rows, let nestedList):
      if nestedList, let only = rows.first {
        return "[" + only.map(print).joined(separator: ", ") + "]"
      }
      return "[" + rows.map { $0.map(print).joined(separator: ", ") }.joined(separator: "; ")
        + "]"
    }
  }
}
