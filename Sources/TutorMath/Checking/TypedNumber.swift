import Foundation

/// A number as the learner typed it: its text and how many significant figures it gives.
///
/// Significant figures follow the school convention: leading zeros never count
/// (`0.0900` has 3), zeros after a decimal point always do (`0.0900`, `2.50`), and
/// trailing zeros of a whole number without a point do not (`1200` has 2). The exponent
/// of `2.50e-3` does not change the count (3).
public struct TypedNumber: Equatable, Sendable {
  /// The entry exactly as typed, sign included (`-0.245`, `−6`).
  public var text: String
  /// How many significant figures the digits give (0 for a zero such as `0.00`).
  public var significantFigures: Int
  /// The power of ten of the last significant digit: −4 for `0.0900`, 2 for `1200`.
  public var lastDigitExponent: Int

  public init(text: String, significantFigures: Int, lastDigitExponent: Int) {
    (self.text, self.significantFigures, self.lastDigitExponent) = (
      text, significantFigures, lastDigitExponent
    )
  }

  /// Reads the figures of a numeric literal (`0.0900`, `.5`, `3.`, `2.5E+2`); `text` is
  /// what to echo (the literal with its sign as typed).
  public init?(literal: String, text: String) {
    var mantissa = Substring(literal)
    var exponent = 0
    if let e = literal.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = literal[..<e]
      guard let value = Int(literal[literal.index(after: e)...]) else { return nil }
      exponent = value
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count) else { return nil }
    let whole = parts[0]
    let fraction = parts.count == 2 ? parts[1] : ""
    let digits = Array(whole + fraction)
    guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), !digits.isEmpty else { return nil }
    guard let first = digits.firstIndex(where: { $0 != "0" }) else {
      self.init(text: text, significantFigures: 0, lastDigitExponent: exponent - fraction.count)
      return
    }
    var significant = digits.count - first
    var last = exponent - fraction.count
    if parts.count == 1 {
      // `1200`: trailing zeros of a whole number are placeholders, not figures.
      let zeros = digits.reversed().prefix { $0 == "0" }.count
      significant -= zeros
      last += zeros
    }
    self.init(text: text, significantFigures: significant, lastDigitExponent: last)
  }

  /// Whether `value` (what the learner typed, as a number) is `expected` correctly
  /// rounded to the figures typed: |value − expected| ≤ ½·10^lastDigitExponent, a
  /// hair of slack so a tie rounds either way.
  public func isRounding(_ value: Double, of expected: Double) -> Bool {
    guard value.isFinite, expected.isFinite else { return false }
    let halfUnit = 0.5 * pow(10, Double(lastDigitExponent))
    return abs(value - expected) <= halfUnit * (1 + 1e-9)
  }
}

extension TypedNumber {
  /// The numbers typed for each entry of a literal answer (`1.1799`, `[0.0900; 0.245]`,
  /// `[[1, 2], [3, 4]]`, the bare `3 0`), row-major; `nil` for an entry that is computed
  /// (`1/3`, `x1`). `nil` as a whole when the answer is not a literal of `count` entries
  /// (`-2*(6-3)`, `[a1; 5]` with a vector `a1`), so its value is shown instead.
  public static func entries(of expr: Expr, source: String, count: Int) -> [TypedNumber?]? {
    let characters = Array(source)
    var found: [TypedNumber?] = []
    func collect(_ entry: Expr) -> Bool {
      if case .matrix(let rows, _) = entry.kind {
        guard rows.count == 1 else { return false }
        for item in rows[0] {
          // Only scalars inside an inner row: `[[1, 2], [3, 4]]`.
          if case .matrix = item.kind { return false }
          found.append(number(item, characters))
        }
        return true
      }
      found.append(number(entry, characters))
      return true
    }
    switch expr.kind {
    case .matrix(let rows, _):
      for row in rows {
        for entry in row where !collect(entry) { return nil }
      }
    default:
      guard count == 1, let typed = number(expr, characters) else { return nil }
      return [typed]
    }
    guard found.count == count, found.contains(where: { $0 != nil }) else { return nil }
    return found
  }

  /// A number literal, maybe signed (`-0.245`, `− 6`), with its text as typed.
  static func number(_ expr: Expr, _ characters: [Character]) -> TypedNumber? {
    var inner = expr
    if case .negate(let operand) = expr.kind { inner = operand }
    guard case .number = inner.kind else { return nil }
    let literal = text(inner.range, characters)
    let shown = text(expr.range, characters).filter { !$0.isWhitespace }
    return TypedNumber(literal: literal, text: shown)
  }

  private static func text(_ range: SourceRange, _ characters: [Character]) -> String {
    let lower = min(max(range.lowerBound, 0), characters.count)
    let upper = min(max(range.upperBound, lower), characters.count)
    return String(characters[lower..<upper])
  }
}
