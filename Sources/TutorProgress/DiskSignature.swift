import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What identifies one version of a file without reading it: its device, inode, size and
/// modification time (to the nanosecond). A save replaces `progress.json` by renaming a
/// new file over it, so another writer's save always changes the inode, and an edit in
/// place changes the size or the time.
public struct DiskSignature: Codable, Equatable, Sendable {
  public var device: UInt64
  public var inode: UInt64
  public var size: Int64
  public var seconds: Int
  public var nanoseconds: Int

  package init(device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int) {
    (self.device, self.inode, self.size, self.seconds, self.nanoseconds) = (
      device, inode, size, seconds, nanoseconds
    )
  }

  /// The signature of the file at `path`, or nil when there is none (or it is not a
  /// regular file).
  public static func of(_ path: String) -> DiskSignature? {
    var status = stat()
    guard stat(path, &status) == 0, RegularFile.isRegular(status.st_mode) else { return nil }
    return DiskSignature(status)
  }

  /// The signature in a file's status (`stat`, `fstat`).
  init(_ status: stat) {
    self.init(
      device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
      seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec))
  }
}

/// The signatures of the two files progress is kept in: the snapshot (`progress.json`) and
/// the journal beside it (nil when absent).
struct ProgressFiles: Equatable {
  var snapshot: DiskSignature?
  var journal: DiskSignature?
}

/// The progress this process last read or wrote, with the signatures of the files it came
/// from (the snapshot and the journal): a save under the lock that finds the same
/// signatures uses it instead of reading and decoding the files again (a large progress
/// file takes tens of milliseconds to decode). Shared by every copy of a ``ProgressStore``.
final class ProgressMemo: @unchecked Sendable {
  private let lock = NSLock()
  private var files: ProgressFiles?
  private var progress: LearnerProgress?
  private var reads = 0

  /// The remembered progress when the files still have these signatures.
  func progress(matching files: ProgressFiles) -> LearnerProgress? {
    lock.withLock {
      guard files.snapshot != nil, files == self.files else { return nil }
      return progress
    }
  }

  /// Remembers `progress` as what `files` hold (forgets when there is no snapshot).
  func remember(_ progress: LearnerProgress, files: ProgressFiles) {
    lock.withLock {
      guard files.snapshot != nil else {
        (self.files, self.progress) = (nil, nil)
        return
      }
      (self.files, self.progress) = (files, progress)
    }
  }

  func forget() { remember(LearnerProgress(), files: ProgressFiles()) }

  func countRead() { lock.withLock { reads += 1 } }

  var diskReads: Int { lock.withLock { reads } }
}
