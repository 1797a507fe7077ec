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
    if let directory { return try checked(directory, from: "--lessons") }
    if let environment = Environment["BPTUTOR_LESSONS"],
      !environment.isEmpty
    {
      return try checked(environment, from: "BPTUTOR_LESSONS")
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
