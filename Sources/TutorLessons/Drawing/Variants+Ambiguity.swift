import TutorEngine
import TutorMath
import TutorProgress

extension Variants {
  /// Two catalogued slips of one step that give the same wrong value at some givens
  /// (``WrongDerivations/ambiguities()``): a learner who makes either could not be told
  /// which. Named by the step (0-based), each slip's kind and the quantity it is in.
  struct SlipPair: Hashable, Sendable {
    var step: Int
    var first: String
    var second: String

    init(step: Int, _ first: Misconception, _ second: Misconception) {
      self.step = step
      self.first = Self.name(first)
      self.second = Self.name(second)
    }

    private static func name(_ misconception: Misconception) -> String {
      misconception.kind.rawValue + "/" + (misconception.node?.name ?? "")
        + (misconception.inBackward ? "/backward" : "")
    }
  }

  /// How many variants are judged for slips alike before the first candidate is served
  /// anyway: each judgement binds the lesson and redoes every step's derivation once per
  /// slip (a few milliseconds), so the search is bounded.
  public static let servedAttempts = 8

  /// The variant to serve a learner: the first of `candidates` (the variants not done,
  /// in order) whose givens keep apart every pair of catalogued slips that the lesson's
  /// own values keep apart, so the tutor can name the slip a learner made; when none of
  /// the first ``servedAttempts`` does, the first candidate. A lesson without ranged
  /// givens has one set of numbers: its first candidate.
  public static func served(_ lesson: Lesson, from candidates: some Sequence<Int>) -> Int {
    var iterator = candidates.makeIterator()
    guard let first = iterator.next() else { return 1 }
    guard lesson.givens.contains(where: { $0.range != nil }),
      var sampler = try? Sampler(lesson)
    else { return first }
    let own = ownSlipPairs(lesson, own: sampler.own)
    var candidate: Int? = first
    for _ in 0..<servedAttempts {
      guard let variant = candidate else { break }
      var unused = Set<SlipPair>()
      if firstNewSlipPair(
        lesson, variant: variant, givens: sampler.givens(variant: variant), outside: own,
        collecting: &unused) == nil
      {
        return variant
      }
      candidate = iterator.next()
    }
    return first
  }

  /// The first pair of slips alike at `givens` that is not in `known`, in step order;
  /// nil when there is none, or when the lesson does not bind there (other checks report
  /// that). With `known` nil, every pair is collected into `collected` instead.
  static func firstNewSlipPair(
    _ lesson: Lesson, variant: Int, givens: [String: Tensor], outside known: Set<SlipPair>?,
    collecting collected: inout Set<SlipPair>
  ) -> SlipPair? {
    guard let bound = try? BoundLesson(lesson: lesson, variant: variant, drawn: givens) else {
      return nil
    }
    for (index, step) in lesson.steps.enumerated() {
      guard case .value = step.question else { continue }
      for (first, second) in WrongDerivations(bound, step: index).ambiguities() {
        let pair = SlipPair(step: index, first, second)
        guard let known else {
          collected.insert(pair)
          continue
        }
        if !known.contains(pair) { return pair }
      }
    }
    return nil
  }

  /// The pairs of slips alike at the lesson's own values: known, as its own blind spots
  /// are, so a variant is redrawn only for a pair the lesson's own numbers do not have.
  static func ownSlipPairs(_ lesson: Lesson, own: [String: Tensor]) -> Set<SlipPair> {
    var pairs = Set<SlipPair>()
    _ = firstNewSlipPair(lesson, variant: 0, givens: own, outside: nil, collecting: &pairs)
    return pairs
  }
}

extension LearnerProgress {
  /// The variant of `lesson` to serve next: one the learner has not done, judged by
  /// ``Variants/served(_:from:)`` so the tutor can tell the catalogued slips apart.
  public func newVariant(of lesson: Lesson) -> Int {
    Variants.served(lesson, from: newVariants(of: lesson.id))
  }
}
