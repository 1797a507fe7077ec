import ArgumentParser

/// Exit codes shared by the plain commands.
enum ExitCodes {
  /// An unknown lesson or step (EX_USAGE).
  static let usage = ExitCode(64)
}
