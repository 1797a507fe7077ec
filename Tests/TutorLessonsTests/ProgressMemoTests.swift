import Foundation
import TestSupport
import Testing

@testable import TutorProgress

@Suite("Progress store: no re-read of a file this process wrote")
struct ProgressMemoTests {
  @Test("saves in a row read the file once (at load), however large it is")
  func unchangedFileIsNotReadAgain() throws {
    let directory = try TemporaryDirectory.make("bptutor-memo")
    let writer = ProgressStore(directory: directory)
    for event in 0..<LearnerProgress.attemptLogLimit {
      try writer.update {
        $0.recordAttempt(
          .wrongFirst, step: "s\(event % 9)", in: "big", variant: event, skills: ["relu"],
          at: Double(event))
      }
    }
    let store = ProgressStore(directory: directory)
    let loaded = store.load().progress
    #expect(store.diskReads == 1)
    for index in 0..<5 {
      try store.update(merging: loaded) { $0.markSolved("x\(index)", in: "small") }
    }
    #expect(store.diskReads == 1, "the file was as this store left it: nothing read")
    let onDisk = ProgressStore(directory: directory).load().progress
    #expect(onDisk.lessons["small"]?.solved == ["x0", "x1", "x2", "x3", "x4"])
    #expect(onDisk.lessons["big"]?.attempts.count == LearnerProgress.attemptLogLimit)
  }

  @Test("another writer's save is read and merged: nothing of either is lost")
  func otherWriterIsMerged() throws {
    let directory = try TemporaryDirectory.make("bptutor-memo")
    let mine = ProgressStore(directory: directory)
    try mine.update { $0.markSolved("a1", in: "relu") }
    let reads = mine.diskReads
    try ProgressStore(directory: directory).update { $0.markSolved("x", in: "conv") }
    try mine.update { $0.markSolved("h1", in: "relu") }
    #expect(mine.diskReads == reads + 1, "the file changed on disk, so it was read")
    let merged = ProgressStore(directory: directory).load().progress
    #expect(merged.lessons["relu"]?.solved == ["a1", "h1"])
    #expect(merged.lessons["conv"]?.solved == ["x"])
  }

  @Test("a file edited in place (same inode) is read again")
  func editedInPlace() throws {
    let directory = try TemporaryDirectory.make("bptutor-memo")
    let store = ProgressStore(directory: directory)
    try store.update { $0.markSolved("a1", in: "relu") }
    let text = try String(contentsOfFile: store.path, encoding: .utf8)
    try text.replacingOccurrences(of: "\"a1\"", with: "\"a1\", \"a2\"")
      .write(toFile: store.path, atomically: false, encoding: .utf8)
    try store.update { $0.markSolved("h1", in: "relu") }
    #expect(store.load().progress.lessons["relu"]?.solved == ["a1", "a2", "h1"])
  }
}
