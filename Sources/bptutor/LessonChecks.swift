import Foundation
import TutorLessons

/// Runs the linter over many lesson files on every core, keeping their order.
enum LessonChecks {
  /// `check` applied to each of `items`, in parallel; results in the items' order.
  static func concurrently(
    _ items: [String], _ check: @Sendable (String) -> [LessonDiagnostic]
  ) -> [[LessonDiagnostic]] {
    let results = Results(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
      results.set(index, check(items[index]))
    }
    return results.values
  }

  /// The results, written from several threads under a lock.
  private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [[LessonDiagnostic]]

    init(count: Int) { storage = Array(repeating: [], count: count) }

    func set(_ index: Int, _ value: [LessonDiagnostic]) {
      lock.lock()
      storage[index] = value
      lock.unlock()
    }

    var values: [[LessonDiagnostic]] {
      lock.lock()
      defer { lock.unlock() }
      return storage
    }
  }
}
