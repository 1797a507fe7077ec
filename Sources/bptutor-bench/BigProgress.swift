import Foundation
import TutorCore
import TutorProgress

/// A learner's progress file grown to its cap, written through the real API (attempts,
/// hints, variants, exams, review cards, skills) and the real store: every lesson of the
/// course with its attempt log full (``LearnerProgress/attemptLogLimit`` events), then
/// lessons of an older course until the file reaches `bytes`.
enum BigProgress {
  static let defaultBytes = 2_800_000

  /// Writes `progress.json` in `directory` (replacing one there); returns its size.
  @discardableResult
  static func write(directory: String, library: LessonLibrary, bytes: Int = defaultBytes)
    throws -> Int
  {
    let store = ProgressStore(directory: directory)
    unlink(store.path)
    var progress = LearnerProgress()
    var lessons = library.entries().map { (id: $0.id, steps: $0.stepIDs, skills: $0.skills) }
    let outcomes = AttemptRecord.Outcome.allCases
    var time = 1_700_000_000.0
    var index = 0
    var size = 0
    while size < bytes {
      if index >= lessons.count {
        // An older course's lessons, as long as the file needs to grow.
        lessons.append(
          (
            id: "archived-\(index)", steps: (1...12).map { "step-\($0)" },
            skills: ["chain-rule", "relu"]
          ))
      }
      let lesson = lessons[index]
      index += 1
      guard !lesson.steps.isEmpty else { continue }
      for event in 0..<LearnerProgress.attemptLogLimit {
        let step = lesson.steps[event % lesson.steps.count]
        time += 37
        progress.recordAttempt(
          outcomes[event % outcomes.count], step: step, in: lesson.id,
          variant: event / lesson.steps.count, skills: lesson.skills, at: time)
        if event % 7 == 0 { progress.recordHints(1 + event % 3, step: step, in: lesson.id) }
      }
      for variant in 1...40 { progress.recordVariantDone(variant, in: lesson.id) }
      for exam in 0..<20 {
        time += 600
        let verdicts = Dictionary(
          uniqueKeysWithValues: lesson.steps.enumerated().map {
            ($0.element, ["correct", "incorrect", "follows", "skipped"][($0.offset + exam) % 4])
          })
        progress.recordExam(
          ExamRecord(
            variant: 100 + exam, score: Double(exam % 5), total: lesson.steps.count, time: time,
            verdicts: verdicts),
          in: lesson.id)
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      size = try encoder.encode(progress).count
    }
    try store.update { $0 = $0.merged(with: progress) }
    var status = stat()
    stat(store.path, &status)
    return Int(status.st_size)
  }
}
