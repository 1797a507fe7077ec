/// Notation from NumPy, MATLAB, TeX and handwriting that this language reads otherwise or
/// not at all, each with a concrete suggestion of what to write instead.
///
/// Syntax errors pass through ``explain(_:source:)`` (the parser calls it), so the error
/// keeps its caret and gains a note: `np.array([[3],[-3]])` → "NumPy's
/// np.array([[3],[-3]]) is written [3; -3] here"; `a .* b` → "`*` already works entry by
/// entry"; `\frac{1}{2}` → "write 1/2". Notation that parses but means something else (a
/// decimal comma `0,57` is the row [0, 57]; `g2 x1` is the row [g2, x1]) depends on what the
/// step expects, so the answer checker decides and builds the error with
/// ``decimalComma(source:commas:)`` and ``implicitProduct(source:entries:)``.
public enum ForeignNotation {
  /// `error` with a suggestion when foreign notation caused it, else `error` unchanged.
  public static func explain(_ error: MathError, source: String) -> MathError {
    guard error.kind == .syntax, let range = error.range else { return error }
    let characters = Array(source)
    guard characters.indices.contains(range.lowerBound) else { return error }
    switch characters[range.lowerBound] {
    case ".":
      let dot = range.lowerBound
      let word = identifier(endingAt: dot, in: characters)
      if word == "np" || word == "numpy" {
        return numpy(characters, word: word, dot: dot) ?? error
      }
      if dot + 1 < characters.count, "*^/".contains(characters[dot + 1]) {
        return matlab(characters, at: dot)
      }
      if dot + 1 < characters.count, characters[dot + 1] == "T", !word.isEmpty,
        dot + 2 >= characters.count || !Lexer.continuesIdentifier(characters[dot + 2])
      {
        return MathError(
          .syntax, "NumPy's `.T` is not read here", at: SourceRange(dot, dot + 2),
          note: "write \(word)' or transpose(\(word)) for the transpose")
      }
      return error
    case "\\":
      return tex(characters, at: range.lowerBound)
    default:
      return error
    }
  }

  // MARK: - NumPy

  private static func numpy(_ characters: [Character], word: String, dot: Int) -> MathError? {
    let start = dot - word.count
    var end = dot + 1
    while end < characters.count, Lexer.continuesIdentifier(characters[end]) { end += 1 }
    let name = String(characters[(dot + 1)..<end])
    let range = SourceRange(start, end)
    let written = String(characters[start..<end])
    if name == "array" || name == "matrix" || name == "asarray" {
      guard let (open, close) = parenthesised(characters, after: end) else {
        return MathError(
          .syntax, "NumPy's `\(written)` is not read here", at: range,
          note: "write a column as [3; -3], a row as [3, -3], a matrix as [1 2; 3 4]")
      }
      let call = String(characters[start...close])
      let inner = String(characters[(open + 1)..<close])
      let note =
        bracketSyntax(inner).map { "NumPy's \(call) is written \($0) here" }
        ?? "write a column as [3; -3], a row as [3, -3], a matrix as [1 2; 3 4]"
      return MathError(.syntax, "NumPy's `\(written)` is not read here", at: range, note: note)
    }
    let note: String
    switch name {
    case "dot", "matmul": note = "write a @ b for the matrix product"
    case "T": note = "write A' or transpose(A) for the transpose"
    default:
      note =
        FunctionNames.contains(name)
        ? "write \(name)(…) without `\(word).`"
        : "functions are called without `\(word).`; `bptutor eval --help` lists them"
    }
    return MathError(.syntax, "NumPy's `\(written)` is not read here", at: range, note: note)
  }

  /// A NumPy list literal (`[[3],[-3]]`, `[[1, 2], [3, 4]]`, `[3, -3]`) in this language's
  /// bracket syntax, entries as typed: `[3; -3]`, `[1, 2; 3, 4]`, `[3, -3]`.
  static func bracketSyntax(_ list: String) -> String? {
    guard let expr = try? Parser.parse(list), case .matrix(let rows, let nested) = expr.kind,
      rows.count == 1
    else { return nil }
    let characters = Array(list)
    func text(_ entry: Expr) -> String {
      String(characters[entry.range.lowerBound..<entry.range.upperBound])
    }
    guard nested else {
      guard rows[0].allSatisfy({ if case .matrix = $0.kind { false } else { true } }) else {
        return nil
      }
      return "[" + rows[0].map(text).joined(separator: ", ") + "]"
    }
    var lines: [String] = []
    for inner in rows[0] {
      guard case .matrix(let innerRows, _) = inner.kind, innerRows.count == 1 else { return nil }
      lines.append(innerRows[0].map(text).joined(separator: ", "))
    }
    return "[" + lines.joined(separator: "; ") + "]"
  }

  // MARK: - MATLAB

