import Foundation
import Testing

@testable import TutorLessons
@testable import TutorProgress

/// Progress format 2 (issue 11): migration from format 1 with the old copy kept, unknown
/// fields kept, a newer format read-only, the attempt log capped, merging of the new fields.
@Suite("Progress format 2")
struct ProgressFormatTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/progress-v1.json").path

  static func store(with file: String? = nil) throws -> ProgressStore {
    let store = ProgressStore(directory: try HostileLessonTests.temporaryDirectory())
    if let file { try FileManager.default.copyItem(atPath: file, toPath: store.path) }
    return store
  }

  @Test("a format-1 file migrates on the first save: every step kept, the old copy beside it")
  func migration() throws {
    let store = try Self.store(with: Self.fixture)
    let original = try Data(contentsOf: URL(fileURLWithPath: Self.fixture))
    let (loaded, warning) = store.load()
    #expect(warning == nil)
    #expect(loaded.version == 1)
    #expect(loaded.lessons["relu-1-2-2-1"]?.solved == ["a1", "h1", "a2"])
    try store.update {
      $0.recordAttempt(
        .right, step: "h2", in: "relu-1-2-2-1", variant: 0, skills: ["relu-mask"], at: 1000)
    }
    let copy = store.oldCopyPath(version: 1)
    #expect(FileManager.default.contents(atPath: copy) == original, "the old file, byte for byte")
    let text = try String(contentsOfFile: store.path, encoding: .utf8)
    #expect(text.contains("\"version\" : 2"))
    #expect(text.contains("\"theme\" : \"dark\""), "unknown top-level fields are kept")
    #expect(text.contains("\"streak\" : 4"), "unknown lesson fields are kept")
    let (saved, _) = store.load()
    let relu = try #require(saved.lessons["relu-1-2-2-1"])
    #expect(relu.solved == ["a1", "h1", "a2"])
    #expect(relu.revealed == ["h2"])
    #expect(relu.hints == ["a2": 2])
    #expect(relu.attempts.map(\.outcome) == [.right])
    #expect(relu.cards["h2"] != nil)
    #expect(saved.lessons["softmax-jacobian"]?.solved == ["s"])
    #expect(saved.skills["relu-mask"]?.observations == 1)
    // A second save does not overwrite the copy.
    try store.update { $0.markSolved("h3", in: "relu-1-2-2-1") }
    #expect(FileManager.default.contents(atPath: copy) == original)
  }

  @Test("a file of a newer format is read as far as understood and never written")
  func newer() throws {
    let store = try Self.store()
    let newer = #"{"version": 3, "lessons": {"l": {"solved": ["a"]}}, "future": true}"#
    try newer.write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    #expect(progress.lessons["l"]?.solved == ["a"])
    #expect(warning?.contains("newer bptutor (format 3; this one reads format 2)") == true)
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("b", in: "l") } }
    #expect(try String(contentsOfFile: store.path, encoding: .utf8) == newer)
  }

  @Test("the attempt log keeps the last 1,000 events of a lesson")
  func capped() {
    var progress = LearnerProgress()
    for time in 0..<1_050 {
      progress.recordAttempt(
        .right, step: "s", in: "l", variant: 0, skills: [], at: Double(time))
    }
    let attempts = progress.lessons["l"]?.attempts ?? []
    #expect(attempts.count == LearnerProgress.attemptLogLimit)
    #expect(attempts.first?.time == 50)
    #expect(attempts.last?.time == 1_049)
  }

  @Test("format-2 fields survive a round trip and merge: logs by time, cards by last review")
  func roundTripAndMerge() throws {
    var a = LearnerProgress()
    a.recordAttempt(.right, step: "s1", in: "l", variant: 0, skills: ["relu-mask"], at: 10)
    a.recordVariantDone(0, in: "l")
    a.recordExam(
      ExamRecord(variant: 2, score: 3, total: 4, time: 20, verdicts: ["s1": "follows"]), in: "l")
    var b = LearnerProgress()
    b.recordAttempt(.revealed, step: "s2", in: "l", variant: 1, skills: ["relu-mask"], at: 5)
    b.recordAttempt(.afterHints, step: "s2", in: "l", variant: 1, skills: ["relu-mask"], at: 6)
    b.recordVariantDone(1, in: "l")
    let data = try JSONEncoder().encode(a)
    let decoded = try JSONDecoder().decode(LearnerProgress.self, from: data)
    #expect(decoded == a)
    let merged = a.merged(with: b)
    let entry = try #require(merged.lessons["l"])
    #expect(entry.attempts.map(\.time) == [5, 6, 10])
    #expect(entry.variantsDone == [0, 1, 2])
    #expect(Set(entry.cards.keys) == ["s1", "s2"])
    #expect(merged.skills["relu-mask"]?.observations == 2, "b observed the skill more often")
    #expect(merged.newVariant(of: "l") == 3, "variants 0, 1 and the exam's 2 are used")
  }

  @Test("due cards: a card falls due after its interval; reset forgets a lesson")
  func dueAndReset() {
    var progress = LearnerProgress()
    progress.recordAttempt(.right, step: "s", in: "l", variant: 0, skills: [], at: 0)
    let card = try! #require(progress.lessons["l"]?.cards["s"])
    // First rating good: S = 3.7145 days, due in round(3.7145) = 4 days.
    #expect(card.due == 4 * 86_400)
    #expect(progress.dueCards(at: 3 * 86_400).isEmpty)
    #expect(progress.dueCards(at: 4 * 86_400).map(\.step) == ["s"])
    progress.markSolved("t", in: "m")
    progress.reset(lesson: "l")
    #expect(progress.lessons["l"] == nil)
    #expect(progress.lessons["m"] != nil)
    progress.resetAll()
    #expect(progress.lessons.isEmpty)
  }
}
