import Synchronization

/// A value worked out once and then kept: every later caller, on any thread, gets the
/// same value.
///
/// A caller never waits for another thread to finish it: the tutor works ahead on a thread
/// of the lowest priority (a step's check prepared while the learner types), and a key
/// that needed the value while that thread was still at it would wait on the slowest
/// thread of the process. Such a caller works the value out itself; the first value
/// finished is the one kept. Whoever asks after that gets it without working it out.
///
/// A wrong answer's slip tiers are expensive (each redoes the step's derivation once per
/// catalogued slip) and the same for every wrong answer at a step: a kept checker context
/// (``StepChecker/Preparation``, kept by the session) evaluates each tier once.
public final class Once<Value: Sendable>: Sendable {
  private let make: @Sendable () -> Value
  private let made = Mutex<Value?>(nil)

  public init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
  }

  public func callAsFunction() -> Value {
    if let value = made.withLock({ $0 }) { return value }
    let value = make()
    return made.withLock { made in
      if let first = made { return first }
      made = value
      return value
    }
  }
}
