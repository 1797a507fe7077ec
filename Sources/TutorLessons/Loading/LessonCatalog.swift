import Foundation

/// The lesson files of a folder: `*.yaml`, sorted by file name (their ids).
public enum LessonCatalog {
  /// Paths of the lesson files in `directory`, sorted; `README` and dotfiles skipped.
  public static func paths(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted().map {
      (directory as NSString).appendingPathComponent($0)
    }
  }

  /// The path of lesson `id` in `directory`, or nil with the ids it could have meant.
  public static func path(of id: String, in directory: String) -> String? {
    let candidate = (directory as NSString).appendingPathComponent(id + ".yaml")
    return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
  }

  /// The ids of the lessons in `directory`.
  public static func ids(in directory: String) -> [String] {
    paths(in: directory).map {
      ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
    }
  }
}
