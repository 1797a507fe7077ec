import ArgumentParser
import Foundation
import TutorLessons

/// Where lessons are found: `--lessons DIR`, then `$BPTUTOR_LESSONS`, then `./lessons`,
/// then the checkout this binary was built from (so `swift run bptutor` works anywhere).
struct LessonsLocation: ParsableArguments {
  @Option(
    name: .customLong("lessons"),
    help: ArgumentHelp(
      "The lessons folder (default: $BPTUTOR_LESSONS, ./lessons, then the checkout bptutor was built from).",
      valueName: "DIR"))
  var directory: String?

  /// The lessons folder to use.
  func resolve() throws -> String {
    if let directory { return try checked(directory, from: "--lessons") }
    if let environment = Environment["BPTUTOR_LESSONS"], !environment.isEmpty {
      return try checked(environment, from: "BPTUTOR_LESSONS")
    }
    if let found = Self.defaultFolder() { return found }
    throw ValidationError(
      "no lessons folder found; pass --lessons DIR or set BPTUTOR_LESSONS")
  }

  /// The folder ``resolve()`` starts from when `--lessons` gives `directory`, found
  /// without checking or reporting anything (for ``LessonPrefetch``, which only guesses);
  /// nil when there is none.
  static func unchecked(given directory: String?) -> String? {
    if let directory { return directory }
    if let environment = Environment["BPTUTOR_LESSONS"], !environment.isEmpty {
      return environment
    }
    return Self.defaultFolder()
  }

  /// `./lessons`, then the checkout this binary was built from: the first that is a
  /// folder holding lessons.
  private static func defaultFolder() -> String? {
    let manager = FileManager.default
    let source = URL(fileURLWithPath: #filePath)  // …/Sources/bptutor/LessonsLocation.swift
    let candidates = [
      manager.currentDirectoryPath + "/lessons",
      source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons").path,
    ]
    return candidates.first { candidate in
      var isDirectory: ObjCBool = false
      return manager.fileExists(atPath: candidate, isDirectory: &isDirectory)
        && isDirectory.boolValue && !LessonCatalog.paths(in: candidate).isEmpty
    }
  }

  /// `directory` when it is a folder with lessons; otherwise prints what is wrong and exits 1.
  private func checked(_ directory: String, from source: String) throws -> String {
    do {
      _ = try LessonCatalog.lessons(in: directory)
      return directory
    } catch {
      printError("error: \(error) (from \(source))")
      throw ExitCode.failure
    }
  }
}
