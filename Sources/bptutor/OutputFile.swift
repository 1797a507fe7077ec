import Foundation
import TutorProgress

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing a command's document to `--output FILE` as a shell's `>` would, only safer: a
/// device, a FIFO or a terminal (`/dev/null`, `/dev/stdout`) is written in place, never
/// replaced by a regular file; a folder is refused; a regular file (through any links) is
/// replaced atomically, and the caller is told it was there.
enum OutputFile {
  /// What writing did.
  enum Outcome: Equatable {
    /// A new file was created.
    case created
    /// An existing regular file was replaced.
    case replaced
    /// A device, FIFO or socket was written to as it is.
    case written
  }

  /// Why writing failed, as a phrase after "cannot write FILE: ".
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func write(_ text: String, to path: String) throws(Failure) -> Outcome {
    var status = stat()
    guard stat(path, &status) == 0 else {
      // Missing (or a dangling link: created where it points, as `>` does).
      try atomicWrite(text, to: resolved(path))
      return .created
    }
    switch status.st_mode & S_IFMT {
    case S_IFDIR:
      throw Failure(description: "it is a folder; give the path of a file")
    case S_IFREG:
      try atomicWrite(text, to: resolved(path))
      return .replaced
    default:
      try writeInPlace(text, to: path)
      return .written
    }
  }

  /// The path a chain of symbolic links leads to (itself when it is none), so that
  /// replacing a linked file keeps the link.
  private static func resolved(_ path: String) -> String {
    var current = path
    for _ in 0..<40 {
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count > 0 else { return current }
      let target = String(
        decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        target.hasPrefix("/")
        ? target : (current as NSString).deletingLastPathComponent + "/" + target
    }
    return current
  }

  private static func atomicWrite(_ text: String, to path: String) throws(Failure) {
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      throw Failure(description: error.localizedDescription)
    }
  }

  /// Opens the file without creating or truncating it, and writes every byte.
  private static func writeInPlace(_ text: String, to path: String) throws(Failure) {
    let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw Failure(description: String(cString: strerror(errno)))
    }
    var failure = Array(text.utf8).withUnsafeBytes { RegularFile.writeAll(descriptor, $0) }
    if close(descriptor) != 0, failure == 0 { failure = errno }
    guard failure == 0 else { throw Failure(description: String(cString: strerror(failure))) }
  }
}
