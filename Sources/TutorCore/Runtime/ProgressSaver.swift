import CThreads
import Foundation
import TutorProgress

/// Saves progress changes on a thread of its own, so a key's redraw never waits for the
/// file: ``enqueue(_:)`` returns at once, and the thread applies every change waiting
/// since its last save in one ``ProgressStore/append(merging:_:)`` (merged under the lock,
/// as a save in the foreground). A save appends only what it changed to the journal beside
/// `progress.json` (a few hundred bytes, one `write(2)` and an `fsync`), without reading or
/// writing the snapshot, unless another tutor saved since (then both files are read and
/// merged) or the journal has grown past its compaction size (then `progress.json` is
/// written again, atomically, and the journal removed). ``flush()`` waits until everything
/// enqueued is on disk and folds the journal into `progress.json`; the shell calls it
/// before the process exits (quit, Ctrl-C, SIGTERM, SIGHUP, SIGQUIT).
///
/// What holds on `kill -9`: every save that had finished is on disk (its journal record
/// flushed with `fsync`, or `progress.json` written to a temporary file, flushed and
/// renamed over the old one), and the next load merges the journal onto the snapshot; a
/// record cut short by the kill is left out with a warning. Lost are the changes of the
/// save under way and of those queued behind it: the keys of the last few milliseconds
/// (a save waits for its key's frame, about a millisecond and 50 ms at most, takes well
/// under a millisecond of CPU, then waits for `fsync`), at any size of progress, since it
/// appends what it changed instead of encoding the whole file again.
/// Quitting, Ctrl-C, SIGTERM, SIGHUP and SIGQUIT wait for the saver (``flush()``), so they
/// lose nothing.
public final class ProgressSaver: @unchecked Sendable {
  /// What the saver holds: the progress of its last save and the changes not in it yet.
  public struct Snapshot: Sendable {
    /// The progress as the last save left it (merged with other tutors' saves).
    public var saved: LearnerProgress
    /// Changes enqueued and not yet saved (those of a save under way included), in order.
    public var unsaved: [ProgressChange]
    /// Why saves failed since the last snapshot, in order.
    public var failures: [String]
    /// Saves finished since the last snapshot.
    public var saves: Int
    /// Whether one of them read the files again (another tutor had saved) and so may have
    /// merged in progress this session does not have; otherwise ``saved`` with ``unsaved``
    /// applied is what the session already holds.
    public var mergedFromDisk: Bool
  }

  public let store: ProgressStore
  private let condition = NSCondition()
  private var saved: LearnerProgress
  private var pending: [ProgressChange] = []
  private var saving: [ProgressChange] = []
  private var failures: [String] = []
  private var saves = 0
  private var mergedFromDisk = false
  private var busy = false
  private var started = false
  /// Whether the saves wait for the frame of the key that made them (``frameDrawn()``).
  private var awaitingFrame = false
  /// The longest a save waits for its key's frame.
  public let frameWait: TimeInterval

  /// A saver for `store`, whose file held `progress` when it was loaded; a save waits for
  /// its key's frame `frameWait` seconds at most.
  public init(store: ProgressStore, progress: LearnerProgress, frameWait: TimeInterval = 0.05) {
    self.store = store
    self.saved = progress
    self.frameWait = frameWait
  }

  /// Saves `change` soon, after the changes enqueued before it: once the key's frame is
  /// drawn (``frameDrawn()``, so the redraw comes first), or after ``frameWait`` at most.
  public func enqueue(_ change: ProgressChange) {
    condition.lock()
    pending.append(change)
    awaitingFrame = true
    if !started {
      started = true
      let thread = Thread { [self] in run() }
      thread.name = "bptutor-save"
      thread.start()
    }
    condition.broadcast()
    condition.unlock()
  }

  /// Lets the saves waiting for the frame of their key start: it is drawn.
  public func frameDrawn() {
    condition.lock()
    awaitingFrame = false
    condition.broadcast()
    condition.unlock()
  }

  /// Waits until every change enqueued so far has been saved (or failed to save), then
  /// folds the journal into `progress.json` (``ProgressStore/compact()``), so that a
  /// bptutor without the journal finds everything in it. A compaction that fails changes
  /// nothing: the journal is kept and merged at the next load.
  public func flush() {
    condition.lock()
    awaitingFrame = false
    condition.broadcast()
    while !pending.isEmpty || busy { condition.wait() }
    condition.unlock()
    try? store.compact()
  }

  /// Whether a save is waiting or under way, or has finished and not been reported by
  /// ``snapshot()`` yet (the terminal then wakes soon to show its outcome).
  public var isBusy: Bool {
    condition.lock()
    defer { condition.unlock() }
    return !pending.isEmpty || busy || saves > 0 || !failures.isEmpty
  }

  /// What has been saved and what has not, and the failures and saves since the last call.
  public func snapshot() -> Snapshot {
    condition.lock()
    defer { condition.unlock() }
    let snapshot = Snapshot(
      saved: saved, unsaved: saving + pending, failures: failures, saves: saves,
      mergedFromDisk: mergedFromDisk)
    (failures, saves, mergedFromDisk) = ([], 0, false)
    return snapshot
  }

  /// The saving thread: one save for everything waiting, again and again.
  private func run() {
    // Below the thread that reads keys, so a save never delays a redraw on a busy core.
    _ = bp_lower_this_thread(10)
    condition.lock()
    while true {
      while pending.isEmpty { condition.wait() }
      let deadline = Date().addingTimeInterval(frameWait)
      while awaitingFrame, condition.wait(until: deadline) {}
      let batch = pending
      let base = saved
      (pending, saving, busy) = ([], batch, true)
      condition.unlock()
      var result = base
      var failure: String?
      let reads = store.diskReads
      do {
        result = try store.append(merging: base) { batch.apply(to: &$0) }
      } catch {
        // The session goes on as if it had been saved; the next save tries again.
        batch.apply(to: &result)
        failure = "\(error)"
      }
      condition.lock()
      saved = result
      if store.diskReads != reads { mergedFromDisk = true }
      if let failure { failures.append(failure) }
      saves += 1
      (saving, busy) = ([], false)
      condition.broadcast()
    }
  }
}
