import Synchronization

/// A value worked out at most once, by the first caller that asks for it; every later
/// caller, on any thread, gets the same value (one waiting while another works it out).
///
/// A wrong answer's slip tiers are expensive (each redoes the step's derivation once per
/// catalogued slip) and the same for every wrong answer at a step: a checker context that
/// is kept (``AnswerContext``, cached by the session) evaluates each tier once.
public final class Once<Value: Sendable>: Sendable {
  private let make: @Sendable () -> Value
  private let made = Mutex<Value?>(nil)

  public init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
  }

  public func callAsFunction() -> Value {
    made.withLock { made in
      if let value = made { return value }
      let value = make()
      made = value
      return value
    }
  }
}
