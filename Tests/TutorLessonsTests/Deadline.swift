import Foundation
import Testing

/// Runs `body` on its own thread and waits at most `seconds` for it: a hang fails the test
/// (the thread is abandoned; the test process ends with the run) instead of blocking CI.
func withDeadline<T: Sendable>(
  _ seconds: Double, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
  _ body: @escaping @Sendable () throws -> T
) throws -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.set(Result { try body() })
    done.signal()
  }
  thread.stackSize = 8 << 20
  thread.start()
  guard done.wait(timeout: .now() + seconds) == .success, let result = box.get() else {
    Issue.record("\(what) did not finish within \(seconds) s", sourceLocation: sourceLocation)
    throw DeadlineExceeded()
  }
  return try result.get()
}

struct DeadlineExceeded: Error {}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<T, any Error>?

  func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
  func get() -> Result<T, any Error>? { lock.withLock { result } }
}
