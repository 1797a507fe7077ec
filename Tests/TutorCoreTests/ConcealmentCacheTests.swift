import Testing
import TutorEngine
import TutorLessons

@testable import TutorCore

/// The concealment a screen draws with is worked out once per binding and earned set, and
/// is the one ``TutorLessons/Concealment`` works out afresh.
@Suite("Concealment cache")
struct ConcealmentCacheTests {
  /// Every value a step asks for, and whether `concealment` shows it.
  static func shown(_ bound: BoundLesson, _ concealment: Concealment) -> [Bool] {
    bound.askedValues.map { $0.map(concealment.shows) ?? true }
  }

  @Test("for every earned prefix of a lesson, the cached concealment hides what a fresh one hides")
  func sameAsFresh() throws {
    let bound = try Fixtures.bound("relu-1-2-2-1")
    let cache = ConcealmentCache()
    for count in 0...bound.lesson.steps.count {
      let earned = Set(0..<count)
      let fresh = Concealment(bound, earned: earned)
      for _ in 0..<2 {
        let cached = cache.concealment(bound, earned: earned)
        #expect(cached.hiddenSteps == fresh.hiddenSteps, "\(count) earned")
        #expect(Self.shown(bound, cached) == Self.shown(bound, fresh), "\(count) earned")
      }
    }
    #expect(Concealment(bound, earned: []).hiddenSteps.count > 0, "the first step hides values")
  }

  @Test("another binding of the lesson (new givens) is never served the first one's")
  func perBinding() throws {
    let first = try Fixtures.bound("relu-1-2-2-1")
    let second = try BoundLesson(lesson: first.lesson, variant: 3)
    let cache = ConcealmentCache(capacity: 1)
    _ = cache.concealment(first, earned: [])
    let other = cache.concealment(second, earned: [])
    #expect(Self.shown(second, other) == Self.shown(second, Concealment(second, earned: [])))
    #expect(Self.shown(second, other).contains(false), "variant 3 hides its own answers")
  }
}
