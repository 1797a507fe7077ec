import ArgumentParser

/// Exit codes shared by the plain commands.
enum ExitCodes {
  /// An unknown lesson or step (EX_USAGE).
  static let usage = ExitCode(64)
  /// Input data that cannot be used: a `--graph` whose shapes do not fit (EX_DATAERR).
  static let dataError = ExitCode(65)
}
