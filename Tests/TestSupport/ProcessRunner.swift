import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a finished process left: its status and both outputs.
public struct ProcessResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  /// Whether it ran past its deadline and was killed (SIGKILL).
  public var timedOut = false

  public init(status: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
    self.timedOut = timedOut
  }
}

/// Runs a program with input on stdin, both outputs read on their own threads (so a
/// large output cannot fill a pipe and stall it), and a deadline after which it is killed.
public enum ProcessRunner {
  /// Runs `executable arguments…` in `environment` (the whole environment), feeding
  /// `input`; kills it after `seconds` and says so in ``ProcessResult/timedOut``.
  public static func run(
    _ executable: URL, _ arguments: [String], input: String = "",
    environment: [String: String], seconds: Double = 60
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let collected = Collected()
    let reading = DispatchGroup()
    for (pipe, isError) in [(output, false), (errors, true)] {
      DispatchQueue.global().async(group: reading) {
        collected.set(pipe.fileHandleForReading.readDataToEndOfFile(), error: isError)
      }
    }
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    var timedOut = false
    if finished.wait(timeout: .now() + seconds) == .timedOut {
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
      timedOut = true
    }
    _ = reading.wait(timeout: .now() + 5)
    let (out, err) = collected.get()
    return ProcessResult(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self), timedOut: timedOut)
  }
}

/// The two outputs, filled from reader threads.
private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var output = Data()
  private var errors = Data()

  func set(_ data: Data, error: Bool) {
    lock.withLock {
      if error { errors = data } else { output = data }
    }
  }

  func get() -> (Data, Data) { lock.withLock { (output, errors) } }
}
