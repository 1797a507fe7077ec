import TutorMath

/// What the learner last submitted on a step, and how it was judged.
public struct Feedback: Equatable, Sendable {
  public var answer: String
  public var verdict: Verdict
}
