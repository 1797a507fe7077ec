import TutorEngine
import TutorMath

/// Seeded variants of a lesson's givens: variant 0 is the lesson's own values; variant
/// N draws every given that has a `range` from it, entry by entry, rounded to its
/// `step`, with a portable generator (SplitMix64 seeded from the lesson id and N), so
/// the same variant has the same numbers on every machine.
///
/// A draw that puts any node on a kink or a near-tie (``Graph/firstNodeOnKink(tolerance:)``:
/// a ReLU/abs/sign input at 0, two maxima of a window or a row within rounding), or makes
/// any value of the graph infinite or undefined, is redrawn (up to ``maxAttempts`` times); so is one that hides
/// what a step teaches where the lesson's own values do not (a ``BlindSpot``: a declared
/// mistake equal to the answer, a zero answer, a symmetric one, equal entries). When
/// every draw has blind spots, the first usable one is kept and `check` warns.
///
/// A variant where two catalogued slips of a step give the same wrong value, which the
/// lesson's own values keep apart, is not served to a learner
/// (``Variants/served(_:from:)``): judging that redoes every step's derivation once per
/// slip, so it is done for the one variant being opened, not for every draw.
public enum Variants {
  public static let maxAttempts = 1000

  /// The givens' values for `variant`.
  public static func givens(of lesson: Lesson, variant: Int) throws(LessonErrors) -> [String:
    Tensor]
  {
    var sampler = try Sampler(lesson)
    return sampler.givens(variant: variant)
  }

  /// Draws one lesson's variants, keeping what every draw shares (the lesson's own values,
  /// its graph built once, its own blind spots) from one variant to the next, so that
  /// `check` can walk hundreds of variants. Each variant's givens are those
  /// ``Variants/givens(of:variant:)`` returns.
  public struct Sampler {
    /// The lesson drawn from.
    public let lesson: Lesson
    /// The lesson's own givens (variant 0).
    public let own: [String: Tensor]
    private let ranged: Set<String>
    /// The lesson's graph, built at the first usable draw; later draws re-evaluate it.
    private var template: Evaluator?
    /// The blind spots at the lesson's own values, found when a draw first has one.
    private var ownSpots: Set<BlindSpot>?

    /// A sampler of `lesson`'s variants; fails when the lesson's own givens do not evaluate.
    public init(_ lesson: Lesson) throws(LessonErrors) {
      self.lesson = lesson
      own = try GivenValues.ownValues(of: lesson)
      ranged = Set(lesson.givens.filter { $0.range != nil }.map(\.name))
    }

    /// The givens' values for `variant`.
    public mutating func givens(variant: Int) -> [String: Tensor] {
      guard variant > 0 else { return own }
      var generator = SeededGenerator(seed: GivenValues.seed(lesson.id, variant))
      var last = own
      var firstUsable: [String: Tensor]?
      for _ in 0..<maxAttempts {
        let drawn = draw(&generator)
        last = drawn
        guard let evaluator = usable(drawn) else { continue }
        if firstUsable == nil { firstUsable = drawn }
        if !hasNewBlindSpot(evaluator) { return drawn }
      }
      return firstUsable ?? last
    }

    /// Whether the graph at a draw has a blind spot the lesson's own values do not.
    private mutating func hasNewBlindSpot(_ evaluator: Evaluator) -> Bool {
      // The lesson's own blind spots are only needed once a draw has one.
      guard BlindSpot.first(outside: ownSpots ?? [], in: lesson, evaluator: evaluator) != nil
      else { return false }
      if ownSpots == nil {
        ownSpots = Set(
          usableEvaluator(lesson, own).map { BlindSpot.find(in: lesson, evaluator: $0) } ?? [])
        return BlindSpot.first(outside: ownSpots ?? [], in: lesson, evaluator: evaluator) != nil
      }
      return true
    }

    /// Whether one of `variant`'s draws is usable (finite, off every kink and near-tie):
    /// exactly when ``givens(variant:)`` returns a usable variant, since it keeps the first
    /// usable draw when every one has a blind spot. Cheap: no blind spot is looked for.
    public mutating func hasUsableDraw(variant: Int) -> Bool {
      guard variant > 0 else { return true }
      var generator = SeededGenerator(seed: GivenValues.seed(lesson.id, variant))
      for _ in 0..<maxAttempts where usable(draw(&generator)) != nil { return true }
      return false
    }

    /// One draw: every ranged given drawn entry by entry and rounded to its step, then the
    /// givens computed from others recomputed.
    private func draw(_ generator: inout SeededGenerator) -> [String: Tensor] {
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
      GivenValues.recomputeDependents(lesson, &drawn, keeping: ranged) { (_, _) throws(Never) in nil
      }
      return drawn
    }

    /// The lesson's graph at `drawn` when it is usable there, else nil. The graph is built
    /// once; later draws only set the givens and re-evaluate it.
    private mutating func usable(_ drawn: [String: Tensor]) -> Evaluator? {
      if template == nil { template = Variants.evaluator(lesson, drawn) }
      guard var evaluator = template, reevaluated(&evaluator, lesson, drawn) else { return nil }
      return evaluator
    }

    /// The first node of the lesson's graph that sits on a kink or a near-tie at `givens`
    /// by the engine's rule (``Graph/firstNodeOnKink(tolerance:)``): the quantity whose
    /// definition holds it and its op's name; nil when there is none or the graph cannot
    /// be evaluated there.
    public mutating func nodeOnKink(at givens: [String: Tensor]) -> (
      quantity: String, op: String
    )? {
      if template == nil { template = evaluator(lesson, own) }
      guard var evaluator = template, Variants.set(givens, in: &evaluator, lesson),
        let id = evaluator.graph.firstNodeOnKink()
      else { return nil }
      let nodes = evaluator.graph.nodes
      let quantity = nodes[id.index...].lazy.compactMap(\.name).first ?? "\(id)"
      return (quantity, nodes[id.index].op.name)
    }
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
    set(givens, in: &evaluator, lesson) && isUsable(evaluator.graph)
  }

  /// Sets every given of `lesson` in `evaluator` and re-evaluates its graph in place;
  /// false when a given is missing or the graph cannot be evaluated there.
  static func set(_ givens: [String: Tensor], in evaluator: inout Evaluator, _ lesson: Lesson)
    -> Bool
  {
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
    return true
  }

  /// Finite everywhere, and no node on a kink or a near-tie by the engine's own rule
  /// (``Graph/firstNodeOnKink(tolerance:)``): no ReLU/abs/sign input at 0, no tied maxima
  /// of a `max`, `min` or pooling window, even ones apart only by rounding.
  static func isUsable(_ graph: Graph) -> Bool {
    graph.nodes.allSatisfy { $0.value.isFinite } && graph.firstNodeOnKink() == nil
  }

  static func usableEvaluator(_ lesson: Lesson, _ givens: [String: Tensor]) -> Evaluator? {
    evaluator(lesson, givens).flatMap { isUsable($0.graph) ? $0 : nil }
  }

  /// The lesson's graph built at these givens, usable or not; nil when it does not build.
  static func evaluator(_ lesson: Lesson, _ givens: [String: Tensor]) -> Evaluator? {
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
    return evaluator
  }
}
