import Foundation

/// Independent work on every core, results in order: loading the lessons for the
/// menu, linting a folder, rendering a replay.
public enum Parallel {
  /// `body(0) … body(count - 1)`, run concurrently, in index order.
  public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let results = Results<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      results.set(index, body(index))
    }
    return results.values
  }

  /// Results written from several threads under a lock.
  private final class Results<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
      lock.lock()
      storage[index] = value
      lock.unlock()
    }

    var values: [T] {
      lock.lock()
      defer { lock.unlock() }
      return storage.map { $0! }
    }
  }
}
