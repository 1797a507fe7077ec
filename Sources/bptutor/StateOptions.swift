import ArgumentParser
import Foundation
import TutorLessons
import TutorProgress

/// `--state-dir DIR`.
struct StateOptions: ParsableArguments {
  static let help = ArgumentHelp(
    "Where progress is saved (default: $XDG_STATE_HOME/bptutor or ~/.local/state/bptutor).",
    valueName: "DIR")

  @Option(name: .customLong("state-dir"), help: help) var directory: String?

  var store: ProgressStore {
    ProgressStore(
      directory: directory
        ?? ProgressStore.defaultDirectory(environment: ProcessInfo.processInfo.environment))
  }
}

extension StateOptions {
  /// Where lessons generated from a graph are kept (beside the progress), so review and
  /// replay find a drill's or a `--graph` lesson's steps by its id.
  var generatedDirectory: String { store.directory + "/generated" }

  /// Keeps a generated lesson's file under ``generatedDirectory`` (best effort: a lesson
  /// that cannot be kept still opens, only review cannot find it later).
  func keep(_ yaml: String, id: String) {
    let manager = FileManager.default
    let path = generatedDirectory + "/" + id + ".yaml"
    if manager.fileExists(atPath: path) { return }
    try? manager.createDirectory(atPath: generatedDirectory, withIntermediateDirectories: true)
    try? yaml.write(toFile: path, atomically: true, encoding: .utf8)
  }
}
