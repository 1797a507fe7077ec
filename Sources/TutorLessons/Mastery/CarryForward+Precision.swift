import Foundation
import TutorEngine
import TutorMath

/// Carry-forward that allows for the learner's own rounding.
///
/// A learner who gives `A` to three significant figures and computes `O` from it has
/// applied every rule right; their `O` differs from the engine's by what the rounding of
/// `A` carries forward. The step then `follows` from `A`: it is checked against the value
/// recomputed from the learner's answers, with each entry allowed to move by the sum,
/// over the typed numbers it rests on, of how far that number's half-unit of rounding
/// moves it (a first-order bound, one recomputation per rounded number).
extension CarryForward {
  /// The steps whose answers step `index` rests on that were wrong or rounded (not the
  /// engine's value exactly), nearest first: what a `follows` verdict names.
  public func carriedSources(step index: Int, learner: LearnerValues) -> [String] {
    carriedFrom(step: index, learner: learner) { !$0.isRight || $0.isRounded }
  }

  /// Per entry of step `index`'s carried expectation, how far the rounding of the
  /// learner's typed numbers it rests on may move it (0 where nothing was rounded); nil
  /// when the carried value cannot be computed.
  public func carriedAllowance(forStep index: Int, learner: LearnerValues) -> [Double]? {
    guard let center = carriedExpectation(forStep: index, learner: learner) else { return nil }
    var allowance = [Double](repeating: 0, count: center.count)
    let sources = Set(carriedSources(step: index, learner: learner))
    func spread(_ moved: LearnerValues) {
      guard let value = carriedExpectation(forStep: index, learner: moved),
        value.count == center.count
      else { return }
      for i in allowance.indices {
        allowance[i] += abs(value.scalars[i] - center.scalars[i])
      }
    }
    for isGradient in [false, true] {
      let entries = isGradient ? learner.gradients : learner.values
      for (name, entry) in entries.sorted(by: { $0.key < $1.key })
      where sources.contains(entry.step) && entry.isRounded {
        for (position, half) in entry.halfUnits.enumerated()
        where half > 0 && position < entry.value.count {
          var moved = learner
          var scalars = entry.value.scalars
          scalars[position] += half
          guard let value = try? Tensor(shape: entry.value.shape, scalars: scalars) else {
            continue
          }
          var changed = entry
          changed.value = value
          if isGradient { moved.gradients[name] = changed } else { moved.values[name] = changed }
          spread(moved)
        }
      }
    }
    return allowance
  }
}

extension LearnerValues.Entry {
  /// The half units of `typed` (the numbers as the learner wrote them, row-major) where
  /// they differ from `expected`, the engine's value; empty when nothing was typed as a
  /// plain number or the counts do not agree.
  public static func halfUnits(typed: [TypedNumber?]?, given: Tensor, expected: Tensor?)
    -> [Double]
  {
    guard let typed, typed.count == given.count else { return [] }
    return typed.enumerated().map { position, number in
      guard let number else { return 0 }
      if let expected, expected.count == given.count,
        given.scalars[position] == expected.scalars[position]
      {
        return 0
      }
      return 0.5 * pow(10, Double(number.lastDigitExponent))
    }
  }
}

/// Whether `given` is within the checker's tolerance of `center`, each entry widened by
/// its `allowance`, in any shape with the same count (the checker has judged the shape).
func isWithin(
  _ given: Tensor, of center: Tensor, allowance: [Double], options: CheckOptions
) -> Bool {
  guard given.count == center.count, allowance.count == center.count else { return false }
  for i in 0..<center.count {
    let expected = center.scalars[i]
    let tolerance =
      max(options.relativeTolerance * abs(expected), options.absoluteTolerance) + allowance[i]
    guard given.scalars[i].isFinite, abs(given.scalars[i] - expected) <= tolerance else {
      return false
    }
  }
  return true
}
