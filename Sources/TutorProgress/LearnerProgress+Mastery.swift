import Foundation

extension LearnerProgress {
  /// A right first attempt within this many seconds of the step being shown rates easy.
  public static let quickAnswerSeconds = 30.0

  /// Records how a step went: the attempt log (capped), each of `skills`' knowledge
  /// tracing, and the step's review card (created when the outcome solves the step).
  public mutating func recordAttempt(
    _ outcome: AttemptRecord.Outcome, step: String, in lesson: String, variant: Int,
    skills: [String], at time: Double, quick: Bool = false,
    tracing: KnowledgeTracing = .standard, scheduler: SpacedReview = .standard
  ) {
    var entry = lessons[lesson, default: LessonProgress()]
    entry.attempts.append(
      AttemptRecord(step: step, outcome: outcome, variant: variant, time: time))
    if entry.attempts.count > Self.attemptLogLimit {
      entry.attempts.removeFirst(entry.attempts.count - Self.attemptLogLimit)
    }
    if outcome.solves || entry.cards[step] != nil {
      entry.cards[step] = ReviewCard.reviewed(
        entry.cards[step], rating: outcome.rating(quick: quick), at: time, scheduler: scheduler)
    }
    lessons[lesson] = entry
    for skill in Set(skills) {
      let prior = estimate(of: skill)
      self.skills[skill] = SkillEstimate(
        known: tracing.update(prior.known, right: outcome.isRight),
        observations: prior.observations + 1, updated: time)
    }
  }

  /// The estimate of `skill` (the prior P(L₀) when never observed).
  public func estimate(of skill: String, tracing: KnowledgeTracing = .standard) -> SkillEstimate {
    skills[skill] ?? SkillEstimate(known: tracing.pInit, observations: 0, updated: 0)
  }

  /// Records variant `variant` of a lesson as done.
  public mutating func recordVariantDone(_ variant: Int, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    if !entry.variantsDone.contains(variant) {
      entry.variantsDone.append(variant)
      entry.variantsDone.sort()
    }
    lessons[lesson] = entry
  }

  /// A variant of the lesson the learner has not done: the smallest from 1 up that is
  /// neither done nor examined ("new" never repeats one).
  public func newVariant(of lesson: String) -> Int {
    var variants = newVariants(of: lesson).makeIterator()
    return variants.next() ?? 1
  }

  /// The variants of the lesson the learner has not done, from 1 up, in order: the first
  /// is ``newVariant(of:)``; a caller that judges variants (the tutor keeps apart slips a
  /// variant would make alike) takes the next ones.
  public func newVariants(of lesson: String) -> some Sequence<Int> {
    let entry = lessons[lesson] ?? LessonProgress()
    let used = Set(entry.variantsDone).union(entry.exams.map(\.variant))
    return (1...).lazy.filter { !used.contains($0) }
  }

  /// Records an exam's result (its variant counts as done).
  public mutating func recordExam(_ record: ExamRecord, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    entry.exams.append(record)
    if entry.exams.count > Self.examLimit { entry.exams.removeFirst() }
    lessons[lesson] = entry
    recordVariantDone(record.variant, in: lesson)
  }

  /// A card that is due, with where it belongs.
  public struct DueCard: Equatable, Sendable {
    public var lesson: String
    public var step: String
    public var card: ReviewCard
  }

  /// Every card, soonest due first (ties by lesson and step).
  public func cards() -> [DueCard] {
    lessons.flatMap { lesson, entry in
      entry.cards.map { DueCard(lesson: lesson, step: $0.key, card: $0.value) }
    }.sorted { ($0.card.due, $0.lesson, $0.step) < ($1.card.due, $1.lesson, $1.step) }
  }

  /// The cards due at `time`, most overdue first.
  public func dueCards(at time: Double) -> [DueCard] {
    cards().filter { $0.card.due <= time }
  }

  /// Removes the cards of `steps` in `lesson` (stale cards: their lesson or step is
  /// gone), so they are neither served nor warned about again.
  public mutating func removeCards(_ steps: Set<String>, in lesson: String) {
    guard var entry = lessons[lesson] else { return }
    for step in steps { entry.cards[step] = nil }
    lessons[lesson] = entry
  }

  /// Forgets one lesson: its steps, hints, variants, attempts, exams and cards. Skill
  /// estimates are kept (they summarise every lesson).
  ///
  /// The reset is numbered (``generation``), so a tutor that loaded the lesson before it
  /// cannot bring it back when it saves.
  public mutating func reset(lesson: String) {
    lessons[lesson] = nil
    unreadableLessons[lesson] = nil
    generation += 1
    lessonResetGenerations[lesson] = generation
  }

  /// Forgets everything this version knows (fields it does not know are kept), numbered
  /// as ``reset(lesson:)`` is.
  public mutating func resetAll() {
    lessons = [:]
    unreadableLessons = [:]
    skills = [:]
    unreadableSkills = [:]
    generation += 1
    allResetGeneration = generation
    lessonResetGenerations = [:]
  }
}
