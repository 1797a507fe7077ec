import Foundation
import Testing

@testable import TutorProgress

/// Issue 21, must-hold 6: a review is review. Due cards are interleaved across lessons and
/// skills, and a day serves at most N new cards (the rest wait, oldest first), while the
/// FSRS schedule itself is unchanged.
@Suite("A day's review: bounded and interleaved")
struct ReviewLoadTests {
  static let day = 86_400.0

  /// Progress with a card for each `(lesson, step)`, first solved at `solved[i]` days
  /// (one review on record: new), or reviewed once more when `reviewedAgain` holds.
  static func progress(
    _ cards: [(lesson: String, step: String)], solvedOnDay solved: (Int) -> Double = { _ in 0 },
    reviewedAgainAt: Double? = nil
  ) -> LearnerProgress {
    var progress = LearnerProgress()
    for (position, card) in cards.enumerated() {
      progress.markSolved(card.step, in: card.lesson)
      progress.recordAttempt(
        .right, step: card.step, in: card.lesson, variant: 0, skills: [],
        at: solved(position) * day)
      if let reviewedAgainAt {
        progress.recordAttempt(
          .right, step: card.step, in: card.lesson, variant: 1, skills: [], at: reviewedAgainAt)
      }
    }
    return progress
  }

  static func names(_ cards: [LearnerProgress.DueCard]) -> [String] {
    cards.map { "\($0.lesson)/\($0.step)" }
  }

  @Test("at most N new cards a day, the oldest first; the rest wait for a later day")
  func newCardsBounded() {
    let cards = (0..<30).map { (lesson: "l\($0 % 3)", step: "s\($0)") }
    // Card i was solved on day i/10 (three days of ten): the oldest are s0…s9.
    let progress = Self.progress(cards, solvedOnDay: { Double($0 / 10) })
    let now = 60 * Self.day
    #expect(progress.dueCards(at: now).count == 30)
    let session = progress.reviewSession(at: now, newPerDay: 20)
    #expect(session.count == 20)
    #expect(Set(Self.names(session)) == Set((0..<20).map { "l\($0 % 3)/s\($0)" }))
    #expect(progress.newCardsWaiting(at: now, newPerDay: 20) == 10)
    #expect(progress.reviewSession(at: now).count == LearnerProgress.defaultNewCardsPerDay)
    #expect(progress.reviewSession(at: now, newPerDay: 0).isEmpty)
  }

  @Test("new cards already reviewed today count against the day's bound")
  func todayCounts() throws {
    var progress = Self.progress((0..<5).map { (lesson: "a", step: "s\($0)") })
    let now = 60 * Self.day + 3_600
    // Two cards had their first review an hour ago, today.
    for step in ["s0", "s1"] {
      progress.recordAttempt(.right, step: step, in: "a", variant: 1, skills: [], at: now - 60)
    }
    let stillNew = progress.dueCards(at: now + 400 * Self.day).filter {
      LearnerProgress.isNew($0.card)
    }
    #expect(stillNew.count == 3)
    // Three new ones are due now; with a bound of 4, two were used today: two more.
    let session = progress.reviewSession(at: now, newPerDay: 4)
    #expect(session.filter { LearnerProgress.isNew($0.card) }.count == 2)
  }

  @Test("cards that are not new are all served, whatever the bound")
  func reviewedCardsAlwaysServed() {
    let cards = (0..<25).map { (lesson: "l", step: "s\($0)") }
    let progress = Self.progress(cards, reviewedAgainAt: 2 * Self.day)
    let now = 400 * Self.day
    #expect(progress.reviewSession(at: now, newPerDay: 0).count == 25)
  }

  @Test("interleaved: no two in a row from one lesson while another can go between")
  func interleavedByLesson() {
    let cards = [
      (lesson: "a", step: "1"), (lesson: "a", step: "2"), (lesson: "a", step: "3"),
      (lesson: "b", step: "1"), (lesson: "b", step: "2"), (lesson: "c", step: "1"),
    ]
    let progress = Self.progress(cards)
    let session = Self.names(progress.reviewSession(at: 30 * Self.day))
    #expect(session.count == 6)
    #expect(zip(session, session.dropFirst()).allSatisfy { $0.prefix(1) != $1.prefix(1) })
  }

  @Test("interleaved by skill too: a card sharing the last card's skill waits a turn")
  func interleavedBySkill() {
    func card(_ lesson: String, _ step: String) -> LearnerProgress.DueCard {
      .init(
        lesson: lesson, step: step,
        card: ReviewCard(
          memory: .init(stability: 1, difficulty: 5), lastReview: 0, due: 0, reviews: 1, lapses: 0))
    }
    let skills = ["a/1": ["chain"], "b/1": ["chain"], "c/1": ["softmax"], "a/2": ["softmax"]]
    let order = LearnerProgress.interleaved(
      [card("a", "1"), card("b", "1"), card("c", "1"), card("a", "2")]
    ) { skills["\($0.lesson)/\($0.step)"] ?? [] }
    #expect(Self.names(order) == ["a/1", "c/1", "b/1", "a/2"])
  }

  @Test("the schedule is unchanged: a session only chooses among due cards and orders them")
  func scheduleUnchanged() {
    let cards = (0..<30).map { (lesson: "l\($0 % 4)", step: "s\($0)") }
    let progress = Self.progress(cards, solvedOnDay: { Double($0 % 5) })
    let now = 3 * Self.day
    let before = progress.cards()
    let due = Set(Self.names(progress.dueCards(at: now)))
    let session = progress.reviewSession(at: now, newPerDay: 7)
    #expect(Set(Self.names(session)).isSubset(of: due))
    #expect(progress.cards() == before)
  }
}
