/// Parses each distinct text once and hands out the same result for it again: a lesson
/// names the same quantities in many places (relu-1-2-2-1 parses 136 texts at load, 62
/// of them distinct; `eta` alone 12 times). Parsing is deterministic, so a remembered
/// result is exactly the one parsing again would give.
public struct ParseMemo {
  private var results: [String: Result<Expr, MathError>] = [:]

  public init() {}

  /// `text` parsed with the default limits, or why it could not be.
  public mutating func parse(_ text: String) -> Result<Expr, MathError> {
    if let result = results[text] { return result }
    let result = Result { () throws(MathError) in try Parser.parse(text) }
    results[text] = result
    return result
  }
}
