import CThreads
import Dispatch

/// The one background queue the tutor works ahead on while the learner reads and types:
/// a step's check prepared (``CheckCache``), the frame after a reveal rendered before it is
/// asked for. Serial, so working ahead never takes both cores from the keys, and below the
/// thread that reads keys (and the terminal that shows the frame just drawn) on a busy core.
public enum WorkAhead {
  private static let queue = DispatchQueue(label: "bptutor.work-ahead", qos: .utility)

  /// Runs `work` on the queue, after what was queued before it.
  public static func async(_ work: @escaping @Sendable () -> Void) {
    queue.async {
      _ = bp_lower_this_thread(10)
      work()
    }
  }

  /// Waits until everything queued so far is done (tests, benchmarks).
  public static func wait() {
    queue.sync {}
  }
}
