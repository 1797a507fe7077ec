extension AnswerChecker {
  /// Foreign notation that parsed, but as something the step does not ask for, when the
  /// meant reading fits: the error to show instead of judging the misreading.
  ///
  /// The rule, for value and formula steps alike: only when the answer as read has a shape
  /// the step does not accept (a shape that fits is judged as typed, so `[0,57]` for a row
  /// stays the row [0, 57]):
  /// - a decimal comma: digits on both sides of a comma, no space (`0,57`, `[1,5; 2,5]`),
  ///   and the answer with those commas made points fits → "use a decimal point";
  /// - an implicit product: a bare row of entries separated by spaces only (`g2 x1`,
  ///   `2 x`), not all of them numbers, where one value is asked, and the entries joined
  ///   by `*` fit → "write g2*x1".
  ///
  /// An answer that parses but cannot be evaluated (`[1,18; -1]` is ragged, `a v` puts a
  /// number beside a column) gets the same suggestions when the meant reading fits.
  static func misreadNotation(
    _ expr: Expr, source: String, fits: (Expr) -> Bool
  ) -> MathError? {
    if let comma = decimalComma(source, fits: fits) { return comma }
    if let entries = spaceSeparatedEntries(expr, source: source),
      !entries.allSatisfy({ TypedNumber.number($0, Array(source)) != nil }),
      let product = try? Parser.parse(
        entries.map { String(Array(source)[$0.range.lowerBound..<$0.range.upperBound]) }
          .joined(separator: "*")),
      fits(product)
    {
      return ForeignNotation.implicitProduct(source: source, entries: entries)
    }
    return nil
  }

  /// The decimal-comma error when `source` has commas between digits and reads as
  /// something that fits once they are points.
  static func decimalComma(_ source: String, fits: (Expr) -> Bool) -> MathError? {
    let commas = ForeignNotation.decimalCommas(in: source)
    guard !commas.isEmpty,
      let meant = try? Parser.parse(ForeignNotation.withDecimalPoints(source, commas: commas)),
      fits(meant)
    else { return nil }
    return ForeignNotation.decimalComma(source: source, commas: commas)
  }

  /// The entries of a bare one-row answer (no brackets) separated by spaces only.
  private static func spaceSeparatedEntries(_ expr: Expr, source: String) -> [Expr]? {
    guard case .matrix(let rows, _) = expr.kind, rows.count == 1, rows[0].count >= 2,
      expr.range.lowerBound == rows[0][0].range.lowerBound
    else { return nil }
    let characters = Array(source)
    let row = rows[0]
    for (left, right) in zip(row, row.dropFirst()) {
      let lower = min(left.range.upperBound, characters.count)
      let upper = min(max(right.range.lowerBound, lower), characters.count)
      guard upper > lower, characters[lower..<upper].allSatisfy(\.isWhitespace) else {
        return nil
      }
    }
    return row
  }
}
