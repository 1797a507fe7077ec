import TutorEngine
import TutorMath

extension LessonLinter {
  /// The steps (0-based) asking for a derivative (`grad` or `jacobian`) whose value is
  /// zero in every entry at `bound`'s givens.
  static func zeroDerivativeSteps(_ bound: BoundLesson) -> Set<Int> {
    var zero: Set<Int> = []
    for index in bound.lesson.steps.indices where bound.lesson.asksDerivative(step: index) {
      guard case .value(let value)? = try? bound.expectation(forStep: index) else { continue }
      if value.scalars.allSatisfy({ $0 == 0 }) { zero.insert(index) }
    }
    return zero
  }

  /// A warning for each step asking for a derivative that stayed zero at the lesson's
  /// values and at every one of `variants` variants: usually the quantity does not depend
  /// on the variable at all (nothing in the graph connects them), so every learner who
  /// types 0 is right for the wrong reason.
  static func zeroDerivativeWarnings(_ lesson: Lesson, steps: Set<Int>, variants: Int)
    -> [LessonDiagnostic]
  {
    steps.sorted().compactMap { index -> LessonDiagnostic? in
      let step = lesson.steps[index]
      guard case .value(let ask) = step.question else { return nil }
      let everywhere =
        variants > 0
        ? "at the lesson's values and at all \(variants) variants"
        : "at the lesson's values (it has no ranges to draw variants from)"
      return LessonDiagnostic(
        .warning, path: lesson.path, at: ask.location, length: max(1, ask.text.count),
        "step `\(step.id)` asks for a derivative that is zero \(everywhere)",
        note: "check that the quantity depends on the variable through the graph (a given "
          + "computed from other givens counts)")
    }
  }
}
