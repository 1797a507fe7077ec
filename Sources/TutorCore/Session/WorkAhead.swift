import CThreads
import Foundation

/// The one thread the tutor works ahead on while the learner reads and types: a step's
/// check prepared (``CheckCache``), the frames after a hint and a reveal rendered before
/// they are asked for. One thread, so working ahead never takes both cores from the keys;
/// and idle (SCHED_IDLE): it runs only when no other thread wants the CPU, so it never
/// delays a key's frame, nor the terminal showing the frame just drawn. Its own thread,
/// not a pooled one, so nothing else ever runs at that priority.
public enum WorkAhead {
  private static let worker = Worker()

  /// Runs `work` on the thread, after what was asked for before it.
  public static func async(_ work: @escaping @Sendable () -> Void) {
    worker.add(work)
  }

  /// Waits until everything asked for so far is done (tests, benchmarks).
  public static func wait() {
    worker.waitUntilIdle()
  }

  /// The thread and its queue of work.
  private final class Worker: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var running = false
    private var started = false

    func add(_ work: @escaping @Sendable () -> Void) {
      condition.lock()
      queue.append(work)
      if !started {
        started = true
        let thread = Thread { [self] in run() }
        thread.name = "bptutor-ahead"
        thread.start()
      }
      condition.broadcast()
      condition.unlock()
    }

    func waitUntilIdle() {
      condition.lock()
      while !queue.isEmpty || running { condition.wait() }
      condition.unlock()
    }

    private func run() {
      _ = bp_idle_this_thread()
      condition.lock()
      while true {
        while queue.isEmpty { condition.wait() }
        let work = queue.removeFirst()
        running = true
        condition.unlock()
        work()
        condition.lock()
        running = false
        condition.broadcast()
      }
    }
  }
}
