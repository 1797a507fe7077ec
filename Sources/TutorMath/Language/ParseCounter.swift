import Foundation

/// Counts calls of ``Parser/parse(_:limits:)`` made inside a task, so a test can prove
/// that lesson text is parsed once, at load, and that judging an answer parses only
/// the answer.
///
///     let counter = ParseCounter()
///     ParseCounter.$current.withValue(counter) { _ = StepChecker(bound).check("[3; 0]", step: 0) }
///     #expect(counter.count == 1)
///
/// A task-local value: tests running in parallel never see each other's parses.
public final class ParseCounter: @unchecked Sendable {
  /// The counter of the current task, if one is installed.
  @TaskLocal public static var current: ParseCounter?

  private let lock = NSLock()
  private var parses: [String] = []

  public init() {}

  /// How many parses were recorded.
  public var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return parses.count
  }

  /// The texts parsed, in order.
  public var texts: [String] {
    lock.lock()
    defer { lock.unlock() }
    return parses
  }

  func record(_ text: String) {
    lock.lock()
    parses.append(text)
    lock.unlock()
  }
}
