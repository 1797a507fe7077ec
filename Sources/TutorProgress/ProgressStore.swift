import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `progress.json` in the state directory, read and written safely:
/// writes go to a temporary file renamed over the old one (atomic), under an
/// exclusive `flock` on `progress.lock`, merging what is on disk first, so two
/// bptutor processes never lose each other's progress.
///
/// What is on disk is never lost: a file that cannot be read (permissions, a folder,
/// larger than ``maxFileSize``, written by a newer bptutor) is reported and never saved
/// over; a file that is not JSON is moved aside (`progress.json.corrupt-<time>`) with a
/// warning. The lock and the temporary file are opened with `O_NOFOLLOW` (and the
/// temporary file with `O_EXCL`), so a planted symbolic link cannot redirect a write;
/// temporary files left by a killed save (`.progress.json.<pid>-<random>.tmp`) are
/// removed by the next save.
///
/// A save does not read the file again when it is as this process left it: the store
/// remembers the progress it last read or wrote with the file's device, inode, size and
/// modification time (``DiskSignature``), and under the lock uses that instead of reading
/// and decoding the file when the signature still matches. Any other writer renames a new
/// file over it (a new inode), so its changes are always read and merged.
///
/// Saves behind the keys (``append(merging:_:)``) are incremental: when both files are as
/// this process left them, a save appends only what it changed to `progress.journal`
/// (``ProgressJournal``) instead of writing `progress.json` again; loading merges the
/// journal onto the snapshot. A journal past ``ProgressJournal/compactionSize``, a change
/// that takes something away, any ``update(merging:_:)`` and ``compact()`` (a tutor quitting)
/// write the snapshot again and then remove the journal.
public struct ProgressStore: Sendable {
  /// The largest `progress.json` read or written, in bytes (a learner's file is a few KB).
  public static let maxFileSize = 4_000_000

  public let directory: String
  public var path: String { directory + "/progress.json" }
  private var lockPath: String { directory + "/progress.lock" }
  /// `progress.journal`: what saves appended since the snapshot was written.
  public var journalPath: String { directory + "/progress.journal" }
  private var journal: ProgressJournal { ProgressJournal(path: journalPath) }

  /// Temporary files are `.progress.json.<pid>-<random>.tmp` in ``directory``.
  static let temporaryPrefix = ".progress.json."
  static let temporarySuffix = ".tmp"

  private let memo = ProgressMemo()

  public init(directory: String) {
    self.directory = directory
  }

  /// How many times this store (and its copies) read and decoded `progress.json` (and the
  /// journal): a save that finds the files as this process left them reads nothing.
  public var diskReads: Int { memo.diskReads }

