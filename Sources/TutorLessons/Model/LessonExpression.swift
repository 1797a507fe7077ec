import TutorMath

/// An expression of a lesson file (a given, a graph quantity, an `ask`, a formula, a
/// mistake, a learning rate, an `agrees` value), parsed once when the file is loaded.
///
/// Binding, variants, the linter and the graph view evaluate ``parsed``; nothing
/// parses lesson text again. A text that does not parse keeps its error, reported at
/// its place in the file where the expression is first needed.
public struct LessonExpression: Equatable, Sendable {
  /// The text as written, with its place in the file.
  public let source: Located
  /// The parsed expression, or why it could not be parsed.
  public let parsed: Result<Expr, MathError>

  /// Parses `source` (the only parse of this text).
  public init(_ source: Located) {
    self.source = source
    do {
      parsed = .success(try Parser.parse(source.text))
    } catch {
      parsed = .failure(error)
    }
  }

  /// `source` with its parse (when it was parsed already, as the same text elsewhere).
  init(_ source: Located, parsed: Result<Expr, MathError>) {
    (self.source, self.parsed) = (source, parsed)
  }

  /// The text as written.
  public var text: String { source.text }
  /// Where it starts in the file.
  public var location: SourceLocation { source.location }

  /// The parsed expression, or the parse error.
  public func expr() throws(MathError) -> Expr {
    switch parsed {
    case .success(let expr): return expr
    case .failure(let error): throw error
    }
  }

  /// The names the expression reads (none when it does not parse).
  public var names: [String] {
    (try? expr())?.names ?? []
  }

  /// Whether it is a call of `grad` or `jacobian` (a step asking for a derivative).
  public var isDerivative: Bool {
    guard case .success(let expr) = parsed, case .call(let name, _, _) = expr.kind else {
      return false
    }
    return name == "grad" || name == "jacobian"
  }
}
