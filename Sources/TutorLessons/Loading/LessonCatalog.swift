import Foundation
import TutorProgress

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The lesson files of a folder: `*.yaml`, sorted by file name (their ids).
public enum LessonCatalog {
  /// What is wrong with a lessons folder, as a sentence naming it.
  public struct FolderError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public var description: String { problem }
  }

  /// The lesson files of a folder, and the entries skipped (each with why).
  public struct Listing: Equatable, Sendable {
    /// Paths of regular `*.yaml` files, sorted.
    public var paths: [String]
    /// One line per skipped entry: `warning: skipping PATH: it is a FIFO …`.
    public var warnings: [String]
  }

  /// The lesson files in `directory`: regular `*.yaml` files only (following symbolic
  /// links), dotfiles and the course file (``Course/fileName``) ignored; anything else
  /// named `*.yaml` — a folder, a FIFO, a device, a dangling link or a link loop — is
  /// skipped with a warning and never opened.
  /// Throws when the folder is missing, not a folder, or cannot be read.
  public static func listing(in directory: String) throws(FolderError) -> Listing {
    var status = stat()
    guard stat(directory, &status) == 0 else {
      let code = errno
      throw FolderError(
        path: directory,
        problem: code == ENOENT
          ? "the lessons folder \(directory) does not exist"
          : "cannot open the lessons folder \(directory): \(RegularFile.reason(code))")
    }
    guard RegularFile.isDirectory(status.st_mode) else {
      let kind =
        RegularFile.isRegular(status.st_mode) ? "a file" : RegularFile.kind(of: status.st_mode)
      throw FolderError(
        path: directory, problem: "the lessons folder \(directory) is \(kind), not a folder")
    }
    let names: [String]
    do {
      names = try entryNames(directory)
    } catch let code {
      throw FolderError(
        path: directory,
        problem: "cannot read the lessons folder \(directory): \(RegularFile.reason(code.value))")
    }
    var listing = Listing(paths: [], warnings: [])
    // The course file (`course.yaml`) orders the lessons; it is not one.
    for name in names.sorted()
    where name.hasSuffix(".yaml") && !name.hasPrefix(".") && name != Course.fileName {
      let path = (directory as NSString).appendingPathComponent(name)
      var entry = stat()
      if stat(path, &entry) != 0 {
        listing.warnings.append("warning: skipping \(path): \(RegularFile.reason(errno))")
      } else if RegularFile.isRegular(entry.st_mode) {
        listing.paths.append(path)
      } else {
        listing.warnings.append(
          "warning: skipping \(path): it is \(RegularFile.kind(of: entry.st_mode)), "
            + "not a lesson file")
      }
    }
    return listing
  }

  /// Like ``listing(in:)``, and an error too when the folder holds no lesson file.
  public static func lessons(in directory: String) throws(FolderError) -> Listing {
    let listing = try listing(in: directory)
    guard listing.paths.isEmpty else { return listing }
    let skipped = listing.warnings.first.map {
      "; " + $0.replacingOccurrences(of: "warning: ", with: "")
    }
    throw FolderError(
      path: directory,
      problem: "the lessons folder \(directory) has no lessons (*.yaml files)" + (skipped ?? ""))
  }

  /// Paths of the lesson files in `directory`, sorted; none when it cannot be read.
  public static func paths(in directory: String) -> [String] {
    (try? listing(in: directory).paths) ?? []
  }

  /// The path of lesson `id` in `directory`, or nil with the ids it could have meant.
  /// An entry that exists but cannot be read (a folder, a link loop) is returned, so that
  /// loading it says what is wrong rather than "no such lesson".
  public static func path(of id: String, in directory: String) -> String? {
    guard !id.isEmpty, id + ".yaml" != Course.fileName else { return nil }
    let candidate = (directory as NSString).appendingPathComponent(id + ".yaml")
    var status = stat()
    return lstat(candidate, &status) == 0 ? candidate : nil
  }

  /// The ids of the lessons in `directory`.
  public static func ids(in directory: String) -> [String] {
    paths(in: directory).map {
      String(($0 as NSString).lastPathComponent.dropLast(".yaml".count))
    }
  }

  private struct SystemError: Error { var value: Int32 }

  /// The names in a folder (without `.` and `..`), or the `errno` of the failure.
  private static func entryNames(_ directory: String) throws(SystemError) -> [String] {
    guard let stream = opendir(directory) else { throw SystemError(value: errno) }
    defer { closedir(stream) }
    var names: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(stream) else {
        if errno != 0 { throw SystemError(value: errno) }
        return names
      }
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
  }
}
