/// Bayesian Knowledge Tracing (Corbett & Anderson, 1995): the probability that a learner
/// knows a skill, updated after each observed first attempt.
///
/// The standard four parameters:
/// - `pInit` P(L₀): known before any practice;
/// - `pTransit` P(T): learned at an opportunity to practise;
/// - `pGuess` P(G): right without knowing it;
/// - `pSlip` P(S): wrong despite knowing it.
///
/// After an observation the posterior is
/// P(L | right) = P(L)(1 − S) / (P(L)(1 − S) + (1 − P(L))G),
/// P(L | wrong) = P(L)S / (P(L)S + (1 − P(L))(1 − G)),
/// and then learning at the opportunity: P(L′) = P(L | obs) + (1 − P(L | obs))T.
public struct KnowledgeTracing: Equatable, Sendable {
  public var pInit: Double
  public var pTransit: Double
  public var pGuess: Double
  public var pSlip: Double

  /// bptutor's values: P(L₀) = 0.2, P(T) = 0.15, P(G) = 0.15, P(S) = 0.1. Typed numeric
  /// answers are hard to guess, so P(G) sits below the 0.2–0.3 of multiple-choice tutors.
  public static let standard = KnowledgeTracing(
    pInit: 0.2, pTransit: 0.15, pGuess: 0.15, pSlip: 0.1)

  /// Mastery is declared at 0.95, the threshold of the Cognitive Tutors.
  public static let masteryThreshold = 0.95

  public init(pInit: Double, pTransit: Double, pGuess: Double, pSlip: Double) {
    (self.pInit, self.pTransit, self.pGuess, self.pSlip) = (pInit, pTransit, pGuess, pSlip)
  }

  /// P(L) after observing one first attempt (`right` or not) with prior `known`.
  public func update(_ known: Double, right: Bool) -> Double {
    let posterior: Double
    if right {
      let yes = known * (1 - pSlip)
      posterior = yes / (yes + (1 - known) * pGuess)
    } else {
      let yes = known * pSlip
      posterior = yes / (yes + (1 - known) * (1 - pGuess))
    }
    return posterior + (1 - posterior) * pTransit
  }

  /// The probability of a right first attempt with prior `known`.
  public func predictRight(_ known: Double) -> Double {
    known * (1 - pSlip) + (1 - known) * pGuess
  }
}
