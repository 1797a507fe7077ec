import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `progress.json` in the state directory, read and written safely:
/// writes go to a temporary file renamed over the old one (atomic), under an
/// exclusive `flock` on `progress.lock`, merging what is on disk first, so two
/// bptutor processes never lose each other's progress. A corrupt file is moved aside
/// (`progress.json.corrupt-<time>`) with a warning, never a crash.
public struct ProgressStore: Sendable {
  public let directory: String
  public var path: String { directory + "/progress.json" }
  private var lockPath: String { directory + "/progress.lock" }

  public init(directory: String) {
    self.directory = directory
  }

  /// `--state-dir`, else `$XDG_STATE_HOME/bptutor`, else `~/.local/state/bptutor`.
  public static func defaultDirectory(environment: [String: String]) -> String {
    if let state = environment["XDG_STATE_HOME"], !state.isEmpty, state.hasPrefix("/") {
      return state + "/bptutor"
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/state/bptutor"
  }

  /// The saved progress, and a warning when the file was unreadable and moved aside.
  public func load() -> (progress: LearnerProgress, warning: String?) {
    guard let data = FileManager.default.contents(atPath: path) else {
      return (LearnerProgress(), nil)
    }
    if let progress = try? JSONDecoder().decode(LearnerProgress.self, from: data) {
      return (progress, nil)
    }
    let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
    try? FileManager.default.moveItem(atPath: path, toPath: aside)
    return (
      LearnerProgress(),
      "warning: \(path) could not be read; it was moved to \(aside) and progress starts afresh"
    )
  }

  /// Applies `change` to the progress on disk (merged with `base`), atomically and under
  /// a lock; returns what was saved.
  @discardableResult
  public func update(
    merging base: LearnerProgress = LearnerProgress(), _ change: (inout LearnerProgress) -> Void
  ) throws
    -> LearnerProgress
  {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let descriptor = open(lockPath, O_CREAT | O_RDWR, 0o644)
    guard descriptor >= 0 else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: lockPath])
    }
    defer { close(descriptor) }
    flock(descriptor, LOCK_EX)
    defer { flock(descriptor, LOCK_UN) }

    var progress = load().progress.merged(with: base)
    change(&progress)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(progress)
    let temporary = directory + "/.progress.json.\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
    return progress
  }
}
