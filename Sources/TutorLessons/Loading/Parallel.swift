import Foundation

/// Independent work on every core, results in order: loading the lessons for the
/// menu, linting a folder.
public enum Parallel {
  /// `body(0) … body(count - 1)`, run concurrently, in index order: the calling thread
  /// and one ``Background`` thread per other core take the next index until none is left.
  public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard count > 1, cores > 1 else { return (0..<count).map(body) }
    let results = Results<T>(count: count)
    withoutActuallyEscaping(body) { body in
      let work: @Sendable () -> Void = {
        while let index = results.claim() { results.set(index, body(index)) }
      }
      let helpers = (1..<min(cores, count)).map { _ in Background(evenWhenBusy: true, work) }
      work()
      for helper in helpers { helper.wait() }
    }
    return results.values
  }

  /// Results written from several threads under a lock, and the next index to take.
  private final class Results<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]
    private var next = 0

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// The next index nobody has taken, or nil when all are.
    func claim() -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard next < storage.count else { return nil }
      next += 1
      return next - 1
    }

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
