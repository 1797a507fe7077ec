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
    return DiskSignature(
      device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
      seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec))
  }
}

/// The progress this process last read or wrote, with the signature of the file it came
/// from: a save under the lock that finds the same signature uses it instead of reading and
/// decoding the file again (a large progress file takes tens of milliseconds to decode).
/// Shared by every copy of a ``ProgressStore``.
final class ProgressMemo: @unchecked Sendable {
  private let lock = NSLock()
  private var signature: DiskSignature?
  private var progress: LearnerProgress?
  private var reads = 0

  /// The remembered progress when the file still has `signature`.
  func progress(matching signature: DiskSignature?) -> LearnerProgress? {
    lock.withLock {
      guard let signature, signature == self.signature else { return nil }
      return progress
    }
  }

  func remember(_ progress: LearnerProgress, signature: DiskSignature?) {
    lock.withLock {
      guard let signature else {
        (self.signature, self.progress) = (nil, nil)
        return
      }
      (self.signature, self.progress) = (signature, progress)
    }
  }

  func forget() { remember(LearnerProgress(), signature: nil) }

  func countRead() { lock.withLock { reads += 1 } }

  var diskReads: Int { lock.withLock { reads } }
}
