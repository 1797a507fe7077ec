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
    let manager = FileManager.default
    var candidates: [String] = []
    if let directory { return directory }
    if let environment = ProcessInfo.processInfo.environment["BPTUTOR_LESSONS"],
      !environment.isEmpty
    {
      return environment
    }
    candidates.append(manager.currentDirectoryPath + "/lessons")
    let source = URL(fileURLWithPath: #filePath)  // …/Sources/bptutor/LessonOptions.swift
    candidates.append(
      source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons").path)
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue,
        !LessonCatalog.paths(in: candidate).isEmpty
      {
        return candidate
      }
    }
    throw ValidationError(
      "no lessons folder found; pass --lessons DIR or set BPTUTOR_LESSONS")
  }
}
