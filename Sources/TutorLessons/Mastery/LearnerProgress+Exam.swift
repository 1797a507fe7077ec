import TutorProgress

extension LearnerProgress {
  /// Records an exam: its result, each answered step's outcome (with the step's skills,
  /// by step id), and its variant as done.
  public mutating func recordExam(
    _ report: ExamReport, skills: [String: [String]], at time: Double
  ) {
    for item in report.items {
      let outcome: AttemptRecord.Outcome
      switch item.grade {
      case .correct: outcome = .examCorrect
      case .follows: outcome = .examFollows
      case .incorrect: outcome = .examIncorrect
      case .skipped: outcome = .examSkipped
      }
      recordAttempt(
        outcome, step: item.id, in: report.lesson, variant: report.variant,
        skills: skills[item.id] ?? [], at: time)
    }
    recordExam(
      ExamRecord(
        variant: report.variant, score: report.score, total: report.total, time: time,
        verdicts: Dictionary(uniqueKeysWithValues: report.items.map { ($0.id, $0.grade.rawValue) })),
      in: report.lesson)
  }
}
