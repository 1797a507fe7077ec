import Foundation
import TestSupport
import Testing

@testable import TutorProgress

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Progress journal: saves append what they changed beside the snapshot")
struct ProgressJournalTests {
  /// A store whose snapshot holds a lesson with a full attempt log and a few cards.
  static func storeWithSnapshot() throws -> ProgressStore {
    let store = ProgressStore(directory: try TemporaryDirectory.make("bptutor-journal"))
    try store.update { progress in
      for event in 0..<LearnerProgress.attemptLogLimit {
        progress.recordAttempt(
          event % 3 == 0 ? .right : .wrongFirst, step: "s\(event % 12)", in: "big",
          variant: event, skills: ["relu-mask"], at: Double(event))
      }
      progress.markSolved("s1", in: "big")
    }
    return store
  }

  /// Saves as a session does: attempts (log, cards, skills), hints, probes, solved and
  /// revealed steps, a variant finished, an exam.
  static var changes: [(inout LearnerProgress) -> Void] {
    [
      {
        $0.recordAttempt(.right, step: "s2", in: "big", variant: 7, skills: ["relu-mask"], at: 2e3)
      },
      { $0.recordHints(2, step: "s3", in: "big") },
      { $0.markSolved("s2", in: "big") },
      {
        $0.recordAttempt(
          .revealed, step: "a1", in: "small", variant: 0, skills: ["chain-rule-scalar"], at: 2001)
      },
      { $0.markRevealed("a1", in: "small") },
      { $0.recordProbe(step: "a2", in: "small") },
      { $0.recordVariantDone(3, in: "small") },
      {
        $0.recordExam(
          ExamRecord(variant: 5, score: 2, total: 3, time: 2002, verdicts: ["a1": "right"]),
          in: "small")
      },
      { $0.recordHints(1, step: "s3", in: "big") },
    ]
  }

  static func size(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
  }

  static func bytes(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
  }

