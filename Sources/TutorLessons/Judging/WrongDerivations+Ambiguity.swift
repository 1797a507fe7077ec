import TutorEngine
import TutorMath

extension WrongDerivations {
  /// Two slips of the step's own derivation that give the same wrong value here: a
  /// learner who makes either gets an answer the tutor cannot explain by one of them.
  /// Each pair once, in catalogue order.
  public func ambiguities() -> [(Misconception, Misconception)] {
    let derivations = all(wide: false)
    var pairs: [(Misconception, Misconception)] = []
    for (i, first) in derivations.enumerated() {
      for second in derivations[(i + 1)...]
      where second.misconception.kind != first.misconception.kind
        && Concealment.same(first.value, second.value)
        && !pairs.contains(where: { $0.0.kind == first.misconception.kind })
      {
        pairs.append((first.misconception, second.misconception))
        break
      }
    }
    return pairs
  }
}
