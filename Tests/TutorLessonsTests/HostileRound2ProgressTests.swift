import Foundation
import Testing

@testable import TutorLessons
@testable import TutorProgress

/// Issue 25, data loss: one bad field loses nothing, and a reset wins over a tutor
/// already running.
@Suite("Hostile round 2: progress")
struct HostileRound2ProgressTests {
  static func store() throws -> ProgressStore {
    ProgressStore(directory: try HostileLessonTests.temporaryDirectory())
  }

  static func saved(_ store: ProgressStore) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: store.path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  // MARK: 1. Variants

  @Test("1: the largest variant a learner may ask for is saved and read back")
  func largestVariant() throws {
    let store = try Self.store()
    let variant = LearnerProgress.largestVariant
    try store.update {
      $0.markSolved("s1", in: "l")
      $0.recordVariantDone(variant, in: "l")
      $0.recordAttempt(.right, step: "s1", in: "l", variant: variant, skills: [], at: 1_000)
    }
    let (progress, warning) = store.load()
    #expect(warning == nil)
    #expect(progress.lessons["l"]?.variantsDone == [variant])
    #expect(progress.lessons["l"]?.attempts.first?.variant == variant)
    #expect(progress.lessons["l"]?.solved == ["s1"])
  }

  // MARK: 2. One bad record

  @Test("2: a bad review card is set aside alone; the lesson and the other cards survive saves")
  func badCards() throws {
    let store = try Self.store()
    let good =
      #"{"stability": 3, "difficulty": 5, "last": 0, "due": 86400, "reviews": 1, "lapses": 0}"#
    let original = """
      {"version": 2, "lessons": {"l": {"solved": ["s1", "s2", "s3", "s4", "s5"],
        "exams": [{"variant": 3, "score": 1, "total": 1, "time": 5, "steps": {"s1": "correct"}}],
        "cards": {"s1": \(good),
                  "s2": {"stability": 0, "difficulty": 5, "last": 0, "due": 1, "reviews": 1, "lapses": 0},
                  "s3": {"stability": 3, "difficulty": 11, "last": 0, "due": 1, "reviews": 1, "lapses": 0},
                  "s4": {"stability": "3", "difficulty": 5, "last": 0, "due": 1, "reviews": 1, "lapses": 0},
                  "s5": 7}}}}
      """
    try original.write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    let entry = try #require(progress.lessons["l"])
    #expect(entry.solved == ["s1", "s2", "s3", "s4", "s5"])
    #expect(entry.exams.count == 1)
    #expect(entry.cards.keys.sorted() == ["s1"])
    for step in ["s2", "s3", "s4", "s5"] {
      #expect(warning?.contains("the card of `\(step)` cannot be read; it is kept") == true)
    }
    try store.update { $0.markSolved("s6", in: "l") }
    try store.update { $0.markSolved("s7", in: "l") }
    let lessons = try #require(try Self.saved(store)["lessons"] as? [String: [String: Any]])
    let lesson = try #require(lessons["l"])
    #expect((lesson["solved"] as? [String])?.count == 7)
    let cards = try #require(lesson["cards"] as? [String: Any])
    #expect(cards.keys.sorted() == ["s1", "s2", "s3", "s4", "s5"], "bad cards are kept")
    #expect(cards["s5"] as? Int == 7)
    // A new review of a step replaces its bad card.
    try store.update {
      $0.recordAttempt(.right, step: "s2", in: "l", variant: 1, skills: [], at: 100)
    }
    #expect(store.load().progress.lessons["l"]?.cards.keys.sorted() == ["s1", "s2"])
  }

  @Test("2: `cards` that is not an object keeps the lesson; it is kept until a card replaces it")
  func cardsNotObject() throws {
    let store = try Self.store()
    let original = #"{"version": 2, "lessons": {"l": {"solved": ["s1"], "cards": [1, 2]}}}"#
    try original.write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    #expect(progress.lessons["l"]?.solved == ["s1"])
    #expect(warning?.contains("`cards` is not an object") == true)
    try store.update { $0.markSolved("s2", in: "l") }
    var lessons = try #require(try Self.saved(store)["lessons"] as? [String: [String: Any]])
    #expect(lessons["l"]?["cards"] as? [Int] == [1, 2])
    #expect(lessons["l"]?["solved"] as? [String] == ["s1", "s2"])
    try store.update {
      $0.recordAttempt(.right, step: "s1", in: "l", variant: 0, skills: [], at: 100)
    }
    lessons = try #require(try Self.saved(store)["lessons"] as? [String: [String: Any]])
    #expect((lessons["l"]?["cards"] as? [String: Any])?.keys.sorted() == ["s1"])
  }