  private static func matlab(_ characters: [Character], at dot: Int) -> MathError {
    let op = String(characters[dot...(dot + 1)])
    var rewritten = ""
    var index = 0
    while index < characters.count {
      if characters[index] == ".", index + 1 < characters.count,
        "*^/".contains(characters[index + 1]),
        index == 0 || !(characters[index - 1].isASCII && characters[index - 1].isNumber)
      {
        index += 1
        continue
      }
      rewritten.append(characters[index])
      index += 1
    }
    let plain = String(op.dropFirst())
    return MathError(
      .syntax, "MATLAB's `\(op)` is not read here", at: SourceRange(dot, dot + 2),
      note: "`\(plain)` already works entry by entry: write \(rewritten)")
  }

  // MARK: - TeX

  private static func tex(_ characters: [Character], at backslash: Int) -> MathError {
    var end = backslash + 1
    while end < characters.count, characters[end].isLetter { end += 1 }
    let command = String(characters[backslash..<end])
    let range = SourceRange(backslash, max(end, backslash + 1))
    var converter = TexToPlain(characters)
    if let plain = converter.convert(), (try? Parser.parse(plain)) != nil {
      return MathError(
        .syntax, "TeX's `\(command)` is not read here", at: range, note: "write \(plain)")
    }
    let note =
      command == "\\frac"
      ? "write a fraction as (a)/(b)" : "write plain math: * for a product, (a)/(b), sqrt(x)"
    return MathError(.syntax, "TeX's `\(command)` is not read here", at: range, note: note)
  }

  // MARK: - Read another way (the checker decides)

  /// Ranges of commas between digits with no space around them (`0,57`, `-1,5`), the
  /// digits before each not part of a name (`x1,2` is two entries).
  public static func decimalCommas(in source: String) -> [SourceRange] {
    let characters = Array(source)
    var found: [SourceRange] = []
    func isDigit(_ index: Int) -> Bool {
      characters.indices.contains(index) && characters[index].isASCII
        && characters[index].isNumber
    }
    for index in characters.indices where characters[index] == "," {
      guard isDigit(index - 1), isDigit(index + 1) else { continue }
      var start = index - 1
      while isDigit(start - 1) { start -= 1 }
      if start > 0, Lexer.continuesIdentifier(characters[start - 1]) || characters[start - 1] == "."
      {
        continue
      }
      found.append(SourceRange(index, index + 1))
    }
    return found
  }

  /// The source with each comma in `commas` made a decimal point (lengths unchanged).
  public static func withDecimalPoints(_ source: String, commas: [SourceRange]) -> String {
    var characters = Array(source)
    for comma in commas { characters[comma.lowerBound] = "." }
    return String(characters)
  }

  /// A decimal comma (`0,57`) read as two entries.
  public static func decimalComma(source: String, commas: [SourceRange]) -> MathError {
    let characters = Array(source)
    let first = commas[0].lowerBound
    var start = first
    while start > 0, characters[start - 1].isASCII, characters[start - 1].isNumber { start -= 1 }
    var end = first + 1
    while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
    let written = String(characters[start..<end])
    let meant = written.replacingComma()
    return MathError(
      .syntax, "`\(written)` reads as two entries here, \(written.replacingComma(with: " and "))",
      at: commas[0], note: "use a decimal point: write \(meant)")
  }

  /// Entries separated by a space (`g2 x1`, `2 x`) where their product is meant.
  public static func implicitProduct(source: String, entries: [Expr]) -> MathError {
    let characters = Array(source)
    func text(_ expr: Expr) -> String {
      String(characters[expr.range.lowerBound..<min(expr.range.upperBound, characters.count)])
    }
    let gap = SourceRange(entries[0].range.upperBound, entries[1].range.lowerBound)
    let product = entries.map(text).joined(separator: "*")
    return MathError(
      .syntax,
      "a space between `\(text(entries[0]))` and `\(text(entries[1]))` separates two entries",
      at: gap, note: "write \(product) for a product")
  }

  // MARK: - Helpers

  private static func identifier(endingAt end: Int, in characters: [Character]) -> String {
    var start = end
    while start > 0, Lexer.continuesIdentifier(characters[start - 1]) { start -= 1 }
    guard start < end, Lexer.startsIdentifier(characters[start]) else { return "" }
    return String(characters[start..<end])
  }

  /// The `(` at `index` (after spaces) and its matching `)`.
  private static func parenthesised(_ characters: [Character], after index: Int) -> (Int, Int)? {
    var open = index
    while open < characters.count, characters[open] == " " { open += 1 }
    guard open < characters.count, characters[open] == "(" else { return nil }
    var depth = 0
    for index in open..<characters.count {
      if characters[index] == "(" { depth += 1 }
      if characters[index] == ")" {
        depth -= 1
        if depth == 0 { return (open, index) }
      }
    }
    return nil
  }
}

extension String {
  fileprivate func replacingComma(with separator: String = ".") -> String {
    split(separator: ",", omittingEmptySubsequences: false).joined(separator: separator)
  }
}
