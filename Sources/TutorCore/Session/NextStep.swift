import TutorLessons
import TutorProgress

/// What the menu suggests doing next: due reviews first, then the first lesson in course
/// order not yet done, then practice on the least-mastered skill.
public enum NextStep: Equatable, Sendable {
  case review(due: Int)
  case learn(lesson: String)
  case practise(lesson: String, skill: String, known: Double)
  case nothing

  public static func suggest(
    lessons: [LessonEntry], progress: LearnerProgress, now: Double
  ) -> NextStep {
    let due = progress.dueCards(at: now).count
    if due > 0 { return .review(due: due) }
    let usable = lessons.filter { $0.problem == nil }
    if let open = usable.first(where: {
      !progress.status(of: $0.id, stepIDs: $0.stepIDs).hasPrefix("✓ done")
    }) {
      return .learn(lesson: open.id)
    }
    let weakest = usable.flatMap { entry in entry.skills.map { (entry.id, $0) } }
      .map { (lesson: $0.0, skill: $0.1, known: progress.estimate(of: $0.1).known) }
      .filter { $0.known < KnowledgeTracing.masteryThreshold }
      .min { $0.known < $1.known }
    if let weakest {
      return .practise(lesson: weakest.lesson, skill: weakest.skill, known: weakest.known)
    }
    return .nothing
  }

  /// The suggestion in words.
  public var text: String {
    switch self {
    case .review(let due):
      return "Next: review \(due) due card\(due == 1 ? "" : "s") (d in the menu, bptutor review)"
    case .learn(let lesson): return "Next: learn \(lesson)"
    case .practise(let lesson, let skill, let known):
      return "Next: an exam or another variant of \(lesson) — \(skill) is at "
        + "\(Int((known * 100).rounded()))%"
    case .nothing: return "Every skill is mastered; reviews will come due."
    }
  }
}
