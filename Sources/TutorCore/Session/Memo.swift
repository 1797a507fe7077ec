import Synchronization
import TutorLessons

/// Values worked out from a lesson's binding, remembered per request (each a
/// ``TutorLessons/Once``: kept once worked out, and no caller waits for another thread
/// still at it); past `capacity` requests, the memo starts over.
final class Memo<Request: Hashable & Sendable, Value: Sendable>: Sendable {
  /// Requests kept: the few bindings and steps a session shows; past it, start over.
  let capacity: Int
  private let made = Mutex<[Request: Once<Value>]>([:])

  init(capacity: Int) {
    self.capacity = capacity
  }

  /// The value of `request`: remembered, or worked out now by `make`.
  func value(_ request: Request, make: @escaping @Sendable () -> Value) -> Value {
    entry(request, make: make).value()
  }

  /// The entry of `request`, made with `make` (not yet worked out) if there was none:
  /// `isNew` tells which, so one caller can work it out elsewhere.
  func entry(_ request: Request, make: @escaping @Sendable () -> Value) -> (
    value: Once<Value>, isNew: Bool
  ) {
    made.withLock { made in
      if let once = made[request] { return (once, false) }
      if made.count >= capacity { made.removeAll(keepingCapacity: true) }
      let once = Once(make)
      made[request] = once
      return (once, true)
    }
  }

  /// Whether `request` is remembered (worked out, or being worked out).
  func contains(_ request: Request) -> Bool {
    made.withLock { $0[request] != nil }
  }
}
