import Foundation

/// Where this checkout's files are, for tests (this file is Tests/TestSupport/Repository.swift).
public enum Repository {
  /// The checkout's root folder.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// The course's lessons folder.
  public static let lessons = root.appendingPathComponent("lessons").path
  /// A test target's own folder under Tests/, e.g. `Repository.tests("TutorLessonsTests")`.
  public static func tests(_ target: String) -> String {
    root.appendingPathComponent("Tests").appendingPathComponent(target).path
  }
}
