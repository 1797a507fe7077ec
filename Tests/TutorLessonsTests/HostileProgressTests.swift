import Foundation
import Testing

@testable import TutorLessons
@testable import TutorProgress

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `progress.json` and its folder as a careless or hostile user leaves them (issue 15):
/// nothing on disk is lost, nothing is written through a link, every refusal says which
/// file and why.
@Suite("Hostile input: progress files")
struct HostileProgressTests {
  static func store() throws -> ProgressStore {
    ProgressStore(directory: try HostileLessonTests.temporaryDirectory())
  }

  static func contents(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
  }

  // MARK: 2. Unreadable progress

  @Test("2: a progress.json that cannot be read is never saved over; the error names it and why")
  func unreadable() throws {
    let store = try Self.store()
    // A link loop cannot be read even by root (a chmod 000 file can).
    #expect(symlink(store.path, store.path) == 0)
    let (progress, warning) = store.load()
    #expect(progress == LearnerProgress())
    let reason = String(cString: strerror(ELOOP))
    #expect(
      warning
        == "warning: \(store.path) cannot be read (\(reason)), and saving would replace it; "
        + "progress will not be saved")
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("a", in: "l") } }
    do {
      try store.update { $0.markSolved("a", in: "l") }
    } catch let error as ProgressError {
      #expect(error.path == store.path)
      #expect(error.description.contains(reason))
    }
    let target = try FileManager.default.destinationOfSymbolicLink(atPath: store.path)
    #expect(target == store.path, "the link is still there")
  }

  @Test("2: a file without read permission is left alone (as a user who is not root)")
  func noPermission() throws {
    let store = try Self.store()
    try #"{"version":1,"lessons":{"l":{"solved":["a"],"revealed":[]}}}"#.write(
      toFile: store.path, atomically: true, encoding: .utf8)
    chmod(store.path, 0)
    defer { chmod(store.path, 0o600) }
    guard access(store.path, R_OK) != 0 else { return }  // root reads it anyway
    #expect(store.load().warning?.contains("Permission denied") == true)
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("b", in: "l") } }
    chmod(store.path, 0o600)
    #expect(store.load().progress.lessons["l"]?.solved == ["a"])
  }

  // MARK: 7. Format

  @Test("7: an entry without `revealed` reads; an unreadable entry is kept; unknown fields survive")
  func forgiving() throws {
    let store = try Self.store()
    let original = """
      {"version": 1, "mastery": {"relu": 0.5},
       "lessons": {"a": {"solved": ["s1", "s1", "s2"], "streak": 3},
                   "b": {"solved": "s1"},
                   "c": {"solved": [], "revealed": ["r"]}}}
      """
    try original.write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    #expect(progress.lessons["a"]?.solved == ["s1", "s2"])
    #expect(progress.lessons["a"]?.revealed == [])
    #expect(progress.lessons["c"]?.revealed == ["r"])
    #expect(progress.lessons["b"] == nil)
    #expect(
      warning
        == "warning: \(store.path): the entry of lesson `b` cannot be read (`solved` is not a "
        + "list of step ids); it is kept as it is")

    try store.update { $0.markSolved("s3", in: "a") }
    let data = try #require(Self.contents(store.path))
    let saved = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect((saved["mastery"] as? [String: Double]) == ["relu": 0.5])
    let lessons = try #require(saved["lessons"] as? [String: [String: Any]])
    #expect(lessons["a"]?["solved"] as? [String] == ["s1", "s2", "s3"])
    #expect(lessons["a"]?["streak"] as? Int == 3)
    #expect(lessons["b"]?["solved"] as? String == "s1", "kept verbatim")
    #expect(lessons["c"]?["revealed"] as? [String] == ["r"])
  }

  @Test("7: a file of a newer format is read as far as understood and never rewritten")
  func newerVersion() throws {
    let store = try Self.store()
    let original = #"{"version": 3, "lessons": {"a": {"solved": ["s1"], "stability": 4.2}}}"#
    try original.write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    #expect(progress.lessons["a"]?.solved == ["s1"])
    #expect(warning?.contains("written by a newer bptutor (format 3") == true)
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("s2", in: "a") } }
    #expect(Self.contents(store.path) == Data(original.utf8))
  }

  // MARK: 8. Symbolic links

  @Test("8: a planted symlink for the lock is refused; its target is never created")
  func lockSymlink() throws {
    let store = try Self.store()
    let target = store.directory + "/created-elsewhere"
    #expect(symlink(target, store.directory + "/progress.lock") == 0)
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("a", in: "l") } }
    do {
      try store.update { $0.markSolved("a", in: "l") }
    } catch let error as ProgressError {
      #expect(error.description.contains("is a symbolic link"))
    }
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect(!FileManager.default.fileExists(atPath: store.path))
  }

  @Test("8: a temporary-file name planted as a symlink is removed, never written through")
  func temporarySymlink() throws {
    let store = try Self.store()
    let target = store.directory + "/elsewhere"
    let planted = store.directory + "/.progress.json.\(getpid())-0.tmp"
    #expect(symlink(target, planted) == 0)
    try store.update { $0.markSolved("a", in: "l") }
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: planted)) == nil)
    #expect(store.load().progress.lessons["l"]?.solved == ["a"])
  }

  // MARK: 9. Failure reported

  @Test("9: when the state folder cannot be made, saving throws an error naming it")
  func cannotSave() throws {
    let directory = try HostileLessonTests.temporaryDirectory()
    try "not a folder".write(toFile: directory + "/state", atomically: true, encoding: .utf8)
    let store = ProgressStore(directory: directory + "/state")
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("a", in: "l") } }
    do {
      try store.update { $0.markSolved("a", in: "l") }
    } catch let error as ProgressError {
      #expect(error.description == "\(directory)/state is a regular file, not a folder")
      #expect(error.localizedDescription == error.description)
    }
  }

  // MARK: 10. Temporary files

  @Test("10: temporaries left by a killed save are removed by the next; a save leaves none")
  func staleTemporaries() throws {
    let store = try Self.store()
    for name in [".progress.json.123-abc.tmp", ".dat.nosyncF00D", ".progress.json.9-1.tmp"] {
      try "partial".write(toFile: store.directory + "/" + name, atomically: false, encoding: .utf8)
    }
    try "keep".write(toFile: store.directory + "/notes.txt", atomically: false, encoding: .utf8)
    try store.update { $0.markSolved("a", in: "l") }
    let names = try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted()
    #expect(names == ["notes.txt", "progress.json", "progress.lock"])
  }

  // MARK: 11. Size

  @Test("11: a progress.json over the cap is refused with a clear error and left as it is")
  func tooLarge() throws {
    let store = try Self.store()
    let padding = String(repeating: " ", count: ProgressStore.maxFileSize)
    let original = #"{"version": 1, "lessons": {}}"# + padding
    try original.write(toFile: store.path, atomically: true, encoding: .utf8)
    let warning = try withDeadline(10, "loading a huge progress.json") { store.load().warning }
    #expect(warning?.contains("is larger than 4 MB") == true, "\(warning ?? "")")
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("a", in: "l") } }
    let size = try FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int
    #expect(size == original.utf8.count)
  }

  // MARK: 17. Small things

  @Test("17: HOME='' or relative never aims progress at /.local/state")
  func emptyHome() {
    for home in ["", "relative", "/"] {
      let directory = ProgressStore.defaultDirectory(environment: ["HOME": home])
      #expect(directory != "/.local/state/bptutor")
      #expect(!directory.hasPrefix("relative"))
      #expect(directory.isEmpty || directory.hasPrefix("/"))
    }
    #expect(
      ProgressStore.defaultDirectory(environment: ["HOME": "/home/u"])
        == "/home/u/.local/state/bptutor")
    #expect(
      ProgressStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": ""])
        == "/s/bptutor")
  }

  @Test("17: an empty state folder name refuses to save instead of writing to /")
  func noDirectory() {
    let store = ProgressStore(directory: "")
    #expect(store.load().warning?.contains("--state-dir") == true)
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("a", in: "l") } }
  }

  @Test("17: a progress.json that is a folder gives a readable message")
  func folder() throws {
    let store = try Self.store()
    try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
    #expect(
      store.load().warning
        == "warning: \(store.path) is a folder, not a file; progress will not be saved")
    #expect(throws: ProgressError.self) { try store.update { $0.markSolved("a", in: "l") } }
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: store.path, isDirectory: &isDirectory))
    #expect(isDirectory.boolValue)
  }
}
