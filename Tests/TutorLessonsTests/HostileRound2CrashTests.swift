import Foundation
import Testing

@testable import TutorLessons
@testable import TutorProgress

/// Issue 25, item 9: numbers read from a file never trap.
@Suite("Hostile round 2: crashes")
struct HostileRound2CrashTests {
  @Test(
    "9: a card with stability 1e300 is reviewed with every rating; it stays savable",
    arguments: SpacedReview.Rating.allCases)
  func hugeStability(_ rating: SpacedReview.Rating) throws {
    let card = ReviewCard(
      memory: .init(stability: 1e300, difficulty: 5), lastReview: 0, due: 1, reviews: 3,
      lapses: 0)
    let next = ReviewCard.reviewed(card, rating: rating, at: 1_000_000)
    #expect(next.memory.stability <= Double(SpacedReview.maximumInterval))
    #expect(next.due.isFinite && next.due > 1_000_000)
    #expect(next.due <= 1_000_000 + Double(SpacedReview.maximumInterval) * 86_400)
    var progress = LearnerProgress()
    progress.lessons["l", default: .init()].cards["s"] = next
    _ = try JSONEncoder().encode(progress)
  }

  @Test("9: scheduled days of any stability are from 1 to the maximum interval")
  func scheduledDays() {
    for stability in [0, 1e-300, 1, 1e300, .infinity, .nan, -5] {
      let days = SpacedReview.standard.scheduledDays(.init(stability: stability, difficulty: 5))
      #expect(days >= 1 && days <= SpacedReview.maximumInterval, "\(stability)")
    }
  }
}
