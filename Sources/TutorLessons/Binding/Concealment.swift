import TutorEngine
import TutorMath

/// Which values the learner may see: a value a step asks for stays hidden (`?`) until
/// that step is solved or revealed. Givens and earned values are shown, and so is any
/// value that coincides with one of them (a hidden 3 is no secret when x = 3 is given).
///
/// Values are compared by their entries, whatever their shape (a row that equals a
/// hidden column gives it away too).
public struct Concealment: Sendable {
  /// A hidden value and the step (0-based) that asks for it.
  struct Hidden: Sendable {
    var value: Tensor
    var step: Int
  }

  let hidden: [Hidden]
  let visible: [Tensor]
  /// The steps whose values are hidden, in order (what a cached rendering depends on).
  public let hiddenSteps: [Int]

  init(hidden: [Hidden], visible: [Tensor]) {
    self.hidden = hidden
    self.visible = visible
    hiddenSteps = Array(Set(hidden.map(\.step))).sorted()
  }

  /// Nothing hidden: replay, handouts, `bptutor values`.
  public static let none = Concealment(hidden: [], visible: [])

  /// The step (0-based) that computes `value`, when the learner has not earned it; nil
  /// when it may be shown.
  public func concealingStep(of value: Tensor) -> Int? {
    guard let match = hidden.first(where: { Self.same($0.value, value) }) else { return nil }
    if visible.contains(where: { Self.same($0, value) }) { return nil }
    return match.step
  }

  /// Whether `value` may be shown.
  public func shows(_ value: Tensor) -> Bool { concealingStep(of: value) == nil }

  static func same(_ a: Tensor, _ b: Tensor) -> Bool {
    a.count == b.count
      && zip(a.scalars, b.scalars).allSatisfy { x, y in
        x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
      }
  }
}

extension BoundLesson {
  /// What may be shown when the steps in `earned` (0-based) are solved or revealed.
  public func concealment(earned: Set<Int>) -> Concealment {
    var hidden: [Concealment.Hidden] = []
    var visible = lesson.givens.compactMap { givenValues[$0.name] }
    for (index, value) in askedValues.enumerated() {
      guard let value else { continue }
      if earned.contains(index) {
        visible.append(value)
      } else {
        hidden.append(Concealment.Hidden(value: value, step: index))
      }
    }
    return Concealment(hidden: hidden, visible: visible)
  }
}
