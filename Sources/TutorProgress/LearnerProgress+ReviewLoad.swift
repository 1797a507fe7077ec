import Foundation

/// A day's review: the due cards, at most so many new ones a day, interleaved.
///
/// FSRS decides when each card is due; this only decides which due cards a session
/// serves and in what order, so the schedule itself is unchanged. A *new* card is one
/// never reviewed since the step was first solved (one review on record); at most
/// ``defaultNewCardsPerDay`` of them a day (counting those already reviewed today), the
/// rest wait for a later day, oldest first. Cards are interleaved: no two in a row from
/// one lesson, or sharing a skill, while another card can go between them.
extension LearnerProgress {
  /// How many new cards a day a review serves unless told otherwise.
  public static let defaultNewCardsPerDay = 20

  /// Whether `card` has not been reviewed since its step was first solved.
  public static func isNew(_ card: ReviewCard) -> Bool { card.reviews <= 1 }

  /// The cards a review started at `time` serves: every due card that is not new, and
  /// new ones (oldest first) up to `newPerDay` minus those already first reviewed on the
  /// same UTC day; interleaved across lessons and, given `skills`, across skills.
  public func reviewSession(
    at time: Double, newPerDay: Int = defaultNewCardsPerDay,
    skills: (DueCard) -> [String] = { _ in [] }
  ) -> [DueCard] {
    let due = dueCards(at: time)
    let dayStart = (time / 86_400).rounded(.down) * 86_400
    let introducedToday = cards().filter {
      $0.card.reviews == 2 && $0.card.lastReview >= dayStart && $0.card.lastReview <= time
    }.count
    let room = max(0, newPerDay - introducedToday)
    let fresh = due.filter { Self.isNew($0.card) }
      .sorted {
        ($0.card.lastReview, $0.lesson, $0.step) < ($1.card.lastReview, $1.lesson, $1.step)
      }
    let served = due.filter { !Self.isNew($0.card) } + fresh.prefix(room)
    let order = Set(served.map { "\($0.lesson)/\($0.step)" })
    return Self.interleaved(
      due.filter { order.contains("\($0.lesson)/\($0.step)") }, skills: skills)
  }

  /// How many due new cards wait for a later day at `time`.
  public func newCardsWaiting(at time: Double, newPerDay: Int = defaultNewCardsPerDay) -> Int {
    let due = dueCards(at: time)
    return due.count - reviewSession(at: time, newPerDay: newPerDay).count
  }

  /// `cards` (most overdue first) reordered so that each card comes from another lesson
  /// than the one before, and shares no skill with it, whenever a remaining card can:
  /// the first remaining card that differs in both, else in lesson, else the first.
  public static func interleaved(_ cards: [DueCard], skills: (DueCard) -> [String]) -> [DueCard] {
    var remaining = cards
    var result: [DueCard] = []
    while !remaining.isEmpty {
      var pick = 0
      if let last = result.last {
        let lastSkills = Set(skills(last))
        let otherLesson = remaining.indices.filter { remaining[$0].lesson != last.lesson }
        pick =
          otherLesson.first { lastSkills.isDisjoint(with: skills(remaining[$0])) }
          ?? otherLesson.first
          ?? remaining.indices.first { lastSkills.isDisjoint(with: skills(remaining[$0])) }
          ?? 0
      }
      result.append(remaining.remove(at: pick))
    }
    return result
  }
}
