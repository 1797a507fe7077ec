import Foundation

/// Fresh folders for tests: each call makes a new, empty directory under the system's
/// temporary folder, named `prefix-UUID`.
public enum TemporaryDirectory {
  /// Makes a new empty directory and returns its path.
  public static func make(_ prefix: String = "bptutor-test") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }
}
