import TutorEngine
import TutorMath

/// The givens' values before the graph is bound: the lesson's own (variant 0), the ones
/// computed from other givens (`b: 3*a`), and the portable seed a variant is drawn from.
/// Binding and drawing both start here.
public enum GivenValues {
  /// The lesson's own given values; givens may use earlier givens.
  static func ownValues(of lesson: Lesson) throws(LessonErrors) -> [String: Tensor] {
    var evaluator = Evaluator()
    var values: [String: Tensor] = [:]
    var problems: [LessonDiagnostic] = []
    for given in lesson.givens {
      do {
        let id = try evaluator.evaluate(try given.expression.expr(), source: given.expression.text)
        let value = evaluator.value(of: id)
        values[given.name] = value
        try evaluator.bindConstant(given.name, value)
      } catch {
        problems.append(
          BoundLesson.diagnostic(
            error, in: given.expression.source, path: lesson.path,
            context: "in the given `\(given.name)`")
        )
      }
    }
    if !problems.isEmpty { throw LessonErrors(problems) }
    return values
  }

  /// Walks the givens in file order so that those computed from other givens
  /// (`b: 3*a`) follow them: a given `fixed` keeps its value, one `override` returns a
  /// value for takes it, and any other whose expression uses names is recomputed from
  /// the givens before it. Drawn variants and `--set` both go through here.
  static func recomputeDependents<Failure: Error>(
    _ lesson: Lesson, _ values: inout [String: Tensor], keeping fixed: Set<String>,
    override: (Given, inout Evaluator) throws(Failure) -> Tensor?
  ) throws(Failure) {
    var evaluator = Evaluator()
    for given in lesson.givens {
      if let value = try override(given, &evaluator) {
        values[given.name] = value
      } else if !fixed.contains(given.name),
        let expr = try? given.expression.expr(), !expr.names.isEmpty,
        let id = try? evaluator.evaluate(expr, source: given.expression.text)
      {
        values[given.name] = evaluator.value(of: id)
      }
      if let value = values[given.name] { _ = try? evaluator.bindConstant(given.name, value) }
    }
  }

  /// The expression of a given computed from earlier givens (`b: 3*a`, `X: '[x1, x2]'`),
  /// which binding makes a node of the graph; nil for a given that is a value of its own
  /// (a literal, or one using only names that are not givens, such as `pi`).
  static func dependentExpression(of given: Given, in lesson: Lesson) -> Expr? {
    guard let expr = try? given.expression.expr() else { return nil }
    let used = expr.names
    guard !used.isEmpty,
      lesson.givens.contains(where: { $0.name != given.name && used.contains($0.name) })
    else { return nil }
    return expr
  }

  /// FNV-1a of "id#variant": a seed that does not depend on Swift's hashing.
  static func seed(_ id: String, _ variant: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in "\(id)#\(variant)".utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    return hash
  }
}
