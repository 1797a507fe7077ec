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
