import CThreads

#if canImport(Glibc)
  import Glibc
#endif

/// A value computed on a thread of its own while the caller goes on: reading a lesson
/// while the command line is parsed, rendering half of a replay.
///
/// The thread is placed on another CPU than the caller's. Left to itself, the scheduler
/// here started a new thread on its parent's CPU and moved one of the two only after a
/// millisecond or more — longer than the work — so the two ran one after the other.
/// When no other CPU is idle (another program keeps it busy), no thread is started: the
/// work runs in ``value``, on the caller's CPU, since a thread placed on a busy CPU waits
/// for its turn longer than the work takes. ``value`` waits for the thread; read it from
/// the thread that created the work.
public final class Background<Value: Sendable>: @unchecked Sendable {
  private let work: @Sendable () -> Value
  private var thread: pthread_t?
  private var result: Value?

  /// Starts `work` on another thread (or, if no thread can be made, defers it to
  /// ``value``). With `evenWhenBusy` false (the default) and no idle CPU, the work is
  /// deferred to ``value`` too: work of a few milliseconds is done sooner on the caller's
  /// CPU than on a busy one. Long work (``Parallel/map(_:_:)``) starts a thread anyway.
  public init(evenWhenBusy: Bool = false, _ work: @escaping @Sendable () -> Value) {
    self.work = work
    guard evenWhenBusy || bp_idle_cpus() > 0 else { return }
    thread = ThreadBody.spawn { self.result = work() }
  }

  /// A thread nobody waited for is detached, so the system frees it when it ends.
  deinit {
    if let thread { pthread_detach(thread) }
  }

  /// Waits for the thread, if it still runs; its result is then ready for ``value``.
  public func wait() {
    guard let thread else { return }
    pthread_join(thread, nil)
    self.thread = nil
  }

  /// The work's value, once its thread has finished.
  public var value: Value {
    wait()
    if let result { return result }
    let made = work()
    result = made
    return made
  }
}

/// The closure a ``Background`` thread runs, boxed to pass through `pthread_create`.
private final class ThreadBody: Sendable {
  let run: @Sendable () -> Void

  init(_ run: @escaping @Sendable () -> Void) { self.run = run }

  /// A thread running `body`, placed off the caller's CPU; nil if none could be made.
  static func spawn(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    _ = bp_attributes_avoiding_this_cpu(&attributes)
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    guard pthread_create(&thread, &attributes, runThreadBody, context) == 0 else {
      Unmanaged<ThreadBody>.fromOpaque(context).release()
      return nil
    }
    return thread
  }
}

/// The start routine of a ``Background`` thread: runs and releases its boxed closure.
private func runThreadBody(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
  guard let context else { return nil }
  Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
  return nil
}