  /// `--state-dir`, else `$XDG_STATE_HOME/bptutor`, else `~/.local/state/bptutor`, where
  /// `~` is `$HOME` when that is an absolute path, else the home folder of the user's
  /// account. Empty when there is none (saving then says so).
  public static func defaultDirectory(environment: [String: String]) -> String {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return state + "/bptutor"
    }
    guard let home = environment["HOME"].flatMap(usableHome) ?? accountHome() else { return "" }
    return home + "/.local/state/bptutor"
  }

  private static func usableHome(_ path: String) -> String? {
    guard path.hasPrefix("/") else { return nil }
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    return trimmed == "/" ? nil : trimmed
  }

  /// The home folder in the password database, for when `HOME` is unset or unusable.
  private static func accountHome() -> String? {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 16_384)
    guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil,
      let directory = entry.pw_dir
    else { return nil }
    return usableHome(String(cString: directory))
  }

  // MARK: - Reading

  /// What is on disk.
  enum Disk {
    case absent
    /// The snapshot merged with the journal; `problems` one line each, naming their file;
    /// `appendable`: the journal read whole and under its compaction size.
    case read(LearnerProgress, problems: [String], appendable: Bool)
    /// Not JSON progress at all: it may be moved aside.
    case corrupt
    /// Exists but cannot be used; never saved over.
    case unusable(ProgressError)
    /// Shown as far as understood, never saved over: written by a newer bptutor, or with
    /// a journal that cannot be read (the snapshot without it).
    case readOnly(LearnerProgress, ProgressError)
  }

  /// Reads `progress.json` without blocking or following a FIFO or device, then merges the
  /// journal onto it (a journal without a snapshot is left out: the snapshot was moved
  /// away, and the next save removes it).
  func readDisk() -> Disk {
    guard !directory.isEmpty else { return .unusable(noDirectory) }
    memo.countRead()
    let read: (progress: LearnerProgress, problems: [String])?
    do throws(RegularFile.Failure) {
      let (descriptor, _) = try RegularFile.open(path, limit: Self.maxFileSize)
      defer { close(descriptor) }
      let reader = JSONStreamReader(descriptor: descriptor, limit: Self.maxFileSize)
      do {
        read = try LearnerProgress.read(from: reader)
      } catch {
        switch error {
        case .syntax: return .corrupt
        case .system(let code): throw RegularFile.Failure.system(code: code)
        case .tooLarge: throw RegularFile.Failure.tooLarge(limit: Self.maxFileSize)
        }
      }
    } catch {
      if error.isMissing { return .absent }
      let reason = error.reason(
        path: path,
        overTheLimit: "a learner's progress is a few KB, so it is not bptutor's (move it away "
          + "to start afresh)")
      return .unusable(ProgressError(path: path, reason: reason))
    }
    guard let (progress, problems) = read else { return .corrupt }
    if progress.version > LearnerProgress.formatVersion {
      return .readOnly(
        progress,
        ProgressError(
          path: path,
          reason:
            "\(path) was written by a newer bptutor (format \(progress.version); this one "
            + "reads format \(LearnerProgress.formatVersion)) and is left as it is"))
    }
    var merged = progress
    let reading: ProgressJournal.Reading
    do {
      reading = try journal.read(onto: &merged)
    } catch {
      return .readOnly(progress, error)
    }
    return .read(
      merged, problems: problems.map { "\(path): \($0)" } + reading.problems,
      appendable: reading.problems.isEmpty && reading.size < ProgressJournal.compactionSize)
  }

  /// The signatures of the snapshot and the journal now.
  private func currentFiles() -> ProgressFiles {
    ProgressFiles(snapshot: DiskSignature.of(path), journal: DiskSignature.of(journalPath))
  }

  private var noDirectory: ProgressError {
    ProgressError(
      path: directory,
      reason: "there is no folder for progress: HOME is not an absolute path and the account "
        + "has no home folder; pass --state-dir DIR or set XDG_STATE_HOME")
  }

  /// The saved progress, and a warning (one line per problem) when some or all of it
  /// could not be read. A file that is not JSON is moved aside; one that exists but cannot
  /// be read is left alone, and ``update(merging:_:)`` refuses to save over it.
  public func load() -> (progress: LearnerProgress, warning: String?) {
    load(attempts: 3)
  }

  /// ``load()``, read again (up to `attempts` times in all) when another tutor saved while
  /// the files were read, so the snapshot and the journal read belong together.
  private func load(attempts: Int) -> (progress: LearnerProgress, warning: String?) {
    let before = currentFiles()
    switch readDisk() {
    case .absent:
      return (LearnerProgress(), nil)
    case .read(let progress, let problems, _):
      let unchanged = currentFiles() == before
      if !unchanged, attempts > 1 { return load(attempts: attempts - 1) }
      // Remembered only when nobody saved while the files were read.
      if problems.isEmpty, progress.version == LearnerProgress.formatVersion, unchanged {
        memo.remember(progress, files: before)
      }
      let warning = problems.map { "warning: \($0)" }.joined(separator: "\n")
      return (progress, warning.isEmpty ? nil : warning)
    case .unusable(let error):
      return (LearnerProgress(), "warning: \(error.reason); progress will not be saved")
    case .readOnly(let progress, let error):
      return (progress, "warning: \(error.reason); progress will not be saved")
    case .corrupt:
      do {
        let aside = try moveAside()
        return (
          LearnerProgress(),
          "warning: \(path) could not be read; it was moved to \(aside) and progress starts afresh"
        )
      } catch {
        return (LearnerProgress(), "warning: \(error.reason); progress will not be saved")
      }
    }
  }

  /// Renames a corrupt `progress.json` to `progress.json.corrupt-<time>`.
  private func moveAside() throws(ProgressError) -> String {
    let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
    guard rename(path, aside) == 0 else {
      throw ProgressError(
        path: path,
        reason: "\(path) is not bptutor progress and cannot be moved aside "
          + "(\(RegularFile.reason(errno)))")
    }
    return aside
  }

  // MARK: - Saving

  /// Applies `change` to the progress on disk (merged with `base`), atomically and under
  /// a lock; returns what was saved. Throws ``ProgressError`` when it cannot, leaving what
  /// is on disk as it was. Writes `progress.json` whole and removes the journal.
  @discardableResult
  public func update(
    merging base: LearnerProgress = LearnerProgress(), _ change: (inout LearnerProgress) -> Void
  ) throws -> LearnerProgress {
    try save(merging: base, journaled: false, change)
  }

  /// ``update(merging:_:)``, but when the files are as this process left them (and the
  /// journal is below its compaction size) only what `change` changed is appended to the
  /// journal: no file is read, and `progress.json` is not written.
  @discardableResult
  public func append(
    merging base: LearnerProgress = LearnerProgress(), _ change: (inout LearnerProgress) -> Void
  ) throws -> LearnerProgress {
    try save(merging: base, journaled: true, change)
  }

  /// Folds the journal into `progress.json` (written again, then the journal removed), so
  /// that bptutor versions that read only `progress.json` see everything; nothing to do
  /// without a journal.
  public func compact() throws {
    guard !directory.isEmpty, journal.exists else { return }
    try update { _ in }
  }

  private func save(
    merging base: LearnerProgress, journaled: Bool, _ change: (inout LearnerProgress) -> Void
  ) throws -> LearnerProgress {
    guard !directory.isEmpty else { throw noDirectory }
    try makeDirectory(directory)
    let lock = try openLock()
    defer { close(lock) }
    while flock(lock, LOCK_EX) != 0 {
      guard errno == EINTR else {
        throw ProgressError(
          path: lockPath, reason: "cannot lock \(lockPath): \(RegularFile.reason(errno))")
      }
    }
    defer { flock(lock, LOCK_UN) }

    var files = currentFiles()
    let disk: LearnerProgress
    var appendable: Bool
    if let remembered = memo.progress(matching: files) {
      disk = remembered
      appendable = (files.journal?.size ?? 0) < ProgressJournal.compactionSize
    } else {
      (disk, appendable) = try readForUpdate()
      // Reading may have moved a file aside or copied an old one.
      files = currentFiles()
    }
    var progress = disk.merged(with: base)
    change(&progress)
    appendable =
      appendable && journaled && files.snapshot != nil
      && disk.version == LearnerProgress.formatVersion
    if appendable, let record = ProgressJournal.record(from: disk, to: progress),
      let line = ProgressJournal.line(of: record)
    {
      if record.lessons.isEmpty, record.skills.isEmpty {
        memo.remember(progress, files: files)
        return progress
      }
      memo.forget()
      files.journal = try journal.append(line)
      // Still under the lock: nobody else has written since the append.
      memo.remember(progress, files: files)
      return progress
    }
    removeStaleTemporaries()
    memo.forget()
    if files.journal != nil || journal.exists, progress.merged(with: disk) != progress {
      // A change that takes something away (a card, a lesson) must not come back when
      // the journal is merged again after a kill before it is removed: the journal is
      // folded in and removed first, on its own.
      try writeSnapshot(disk)
      journal.remove()
    }
    try writeSnapshot(progress)
    // The snapshot holds every record now; merged again they would change nothing.
    journal.remove()
    // Still under the lock: nobody else has written since the rename.
    memo.remember(progress, files: currentFiles())
    return progress
  }

  /// Writes `progress` to a temporary file renamed over `progress.json`.
  private func writeSnapshot(_ progress: LearnerProgress) throws(ProgressError) {
    try replace { (descriptor) throws(JSONStreamWriter.Failure) in
      try progress.write(to: JSONStreamWriter(descriptor: descriptor, limit: Self.maxFileSize))
    }
  }

  /// What is on disk, read under the lock for a save: an older format is copied aside
  /// first, a file that is not JSON moved aside; an unusable or newer one throws.
  private func readForUpdate() throws -> (progress: LearnerProgress, appendable: Bool) {
    var progress: LearnerProgress
    var appendable = false
    switch readDisk() {
    case .absent: progress = LearnerProgress()
    case .read(let onDisk, _, let clean):
      progress = onDisk
      appendable = clean
      if onDisk.version < LearnerProgress.formatVersion {
        try keepOldCopy(version: onDisk.version)
      }
    case .unusable(let error), .readOnly(_, let error): throw error
    case .corrupt:
      _ = try moveAside()
      progress = LearnerProgress()
    }
    return (progress, appendable)
  }

  /// Where a file of an older format is kept when it is first saved in this one:
  /// `progress.v1.json` beside `progress.json`.
  public func oldCopyPath(version: Int) -> String { directory + "/progress.v\(version).json" }

  /// Copies `progress.json`, of an older format, to ``oldCopyPath(version:)`` (once: an
  /// existing copy is kept).
  private func keepOldCopy(version: Int) throws(ProgressError) {
    let copy = oldCopyPath(version: version)
    guard access(copy, F_OK) != 0 else { return }
    let bytes: [UInt8]
    do {
      bytes = try RegularFile.read(path, limit: Self.maxFileSize)
    } catch {
      throw ProgressError(path: path, reason: "cannot copy \(path) to \(copy) before migrating it")
    }
    try replace(with: Data(bytes), at: copy)
  }

  /// `mkdir -p` (new folders private to the user), with the system's reason on failure.
  private func makeDirectory(_ directory: String) throws(ProgressError) {
    var status = stat()
    if stat(directory, &status) == 0 {
      guard RegularFile.isDirectory(status.st_mode) else {
        throw ProgressError(
          path: directory,
          reason: "\(directory) is \(RegularFile.kind(of: status.st_mode)), not a folder")
      }
      return
    }
    let parent = (directory as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != directory { try makeDirectory(parent) }
    guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
      throw ProgressError(
        path: directory,
        reason: "cannot create the folder \(directory): \(RegularFile.reason(errno))")
    }
  }

  /// `progress.lock`, created if need be, never through a symbolic link.
  private func openLock() throws(ProgressError) -> Int32 {
    try RegularFile.openOwn(lockPath, flags: O_RDWR, role: "lock").descriptor
  }

  /// Removes temporary files of saves that never finished (killed mid-write). Called
  /// under the lock, so no save is writing one; includes `.dat.nosync*` files, the
  /// temporary files of Foundation's atomic writes that earlier versions used.
  private func removeStaleTemporaries() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return
    }
    for name in names
    where (name.hasPrefix(Self.temporaryPrefix) && name.hasSuffix(Self.temporarySuffix))
      || name.hasPrefix(".dat.nosync")
    {
      unlink(directory + "/" + name)
    }
  }

  /// Writes `data` to a new temporary file (`O_EXCL | O_NOFOLLOW`), flushes it to disk and
  /// renames it over `target` (`progress.json` unless told).
  private func replace(with data: Data, at target: String? = nil) throws(ProgressError) {
    try replace(at: target) { (descriptor) throws(JSONStreamWriter.Failure) in
      let failure = data.withUnsafeBytes { RegularFile.writeAll(descriptor, $0) }
      if failure != 0 { throw .system(code: failure) }
    }
  }

  /// Writes a new temporary file (`O_EXCL | O_NOFOLLOW`) with `write`, flushes it to disk
  /// and renames it over `target` (`progress.json` unless told); on failure the temporary
  /// file is removed and `target` is as it was.
  private func replace(
    at target: String? = nil, write: (Int32) throws(JSONStreamWriter.Failure) -> Void
  ) throws(ProgressError) {
    let path = target ?? self.path
    let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    let temporary =
      directory + "/" + Self.temporaryPrefix + "\(getpid())-\(random)" + Self.temporarySuffix
    let descriptor = open(
      temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw ProgressError(
        path: temporary, reason: "cannot create \(temporary): \(RegularFile.reason(errno))")
    }
    var failure: Int32 = 0
    var tooLarge = false
    do {
      try write(descriptor)
    } catch {
      switch error {
      case .system(let code): failure = code
      case .tooLarge: tooLarge = true
      }
    }
    if failure == 0, !tooLarge, fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0, failure == 0 { failure = errno }
    if failure == 0, !tooLarge, rename(temporary, path) != 0 { failure = errno }
    guard failure == 0, !tooLarge else {
      unlink(temporary)
      if tooLarge {
        throw ProgressError(
          path: path,
          reason: "the progress would be larger than \(RegularFile.size(Self.maxFileSize))")
      }
      throw ProgressError(
        path: path, reason: "cannot write \(path): \(RegularFile.reason(failure))")
    }
  }
}