  static func write(_ bytes: [UInt8], to path: String) {
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "wrote \(path)")
  }

  @Test("appended saves load as the same saves written whole; the snapshot is not written")
  func appendEqualsFullSave() throws {
    let journaled = try Self.storeWithSnapshot()
    let whole = ProgressStore(directory: try TemporaryDirectory.make("bptutor-journal"))
    try FileManager.default.copyItem(atPath: journaled.path, toPath: whole.path)
    let snapshot = try #require(DiskSignature.of(journaled.path))
    var base = journaled.load().progress
    for change in Self.changes {
      base = try journaled.append(merging: base, change)
      try whole.update(change)
    }
    #expect(DiskSignature.of(journaled.path) == snapshot, "progress.json was not written again")
    #expect(Self.size(journaled.journalPath) > 0)
    #expect(
      Self.size(journaled.journalPath) < 8_000, "\(Self.size(journaled.journalPath)) bytes")
    let (loaded, warning) = ProgressStore(directory: journaled.directory).load()
    #expect(warning == nil)
    #expect(loaded == whole.load().progress)
    #expect(loaded == base, "what the saves returned is what loads")
    #expect(loaded.lessons["big"]?.attempts.count == LearnerProgress.attemptLogLimit)
    #expect(loaded.lessons["big"]?.attempts.last?.time == 2e3)
    #expect(loaded.lessons["big"]?.hints["s3"] == 2, "hints keep the most shown")
    #expect(loaded.lessons["small"]?.exams.count == 1)
  }

  @Test("a record holds only what the save changed: one attempt on a full log is a short line")
  func recordIsSmall() throws {
    let store = try Self.storeWithSnapshot()
    let disk = store.load().progress
    var progress = disk
    progress.recordAttempt(
      .right, step: "s4", in: "big", variant: 9, skills: ["relu-mask"], at: 5e3)
    let record = try #require(ProgressJournal.record(from: disk, to: progress))
    #expect(record.lessons["big"]?.attempts.count == 1)
    let line = try #require(ProgressJournal.line(of: record))
    #expect(line.last == UInt8(ascii: "\n"))
    #expect(line.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") }, "one line")
    #expect(line.count < 1_500, "\(line.count) bytes")
    #expect(
      disk.merged(with: try #require(ProgressJournal.record(of: Array(line.dropLast()))))
        == progress)
  }

  @Test("a change that takes something away is not a record: the snapshot is written again")
  func removalRewritesSnapshot() throws {
    let store = try Self.storeWithSnapshot()
    var base = store.load().progress
    base = try store.append(merging: base) {
      $0.recordAttempt(.right, step: "s5", in: "big", variant: 1, skills: [], at: 3e3)
    }
    #expect(Self.size(store.journalPath) > 0)
    let disk = base
    var removed = disk
    removed.removeCards(["s5"], in: "big")
    #expect(ProgressJournal.record(from: disk, to: removed) == nil)
    base = try store.append(merging: base) { $0.removeCards(["s5"], in: "big") }
    #expect(!FileManager.default.fileExists(atPath: store.journalPath), "compacted")
    let loaded = ProgressStore(directory: store.directory).load().progress
    #expect(loaded.lessons["big"]?.cards["s5"] == nil)
    #expect(loaded == base)
  }

  @Test("a last line cut short (killed mid-append) costs that record only, with a warning")
  func tornLastLine() throws {
    let store = try Self.storeWithSnapshot()
    var base = store.load().progress
    base = try store.append(merging: base) { $0.markSolved("first", in: "small") }
    let afterFirst = Self.size(store.journalPath)
    base = try store.append(merging: base) { $0.markSolved("second", in: "small") }
    // The second record without its last bytes (and its newline).
    let bytes = Self.bytes(store.journalPath)
    Self.write(
      Array(bytes[..<(afterFirst + (bytes.count - afterFirst) / 2)]), to: store.journalPath)
    let (loaded, warning) = ProgressStore(directory: store.directory).load()
    #expect(loaded.lessons["small"]?.solved == ["first"])
    #expect(
      warning
        == "warning: \(store.journalPath): the last record is cut short (bptutor was stopped "
        + "while saving); what that save changed is left out")
    // The next save reads both files, and writes the snapshot (never appending after the
    // torn line); then all is clean again.
    let other = ProgressStore(directory: store.directory)
    try other.append(merging: loaded) { $0.markSolved("third", in: "small") }
    #expect(!FileManager.default.fileExists(atPath: store.journalPath))
    let (again, noWarning) = ProgressStore(directory: store.directory).load()
    #expect(noWarning == nil)
    #expect(again.lessons["small"]?.solved == ["first", "third"])
  }

  @Test("a line that does not read in the middle costs that record only")
  func badMiddleLine() throws {
    let store = try Self.storeWithSnapshot()
    var base = store.load().progress
    for lesson in ["one", "two", "three"] {
      base = try store.append(merging: base) { $0.markSolved("a1", in: lesson) }
    }
    let text = try String(contentsOfFile: store.journalPath, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.count == 4, "three records and the empty rest after the last newline")
    lines[1] = "{\"lessons\" : not json"
    try lines.joined(separator: "\n").write(
      toFile: store.journalPath, atomically: false, encoding: .utf8)
    let (loaded, warning) = ProgressStore(directory: store.directory).load()
    #expect(loaded.lessonIDs == ["big", "one", "three"])
    #expect(
      warning
        == "warning: \(store.journalPath): record 2 cannot be read; what that save changed "
        + "is left out")
  }

  @Test("another tutor's appends between ours are read and merged: nothing of either is lost")
  func otherWriterBetweenAppends() throws {
    let directory = try Self.storeWithSnapshot().directory
    let mine = ProgressStore(directory: directory)
    let theirs = ProgressStore(directory: directory)
    var myBase = mine.load().progress
    var theirBase = theirs.load().progress
    myBase = try mine.append(merging: myBase) { $0.markSolved("m1", in: "small") }
    let reads = mine.diskReads
    theirBase = try theirs.append(merging: theirBase) { $0.markSolved("t1", in: "other") }
    myBase = try mine.append(merging: myBase) { $0.markSolved("m2", in: "small") }
    #expect(mine.diskReads == reads + 1, "the journal changed on disk, so it was read")
    #expect(myBase.lessons["other"]?.solved == ["t1"], "their step is in what the save returns")
    theirBase = try theirs.append(merging: theirBase) { $0.markSolved("t2", in: "other") }
    // A tutor that writes whole (a plain command) in between: it folds the journal in.
    try ProgressStore(directory: directory).update { $0.markSolved("p1", in: "plain") }
    #expect(!FileManager.default.fileExists(atPath: mine.journalPath))
    myBase = try mine.append(merging: myBase) { $0.markSolved("m3", in: "small") }
    let loaded = ProgressStore(directory: directory).load().progress
    #expect(loaded.lessons["small"]?.solved == ["m1", "m2", "m3"])
    #expect(loaded.lessons["other"]?.solved == ["t1", "t2"])
    #expect(loaded.lessons["plain"]?.solved == ["p1"])
    #expect(loaded.lessons["big"]?.attempts.count == LearnerProgress.attemptLogLimit)
  }

  @Test("many tutors appending at once: every step lands")
  func concurrentAppends() async throws {
    let directory = try Self.storeWithSnapshot().directory
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<20 {
        group.addTask {
          let store = ProgressStore(directory: directory)
          let base = store.load().progress
          _ = try? store.append(merging: base) { $0.markSolved("s\(index)", in: "l") }
        }
      }
    }
    let loaded = ProgressStore(directory: directory).load()
    #expect(loaded.warning == nil)
    #expect(loaded.progress.lessons["l"]?.solved.count == 20)
  }

  @Test(
    "killed between compaction's rename and the journal's removal: the journal merged twice changes nothing"
  )
  func killedDuringCompaction() throws {
    let store = try Self.storeWithSnapshot()
    var base = store.load().progress
    for change in Self.changes { base = try store.append(merging: base, change) }
    let journal = Self.bytes(store.journalPath)
    #expect(!journal.isEmpty)
    try store.compact()
    #expect(!FileManager.default.fileExists(atPath: store.journalPath))
    let compacted = try #require(DiskSignature.of(store.path))
    // As if the process died after the rename, before the journal was removed.
    Self.write(journal, to: store.journalPath)
    let (loaded, warning) = ProgressStore(directory: store.directory).load()
    #expect(warning == nil)
    #expect(loaded == base)
    // Merge is idempotent: every record merged again onto the whole changes nothing.
    for line in journal.split(separator: UInt8(ascii: "\n")) {
      let record = try #require(ProgressJournal.record(of: Array(line)))
      #expect(base.merged(with: record) == base)
    }
    #expect(base.merged(with: base) == base)
    #expect(DiskSignature.of(store.path) == compacted, "loading writes nothing")
  }

  @Test("a symbolic link planted as the journal is refused; its target is never written")
  func symlinkJournal() throws {
    let store = try Self.storeWithSnapshot()
    let loaded = store.load().progress
    let target = store.directory + "/elsewhere"
    #expect(symlink(target, store.journalPath) == 0)
    // Planted after this store loaded (its memo matches) and before another loads.
    #expect(throws: ProgressError.self) {
      try store.append(merging: loaded) { $0.markSolved("x", in: "small") }
    }
    let fresh = ProgressStore(directory: store.directory)
    let (shown, warning) = fresh.load()
    #expect(shown.lessons["big"]?.attempts.count == LearnerProgress.attemptLogLimit)
    #expect(
      warning
        == "warning: \(store.journalPath) is a symbolic link; bptutor never follows one for "
        + "its journal; progress will not be saved")
    #expect(throws: ProgressError.self) {
      try fresh.append(merging: shown) { $0.markSolved("x", in: "small") }
    }
    #expect(!FileManager.default.fileExists(atPath: target), "nothing written through it")
  }

  @Test("a journal larger than bptutor ever leaves is refused and left as it is")
  func oversizedJournal() throws {
    let store = try Self.storeWithSnapshot()
    let huge = [UInt8](repeating: UInt8(ascii: " "), count: ProgressJournal.maxSize + 1)
    Self.write(huge, to: store.journalPath)
    let (shown, warning) = store.load()
    #expect(shown.lessons["big"]?.solved == ["s1"], "the snapshot is still shown")
    #expect(warning?.contains("is larger than 1 MB") == true)
    #expect(throws: ProgressError.self) {
      try store.append(merging: shown) { $0.markSolved("x", in: "small") }
    }
    #expect(Self.size(store.journalPath) == huge.count)
  }

  @Test("the journal is compacted once past its size: it never grows much beyond it")
  func compactsPastBound() throws {
    let saves = 30
    let store = ProgressStore(directory: try TemporaryDirectory.make("bptutor-journal"))
    // A lesson whose entry (hints of 2,000 steps) makes each record about 30 KB.
    try store.update { progress in
      for index in 0..<2_000 { progress.recordHints(1, step: "step-\(index)", in: "wide") }
    }
    var base = store.load().progress
    var largest = 0
    var compactions = 0
    for index in 0..<saves {
      let before = Self.size(store.journalPath)
      base = try store.append(merging: base) { $0.markSolved("s\(index)", in: "wide") }
      let after = Self.size(store.journalPath)
      largest = max(largest, after)
      if after < before { compactions += 1 }
    }
    #expect(compactions >= 2, "\(compactions) compactions")
    #expect(largest <= ProgressJournal.compactionSize + ProgressJournal.recordLimit)
    let loaded = ProgressStore(directory: store.directory).load().progress
    #expect(loaded.lessons["wide"]?.solved == (0..<saves).map { "s\($0)" })
    #expect(loaded == base)
  }

  @Test("a journal without its snapshot (moved away to start afresh) is left out and removed")
  func journalWithoutSnapshot() throws {
    let store = try Self.storeWithSnapshot()
    let base = store.load().progress
    try store.append(merging: base) { $0.markSolved("x", in: "small") }
    try FileManager.default.moveItem(atPath: store.path, toPath: store.path + ".old")
    let fresh = ProgressStore(directory: store.directory)
    #expect(fresh.load().progress == LearnerProgress())
    try fresh.append { $0.markSolved("y", in: "new") }
    #expect(!FileManager.default.fileExists(atPath: store.journalPath))
    #expect(fresh.load().progress.lessonIDs == ["new"])
  }

  @Test(
    "fields this version does not know and entries it cannot read survive appends and compaction")
  func unknownFieldsSurvive() throws {
    let store = ProgressStore(directory: try TemporaryDirectory.make("bptutor-journal"))
    try """
    {"version": 2, "mastery": {"relu": 0.5},
     "skills": {"relu-mask": {"known": 0.4, "observations": 2, "updated": 10},
                "odd": "not an estimate"},
     "lessons": {"a": {"solved": ["s1"], "revealed": [], "streak": 3},
                 "b": {"solved": "s1"}}}
    """.write(toFile: store.path, atomically: true, encoding: .utf8)
    var base = store.load().progress
    base = try store.append(merging: base) { $0.markSolved("s2", in: "a") }
    base = try store.append(merging: base) {
      $0.recordAttempt(.right, step: "s2", in: "a", variant: 0, skills: ["relu-mask"], at: 20)
    }
    #expect(Self.size(store.journalPath) > 0, "appended, not written whole")
    let (loaded, _) = ProgressStore(directory: store.directory).load()
    #expect(loaded == base)
    #expect(loaded.skills["relu-mask"]?.observations == 3)
    try store.compact()
    let data = try #require(FileManager.default.contents(atPath: store.path))
    let saved = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect((saved["mastery"] as? [String: Double]) == ["relu": 0.5])
    #expect((saved["skills"] as? [String: Any])?["odd"] as? String == "not an estimate")
    let lessons = try #require(saved["lessons"] as? [String: [String: Any]])
    #expect(lessons["a"]?["solved"] as? [String] == ["s1", "s2"])
    #expect(lessons["a"]?["streak"] as? Int == 3)
    #expect(lessons["b"]?["solved"] as? String == "s1", "kept verbatim")
  }

  @Test("a lesson with a card set aside is appended to, and its records read back")
  func setAsideCardInRecords() throws {
    let store = ProgressStore(directory: try TemporaryDirectory.make("bptutor-journal"))
    try """
    {"version": 2, "lessons": {"l": {"solved": ["s1"], "revealed": [], "cards": {"s5": 7}}}}
    """.write(toFile: store.path, atomically: true, encoding: .utf8)
    var base = store.load().progress
    base = try store.append(merging: base) { $0.markSolved("s2", in: "l") }
    base = try store.append(merging: base) {
      $0.recordAttempt(.right, step: "s3", in: "l", variant: 0, skills: [], at: 30)
    }
    #expect(Self.size(store.journalPath) > 0, "appended, not written whole")
    let (loaded, warning) = ProgressStore(directory: store.directory).load()
    #expect(loaded.lessons["l"]?.solved == ["s1", "s2"])
    #expect(loaded.lessons["l"]?.cards.keys.sorted() == ["s3"])
    #expect(loaded == base)
    #expect(
      warning == "warning: \(store.path): in lesson `l`, the card of `s5` cannot be read; "
        + "it is kept as it is", "the card is reported once, where it is, not per record")
  }

  @Test("a reset is written whole; a journal from before it, merged after it, brings nothing back")
  func resetAndOldJournal() throws {
    let store = try Self.storeWithSnapshot()
    var base = store.load().progress
    base = try store.append(merging: base) { $0.markSolved("s2", in: "small") }
    let before = Self.bytes(store.journalPath)
    #expect(!before.isEmpty)
    base = try store.append(merging: base) { $0.reset(lesson: "small") }
    #expect(!FileManager.default.fileExists(atPath: store.journalPath), "written whole")
    base = try store.append(merging: base) { $0.markSolved("s9", in: "small") }
    #expect(Self.size(store.journalPath) > 0, "after the reset, appended again")
    #expect(ProgressStore(directory: store.directory).load().progress == base)
    // The journal of before the reset, back as if a kill had left it.
    Self.write(before, to: store.journalPath)
    let loaded = ProgressStore(directory: store.directory).load().progress
    #expect(loaded.lessons["small"] == nil, "s2 was reset; s9 was in the journal replaced")
    #expect(loaded.lessons["big"]?.solved == ["s1"])
  }
}
