import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a file that must be a regular file of bounded size, without ever blocking:
/// it is opened with `O_NONBLOCK` and checked with `fstat` before a byte is read, so a
/// FIFO, a device (`/dev/zero`) or a folder is refused with a message instead of
/// hanging or reading forever.
public enum RegularFile {
  /// Why a file could not be read; ``description`` is a phrase for a message.
  public enum Failure: Error, Equatable, CustomStringConvertible {
    /// The system refused (`errno`), e.g. no such file, permission denied, a symlink loop.
    case system(code: Int32)
    /// A folder, a FIFO, a socket or a device: ``RegularFile/kind(of:)`` names it.
    case notRegular(kind: String)
    /// More than the limit, in bytes.
    case tooLarge(limit: Int)

    public var description: String {
      switch self {
      case .system(let code): return RegularFile.reason(code)
      case .notRegular(let kind): return "it is \(kind), not a regular file"
      case .tooLarge(let limit): return "it is larger than \(RegularFile.size(limit))"
      }
    }

    /// The file does not exist (a missing `progress.json` is not an error).
    public var isMissing: Bool { self == .system(code: ENOENT) }

    /// Why the file at `path` cannot be used, as a sentence about it; `overTheLimit` says
    /// why a file larger than the limit is not bptutor's and what to do.
    func reason(path: String, overTheLimit: String) -> String {
      switch self {
      case .system(let code):
        return "\(path) cannot be read (\(RegularFile.reason(code))), and saving would replace it"
      case .notRegular(let kind):
        return "\(path) is \(kind), not a file"
      case .tooLarge(let limit):
        return "\(path) is larger than \(RegularFile.size(limit)); \(overTheLimit)"
      }
    }
  }

  /// Opens (creating it if need be, private to the user) one of bptutor's own files for
  /// writing, never through a symbolic link and never when it is not a regular file;
  /// `role` names it in the error ("lock", "journal"). Returns the descriptor and its size.
  static func openOwn(_ path: String, flags: Int32, role: String) throws(ProgressError) -> (
    descriptor: Int32, size: Int
  ) {
    let descriptor = systemOpen(path, flags | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let code = errno
      throw ProgressError(
        path: path,
        reason: code == ELOOP
          ? "\(path) is a symbolic link; bptutor never follows one for its \(role)"
          : "cannot open \(path): \(reason(code))")
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0, isRegular(status.st_mode) else {
      close(descriptor)
      throw ProgressError(path: path, reason: "\(path) is \(kind(of: status.st_mode)), not a file")
    }
    return (descriptor, Int(status.st_size))
  }

  /// The bytes of the regular file at `path`, at most `limit` of them.
  public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    let (descriptor, size) = try open(path, limit: limit)
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size)
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .system(code: errno)
      }
      if count == 0 { break }
      bytes += chunk[..<count]
      // The file may have grown since fstat.
      if bytes.count > limit { throw .tooLarge(limit: limit) }
    }
    return bytes
  }

  /// The regular file at `path` opened for reading (the caller closes it), and its size,
  /// at most `limit` bytes; a symbolic link is refused (`ELOOP`) unless `following`.
  public static func open(
    _ path: String, limit: Int, following: Bool = true
  ) throws(Failure) -> (Int32, Int) {
    let descriptor = systemOpen(
      path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (following ? 0 : O_NOFOLLOW))
    guard descriptor >= 0 else { throw .system(code: errno) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let code = errno
      close(descriptor)
      throw .system(code: code)
    }
    guard isRegular(status.st_mode) else {
      close(descriptor)
      throw .notRegular(kind: kind(of: status.st_mode))
    }
    guard Int(status.st_size) <= limit else {
      close(descriptor)
      throw .tooLarge(limit: limit)
    }
    return (descriptor, Int(status.st_size))
  }

  private static func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    #if canImport(Glibc)
      Glibc.open(path, flags, mode)
    #else
      Darwin.open(path, flags, mode)
    #endif
  }

  /// `read(2)`, from the C library of the platform.
  static func systemRead(
    _ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int
  )
    -> Int
  {
    #if canImport(Glibc)
      Glibc.read(descriptor, buffer, count)
    #else
      Darwin.read(descriptor, buffer, count)
    #endif
  }

  public static func isRegular(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFREG }
  public static func isDirectory(_ mode: mode_t) -> Bool { mode & S_IFMT == S_IFDIR }

  /// "a folder", "a FIFO (named pipe)", … for a file mode that is not a regular file.
  public static func kind(of mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFREG: return "a regular file"
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFSOCK: return "a socket"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFLNK: return "a symbolic link"
    default: return "not a regular file"
    }
  }

  /// The system's reason for `errno` `code`, e.g. "Permission denied".
  public static func reason(_ code: Int32) -> String {
    String(cString: strerror(code))
  }

  /// "4 MB", "1 MB", "512 KB": a byte limit for a message.
  public static func size(_ bytes: Int) -> String {
    if bytes >= 1_000_000, bytes % 1_000_000 == 0 { return "\(bytes / 1_000_000) MB" }
    if bytes >= 1000, bytes % 1000 == 0 { return "\(bytes / 1000) KB" }
    return "\(bytes) bytes"
  }

  /// Writes every byte of `bytes` to `descriptor`, again after an interrupted call; 0, or
  /// the `errno` of the write that failed.
  public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return 0
  }
}
