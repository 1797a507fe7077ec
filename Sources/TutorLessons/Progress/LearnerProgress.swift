/// What a learner has done, per lesson: small, human-readable, and merged rather than
/// overwritten when two bptutor processes save at once.
public struct LearnerProgress: Codable, Equatable, Sendable {
  public static let formatVersion = 1

  /// One lesson's progress.
  public struct LessonProgress: Codable, Equatable, Sendable {
    /// Step ids answered correctly.
    public var solved: [String] = []
    /// Step ids whose worked line was revealed before they were solved.
    public var revealed: [String] = []

    public init(solved: [String] = [], revealed: [String] = []) {
      self.solved = solved
      self.revealed = revealed
    }

    /// Both processes' work: the union of solved and revealed steps.
    public func merged(with other: LessonProgress) -> LessonProgress {
      LessonProgress(
        solved: solved + other.solved.filter { !solved.contains($0) },
        revealed: revealed + other.revealed.filter { !revealed.contains($0) })
    }
  }

  public var version = LearnerProgress.formatVersion
  public var lessons: [String: LessonProgress] = [:]

  public init() {}

  /// Marks a step solved.
  public mutating func markSolved(_ step: String, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    if !entry.solved.contains(step) { entry.solved.append(step) }
    lessons[lesson] = entry
  }

  /// Marks a step revealed (shown the worked line without solving it).
  public mutating func markRevealed(_ step: String, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    if !entry.revealed.contains(step), !entry.solved.contains(step) { entry.revealed.append(step) }
    lessons[lesson] = entry
  }

  /// Every lesson of either, each merged.
  public func merged(with other: LearnerProgress) -> LearnerProgress {
    var result = self
    for (id, entry) in other.lessons {
      result.lessons[id] = result.lessons[id].map { $0.merged(with: entry) } ?? entry
    }
    return result
  }

  /// "✓ done", "3/12" or "new" for a lesson with these step ids.
  public func status(of lesson: String, stepIDs: [String]) -> String {
    let solved = Set(lessons[lesson]?.solved ?? []).intersection(stepIDs).count
    if solved == 0 { return "new" }
    if solved == stepIDs.count { return "✓ done" }
    return "\(solved)/\(stepIDs.count)"
  }

  /// The index of the first step not yet solved (where a lesson resumes), or 0.
  public func resumeIndex(of lesson: String, stepIDs: [String]) -> Int {
    let solved = Set(lessons[lesson]?.solved ?? [])
    return stepIDs.firstIndex { !solved.contains($0) } ?? 0
  }
}
