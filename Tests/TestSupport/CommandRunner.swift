import Foundation

/// Runs the built `bptutor` binary (next to the test bundle) and captures its output.
public enum CommandRunner {
  public typealias Result = ProcessResult

  /// The checkout's root folder.
  public static var repository: URL { Repository.root }

  /// The course's lessons folder in this checkout.
  public static var lessons: URL { URL(fileURLWithPath: Repository.lessons) }

  /// The bptutor binary `swift build` put beside this test bundle.
  public static var binary: URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // On Linux the test runner is …/debug/bptutorPackageTests.xctest; on macOS it sits
    // inside the bundle's Contents/MacOS.
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("bptutor")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("bptutor")
  }

  /// The environment every test run gets: UTF-8, this checkout's lessons, 80 columns,
  /// then `overrides`.
  public static func environment(_ overrides: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["LC_ALL"] = "C.UTF-8"
    env["BPTUTOR_LESSONS"] = lessons.path
    env["COLUMNS"] = "80"
    for (key, value) in overrides { env[key] = value }
    return env
  }

  /// Runs `bptutor arguments…` with `input` on stdin (in `stateDirectory` when given),
  /// killed after `seconds` (see ``ProcessResult/timedOut``).
  public static func run(
    _ arguments: [String], input: String = "", environment: [String: String] = [:],
    stateDirectory: String? = nil, seconds: Double = 120
  ) throws -> Result {
    var environment = environment
    // Without a state directory a run saves nowhere lasting: `answer` counts probes, and
    // the machine's own progress must neither change nor change a test's outcome.
    if stateDirectory == nil, environment["XDG_STATE_HOME"] == nil {
      environment["XDG_STATE_HOME"] = try TemporaryDirectory.make()
    }
    return try ProcessRunner.run(
      binary, arguments + (stateDirectory.map { ["--state-dir", $0] } ?? []), input: input,
      environment: Self.environment(environment), seconds: seconds)
  }

  /// A fresh temporary directory for progress files.
  public static func temporaryDirectory() throws -> String {
    try TemporaryDirectory.make()
  }
}
