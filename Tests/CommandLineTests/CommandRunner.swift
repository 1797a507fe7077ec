import Foundation
import Testing

/// Runs the built `bptutor` binary (next to the test bundle) and captures its output.
struct CommandRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The bptutor binary `swift build` put beside this test bundle.
  static var binary: URL {
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

  /// Runs `bptutor arguments…` with `input` on stdin, in a temporary state directory.
  static func run(
    _ arguments: [String], input: String = "", environment: [String: String] = [:],
    stateDirectory: String? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = binary
    var arguments = arguments
    if let stateDirectory { arguments += ["--state-dir", stateDirectory] }
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["LC_ALL"] = "C.UTF-8"
    env["BPTUTOR_LESSONS"] = repository.appendingPathComponent("lessons").path
    env["COLUMNS"] = "80"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let output = Pipe()
    let errors = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  /// A fresh temporary directory for progress files.
  static func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bptutor-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }
}
