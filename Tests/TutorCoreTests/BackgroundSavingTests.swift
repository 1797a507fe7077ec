import Foundation
import TestSupport
import Testing
import TutorCore
import TutorLessons
import TutorProgress

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Saving behind the keys")
struct BackgroundSavingTests {
  static func driver(_ store: ProgressStore) -> TutorDriver {
    let library = LessonLibrary(directory: Fixtures.lessons)
    let state = AppState(
      lessons: library.entries(), progress: store.load().progress, colors: true,
      mathStyle: .unicode)
    var driver = TutorDriver(
      state: state, library: library, store: store, savingInBackground: true)
    driver.send(.lessonOpened(try! Fixtures.bound("relu-1-2-2-1"), mode: .learn))
    return driver
  }

  @Test("a solved step shows at once and is on disk after finishSaving (quit, signals)")
  func shownThenSaved() throws {
    let store = ProgressStore(directory: try TemporaryDirectory.make("bptutor-saver"))
    var driver = Self.driver(store)
    driver.type("[3; -3]")
    driver.press(.enter)
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.solved == ["a1"], "in memory at once")
    driver.finishSaving()
    let saved = ProgressStore(directory: store.directory).load().progress
    #expect(saved.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    #expect(saved.lessons["relu-1-2-2-1"]?.attempts.count == 1)
    #expect(driver.warnings.isEmpty)
  }

  @Test("a save waits for its key's frame to be drawn (the redraw comes first), then starts")
  func afterTheFrame() throws {
    let directory = try TemporaryDirectory.make("bptutor-saver")
    let store = ProgressStore(directory: directory)
    let saver = ProgressSaver(store: store, progress: LearnerProgress(), frameWait: 60)
    saver.enqueue(.solved(lesson: "l", step: "s1"))
    Thread.sleep(forTimeInterval: 0.2)
    #expect(saver.snapshot().unsaved.count == 1, "not saved before the frame is drawn")
    #expect(ProgressStore(directory: directory).load().progress.lessons["l"] == nil)
    saver.frameDrawn()
    let deadline = Date().addingTimeInterval(30)
    while !saver.snapshot().unsaved.isEmpty, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.01)
    }
    #expect(ProgressStore(directory: directory).load().progress.lessons["l"]?.solved == ["s1"])
    // Without a frame, a save starts after `frameWait` at most.
    let waiting = ProgressSaver(store: store, progress: LearnerProgress(), frameWait: 0.05)
    waiting.enqueue(.solved(lesson: "l", step: "s2"))
    let started = Date()
    while !waiting.snapshot().unsaved.isEmpty, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.01)
    }
    #expect(Date().timeIntervalSince(started) < 20)
    #expect(
      ProgressStore(directory: directory).load().progress.lessons["l"]?.solved == ["s1", "s2"])
  }

  @Test("changes made while a save waits for the lock are coalesced into one more save")
  func coalesced() throws {
    let directory = try TemporaryDirectory.make("bptutor-saver")
    let store = ProgressStore(directory: directory)
    let saver = ProgressSaver(store: store, progress: LearnerProgress())
    // Another tutor holds the lock: the first save waits, the rest queue up behind it.
    let lock = open(directory + "/progress.lock", O_CREAT | O_RDWR, 0o600)
    #expect(flock(lock, LOCK_EX) == 0)
    for index in 0..<10 { saver.enqueue(.solved(lesson: "l", step: "s\(index)")) }
    #expect(saver.snapshot().unsaved.count == 10, "nothing saved while the lock is held")
    flock(lock, LOCK_UN)
    close(lock)
    saver.flush()
    let snapshot = saver.snapshot()
    #expect(snapshot.saves >= 1 && snapshot.saves <= 2, "\(snapshot.saves) saves for 10 changes")
    #expect(snapshot.unsaved.isEmpty)
    #expect(snapshot.failures.isEmpty)
    let saved = ProgressStore(directory: directory).load().progress
    #expect(saved.lessons["l"]?.solved == (0..<10).map { "s\($0)" })
  }

  @Test("another tutor's progress saved meanwhile is merged in, and nothing is lost")
  func mergesOtherTutor() throws {
    let store = ProgressStore(directory: try TemporaryDirectory.make("bptutor-saver"))
    var driver = Self.driver(store)
    try ProgressStore(directory: store.directory).update { $0.markSolved("x", in: "conv-3x3") }
    driver.type("[3; -3]")
    driver.press(.enter)
    driver.finishSaving()
    #expect(driver.state.progress.lessons["conv-3x3"]?.solved == ["x"], "taken in after the save")
    let saved = ProgressStore(directory: store.directory).load().progress
    #expect(saved.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    #expect(saved.lessons["conv-3x3"]?.solved == ["x"])
  }

  @Test("a save that fails is a warning and the session goes on with the change in memory")
  func failureIsReported() throws {
    let directory = try TemporaryDirectory.make("bptutor-saver")
    // A folder where progress.json should be: it cannot be read or replaced.
    try FileManager.default.createDirectory(
      atPath: directory + "/progress.json", withIntermediateDirectories: false)
    var driver = Self.driver(ProgressStore(directory: directory))
    driver.type("[3; -3]")
    driver.press(.enter)
    driver.finishSaving()
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.solved == ["a1"])
    #expect(driver.warnings.count == 1)
    #expect(driver.state.status?.hasPrefix("could not save progress") == true)
  }

  @Test("with a large progress file, saving keys never read the file again (only the load)")
  func largeFileIsNotReadAgain() throws {
    let directory = try TemporaryDirectory.make("bptutor-saver")
    var large = LearnerProgress()
    for event in 0..<LearnerProgress.attemptLogLimit {
      for lesson in ["old-1", "old-2", "old-3"] {
        large.recordAttempt(
          .wrongFirst, step: "s\(event % 12)", in: lesson, variant: event, skills: ["relu"],
          at: Double(event))
      }
    }
    try ProgressStore(directory: directory).update { $0 = large }
    let store = ProgressStore(directory: directory)
    var driver = Self.driver(store)
    #expect(store.diskReads == 1, "read once, at load")
    for answer in ["[3; -3]", "[3; 0]", "[1; 2]"] {
      driver.type(answer)
      driver.press(.enter)
      driver.press(.tab)
      driver.press(.control("r"))
    }
    driver.finishSaving()
    #expect(store.diskReads == 1, "every save found the file as it had left it")
    let saved = ProgressStore(directory: directory).load().progress
    #expect(saved.lessons["relu-1-2-2-1"]?.solved.first == "a1")
    #expect(saved.lessons["old-2"]?.attempts.count == LearnerProgress.attemptLogLimit)
  }

  @Test("saving keys append to the journal, progress.json untouched; finishing folds it in")
  func appendsThenCompactsOnFinish() throws {
    let directory = try TemporaryDirectory.make("bptutor-saver")
    try ProgressStore(directory: directory).update { $0.markSolved("x", in: "conv-3x3") }
    let store = ProgressStore(directory: directory)
    let snapshot = DiskSignature.of(store.path)
    var driver = Self.driver(store)
    driver.type("[3; -3]")
    driver.press(.enter)
    driver.press(.tab)
    while driver.isSaving {
      usleep(2_000)
      driver.takeSavesNow()
    }
    #expect(DiskSignature.of(store.path) == snapshot, "the snapshot was not written again")
    #expect(FileManager.default.fileExists(atPath: store.journalPath))
    #expect(
      ProgressStore(directory: directory).load().progress.lessons["relu-1-2-2-1"]?.solved
        == ["a1"], "a kill now loses nothing: the journal is merged at load")
    driver.finishSaving()
    #expect(!FileManager.default.fileExists(atPath: store.journalPath), "folded in at the end")
    let text = try String(contentsOfFile: store.path, encoding: .utf8)
    #expect(text.contains("\"a1\""), "progress.json alone holds everything")
    #expect(text.contains("\"x\""))
  }
}
