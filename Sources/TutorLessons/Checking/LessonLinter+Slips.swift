import TutorEngine
import TutorMath

extension LessonLinter {
  /// Where two catalogued slips give the same wrong value (``WrongDerivations/ambiguities()``):
  /// a learner who makes either is told neither, since the diagnosis cannot tell them
  /// apart. One warning per step and binding, at the step's `ask`, for the lesson's own
  /// values and the first `variants` variants (`bptutor check --slips`).
  ///
  /// At a variant only the pairs the lesson's own values keep apart are reported: variants
  /// are redrawn around those (``Variants``), so one reported is one no draw avoided.
  public static func slipAmbiguities(_ lesson: Lesson, variants: Int = 3) -> [LessonDiagnostic] {
    var found: [LessonDiagnostic] = []
    var own = Set<Variants.SlipPair>()
    for variant in 0...variants {
      if variant > 0, !lesson.givens.contains(where: { $0.range != nil }) { break }
      guard let bound = try? BoundLesson(lesson: lesson, variant: variant) else { continue }
      for (index, step) in lesson.steps.enumerated() {
        guard case .value(let ask) = step.question else { continue }
        for (first, second) in WrongDerivations(bound, step: index).ambiguities() {
          let pair = Variants.SlipPair(step: index, first, second)
          if variant == 0 {
            own.insert(pair)
          } else if own.contains(pair) {
            continue
          }
          let whereText = variant == 0 ? "at the lesson's values" : "at variant \(variant)"
          found.append(
            LessonDiagnostic(
              .warning, path: lesson.path, at: ask.location, length: max(1, ask.text.count),
              "step `\(step.id)`, \(whereText): \(describe(first)) and \(describe(second)) "
                + "give the same wrong value, so a diagnosis cannot tell them apart",
              note: "declare a mistake with words for both, or choose givens where they differ"))
        }
      }
    }
    return found
  }

  private static func describe(_ misconception: Misconception) -> String {
    misconception.kind.rawValue + (misconception.node.map { " in `\($0.name)`" } ?? "")
  }
}
