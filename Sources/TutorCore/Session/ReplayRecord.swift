import TutorLessons
import TutorProgress

/// Replaying a variant shows its worked answers, so it is recorded (issue 21): at the
/// lesson's own values, every step not solved yet counts as revealed (revealed is not
/// solved); at another variant, the variant counts as done, so practice and exams draw
/// another. Replays with values the learner set (`--set`) are not a variant and record
/// nothing.
public enum ReplayRecord {
  /// The changes that record replaying `bound` for a learner with `progress`.
  public static func changes(_ bound: BoundLesson, progress: LearnerProgress)
    -> [ProgressChange]
  {
    guard bound.overrides.isEmpty else { return [] }
    let lesson = bound.lesson
    guard bound.variant == 0 else {
      let done = progress.lessons[lesson.id]?.variantsDone ?? []
      return done.contains(bound.variant)
        ? [] : [.variantDone(lesson: lesson.id, variant: bound.variant)]
    }
    let entry = progress.lessons[lesson.id]
    let known = Set((entry?.solved ?? []) + (entry?.revealed ?? []))
    return lesson.steps.filter { !known.contains($0.id) }.map {
      .revealed(lesson: lesson.id, step: $0.id)
    }
  }

  /// What the status line says when a replay is recorded.
  public static func message(_ changes: [ProgressChange], variant: Int) -> String? {
    guard !changes.isEmpty else { return nil }
    if variant == 0 {
      return "replay shows the answers: \(changes.count) unsolved "
        + "step\(changes.count == 1 ? "" : "s") count as revealed"
    }
    return "variant \(variant) replayed: practice and exams will draw another"
  }
}
