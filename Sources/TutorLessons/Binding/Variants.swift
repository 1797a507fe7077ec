import TutorEngine
import TutorMath

/// Seeded variants of a lesson's givens: variant 0 is the lesson's own values; variant
/// N draws every given that has a `range` from it, entry by entry, rounded to its
/// `step`, with a portable generator (SplitMix64 seeded from the lesson id and N), so
/// the same variant has the same numbers on every machine.
///
/// A draw that puts a ReLU/abs/sign input exactly on 0, or makes any value of the graph
/// infinite or undefined, is redrawn (up to ``maxAttempts`` times); so is one that hides
/// what a step teaches where the lesson's own values do not (a ``BlindSpot``: a declared
/// mistake equal to the answer, a zero answer, a symmetric one, equal entries). When
/// every draw has blind spots, the first usable one is kept and `check` warns.
public enum Variants {
  public static let maxAttempts = 1000

  /// The givens' values for `variant`.
  public static func givens(of lesson: Lesson, variant: Int) throws(LessonErrors) -> [String:
    Tensor]
  {
    let own = try ownValues(of: lesson)
    guard variant > 0 else { return own }
    var generator = SeededGenerator(seed: seed(lesson.id, variant))
    let ranged = Set(lesson.givens.filter { $0.range != nil }.map(\.name))
    var last = own
    var firstUsable: [String: Tensor]?
    var ownSpots: Set<BlindSpot>?
    var template: Evaluator?
    for _ in 0..<maxAttempts {
      var drawn = own
      for given in lesson.givens {
        guard let range = given.range, let base = own[given.name] else { continue }
        let scalars = base.scalars.map { _ in
          let raw = generator.uniform(range.lowerBound, range.upperBound)
          let rounded = (raw / given.step).rounded() * given.step
          return min(max(rounded, range.lowerBound), range.upperBound)
        }
        drawn[given.name] = base.withScalars(scalars)
      }
      recomputeDependents(lesson, &drawn, keeping: ranged) { (_, _) throws(Never) in nil }
      last = drawn
      // The graph is built once; later draws only set the givens and re-evaluate it.
      let evaluator: Evaluator
      if var reused = template {
        guard reevaluated(&reused, lesson, drawn) else { continue }
        evaluator = reused
      } else {
        guard let built = usableEvaluator(lesson, drawn) else { continue }
        template = built
        evaluator = built
      }
      if firstUsable == nil { firstUsable = drawn }
      // The lesson's own blind spots are only needed once a draw has one.
      guard BlindSpot.first(outside: ownSpots ?? [], in: lesson, evaluator: evaluator) != nil
      else { return drawn }
      if ownSpots == nil {
        let known = Set(
          usableEvaluator(lesson, own).map { BlindSpot.find(in: lesson, evaluator: $0) } ?? [])
        ownSpots = known
        if BlindSpot.first(outside: known, in: lesson, evaluator: evaluator) == nil {
          return drawn
        }
      }
    }
    return firstUsable ?? last
  }

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

  /// Whether the lesson's graph is finite and off every kink at these givens.
  static func isUsable(_ lesson: Lesson, _ givens: [String: Tensor]) -> Bool {
    usableEvaluator(lesson, givens) != nil
  }

  /// The lesson's graph at these givens, when it is finite and off every kink.
  /// `evaluator` (built by ``usableEvaluator(_:_:)``) at other givens: their values set,
  /// the graph re-evaluated in place; false when the graph is not usable there.
  static func reevaluated(
    _ evaluator: inout Evaluator, _ lesson: Lesson, _ givens: [String: Tensor]
  ) -> Bool {
    do {
      for given in lesson.givens {
        guard let value = givens[given.name], let id = evaluator.bindings[given.name] else {
          return false
        }
        try evaluator.graph.setValue(value, of: id)
      }
      try evaluator.graph.reevaluate()
    } catch {
      return false
    }
    return isUsable(evaluator.graph)
  }

  /// Finite everywhere, and no ReLU/abs/sign input exactly on 0.
  static func isUsable(_ graph: Graph) -> Bool {
    for node in graph.nodes {
      if !node.value.isFinite { return false }
      if node.op.hasKinkAtZero {
        let input = graph.nodes[node.parents[0].index].value
        if input.scalars.contains(0) { return false }
      }
    }
    return true
  }

  static func usableEvaluator(_ lesson: Lesson, _ givens: [String: Tensor]) -> Evaluator? {
    var evaluator = Evaluator()
    for given in lesson.givens {
      guard let value = givens[given.name],
        (try? evaluator.bindInput(given.name, value)) != nil
      else { return nil }
    }
    for definition in lesson.graph {
      guard let expr = try? definition.expression.expr(),
        (try? evaluator.define(definition.name, as: expr)) != nil
      else { return nil }
    }
    return isUsable(evaluator.graph) ? evaluator : nil
  }
}