  @Test("2: one unreadable skill estimate is set aside; the others are read and kept")
  func badSkill() throws {
    let store = try Self.store()
    let original = """
      {"version": 2, "lessons": {},
       "skills": {"chain": {"known": 0.7, "observations": 4, "updated": 10},
                  "relu": {"known": 1.5, "observations": 1, "updated": 10},
                  "sum": "high"}}
      """
    try original.write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    #expect(progress.skills["chain"]?.known == 0.7)
    #expect(warning?.contains("the estimate of skill `relu` cannot be read") == true)
    #expect(warning?.contains("the estimate of skill `sum` cannot be read") == true)
    try store.update {
      $0.recordAttempt(.right, step: "s", in: "l", variant: 0, skills: ["tanh"], at: 20)
    }
    let skills = try #require(try Self.saved(store)["skills"] as? [String: Any])
    #expect(skills.keys.sorted() == ["chain", "relu", "sum", "tanh"])
    #expect(skills["sum"] as? String == "high")
    #expect(store.load().progress.skills["chain"]?.observations == 4)
  }

  // MARK: 3. Reset

  @Test("3: reset --all wins over a tutor's older snapshot; its later work is kept")
  func resetAllWins() throws {
    let store = try Self.store()
    try store.update {
      for step in ["s1", "s2", "s3"] { $0.markSolved(step, in: "a") }
      $0.markSolved("t1", in: "b")
      $0.recordAttempt(.right, step: "s1", in: "a", variant: 0, skills: ["chain"], at: 1)
    }
    let tutorSnapshot = store.load().progress  // a tutor already running
    try store.update { $0.resetAll() }  // `bptutor reset --all`
    let saved = try store.update(merging: tutorSnapshot) { $0.markSolved("s4", in: "a") }
    #expect(saved.lessons["a"]?.solved == ["s4"])
    #expect(saved.lessons["b"] == nil)
    #expect(saved.skills.isEmpty)
    // The tutor goes on from what it saved; nothing old comes back.
    _ = try store.update(merging: saved) { $0.markSolved("s5", in: "a") }
    let progress = store.load().progress
    #expect(progress.lessons["a"]?.solved == ["s4", "s5"])
    #expect(progress.lessons["b"] == nil)
    #expect(progress.generation == 1)
  }

  @Test("3: a lesson's reset wins over older snapshots, six rounds; other lessons stay")
  func resetLessonWins() throws {
    let store = try Self.store()
    for _ in 0..<6 {
      try store.update {
        $0.markSolved("s1", in: "a")
        $0.markSolved("t1", in: "b")
      }
      let snapshot = store.load().progress
      try store.update { $0.reset(lesson: "a") }
      _ = try store.update(merging: snapshot) { $0.markSolved("t2", in: "b") }
      let progress = store.load().progress
      #expect(progress.lessons["a"] == nil)
      #expect(progress.lessons["b"]?.solved == ["t1", "t2"])
    }
  }

  @Test("3: a snapshot loaded after the reset keeps its work")
  func afterReset() throws {
    let store = try Self.store()
    try store.update { $0.markSolved("s1", in: "a") }
    try store.update { $0.reset(lesson: "a") }
    try store.update { $0.markSolved("s2", in: "a") }
    let snapshot = store.load().progress
    try store.update { $0.markSolved("t1", in: "b") }
    _ = try store.update(merging: snapshot) { $0.markSolved("s3", in: "a") }
    let progress = store.load().progress
    #expect(progress.lessons["a"]?.solved == ["s2", "s3"])
    #expect(progress.lessons["b"]?.solved == ["t1"])
  }
}
