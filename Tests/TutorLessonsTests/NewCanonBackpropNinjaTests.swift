import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The backprop-ninja capstone derived by hand, batch-first: embedding rows, a linear
/// layer, batch normalisation over the batch, tanh, a second linear layer and the mean
/// cross-entropy; every gradient written out with loops, batch normalisation's in its
/// one-line form, and one SGD step on the table.
private struct NinjaByHand {
  var X: Hand, Hpre: Hand, variance: Hand, Xh: Hand, H: Hand, Z: Hand, L = 0.0
  var dZ: Hand, dW2: Hand, db2: Hand, dH: Hand, dHbn: Hand, dgamma: Hand, dbeta: Hand
  var dXh: Hand, dHpre: Hand, db1: Hand, dW1: Hand, dX: Hand, dC: Hand, updated: Hand

  init(
    C: Hand, ids: [Int], W1: Hand, b1: Hand, gamma: Hand, beta: Hand, W2: Hand, b2: Hand,
    labels: [Int], eps: Double, eta: Double
  ) {
    let n = ids.count
    let N = Double(n)
    X = Hand.zeros(n, C.cols)
    for r in 0..<n { for c in 0..<C.cols { X[r, c] = C[ids[r] - 1, c] } }
    Hpre = X * W1
    for r in 0..<n { for c in 0..<Hpre.cols { Hpre[r, c] += b1.v[c] } }
    let width = Hpre.cols
    variance = Hand.zeros(1, width)
    Xh = Hpre
    var inverse = [Double](repeating: 0, count: width)
    for c in 0..<width {
      var mean = 0.0
      for r in 0..<n { mean += Hpre[r, c] / N }
      for r in 0..<n { variance.v[c] += (Hpre[r, c] - mean) * (Hpre[r, c] - mean) / N }
      inverse[c] = 1 / (variance.v[c] + eps).squareRoot()
      for r in 0..<n { Xh[r, c] = (Hpre[r, c] - mean) * inverse[c] }
    }
    H = Xh
    for r in 0..<n { for c in 0..<width { H[r, c] = tanh(gamma.v[c] * Xh[r, c] + beta.v[c]) } }
    Z = H * W2
    for r in 0..<n { for c in 0..<Z.cols { Z[r, c] += b2.v[c] } }
    // Cross-entropy: row softmax, minus the one-hot label, over N.
    dZ = Z
    for r in 0..<n {
      var top = -Double.infinity
      for c in 0..<Z.cols { top = max(top, Z[r, c]) }
      var total = 0.0
      for c in 0..<Z.cols { total += exp(Z[r, c] - top) }
      L -= (Z[r, labels[r] - 1] - top - log(total)) / N
      for c in 0..<Z.cols {
        dZ[r, c] = (exp(Z[r, c] - top) / total - (c == labels[r] - 1 ? 1 : 0)) / N
      }
    }
    dW2 = H.t * dZ
    db2 = Hand.zeros(1, Z.cols)
    for r in 0..<n { for c in 0..<Z.cols { db2.v[c] += dZ[r, c] } }
    dH = dZ * W2.t
    dHbn = dH.zip(H) { g, h in g * (1 - h * h) }
    dgamma = Hand.zeros(1, width)
    dbeta = Hand.zeros(1, width)
    dXh = dHbn
    dHpre = dHbn
    db1 = Hand.zeros(1, width)
    for c in 0..<width {
      for r in 0..<n {
        dgamma.v[c] += dHbn[r, c] * Xh[r, c]
        dbeta.v[c] += dHbn[r, c]
        dXh[r, c] = gamma.v[c] * dHbn[r, c]
      }
      var sum = 0.0
      var dot = 0.0
      for r in 0..<n {
        sum += dXh[r, c]
        dot += dXh[r, c] * Xh[r, c]
      }
      for r in 0..<n {
        dHpre[r, c] = inverse[c] / N * (N * dXh[r, c] - sum - Xh[r, c] * dot)
        db1.v[c] += dHpre[r, c]
      }
    }
    dW1 = X.t * dHpre
    dX = dHpre * W1.t
    dC = Hand.zeros(C.rows, C.cols)
    for r in 0..<n { for c in 0..<C.cols { dC[ids[r] - 1, c] += dX[r, c] } }  // scatter-add
    updated = C.zip(dC) { $0 - eta * $1 }
  }
}

@Suite("Lesson backprop-ninja against a derivation by hand")
struct BackpropNinjaLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> NinjaByHand {
    NinjaByHand(
      C: try Check.given(bound, "C"), ids: try Check.given(bound, "ids").v.map { Int($0) },
      W1: try Check.given(bound, "W1"), b1: try Check.given(bound, "b1"),
      gamma: try Check.given(bound, "gamma"), beta: try Check.given(bound, "beta"),
      W2: try Check.given(bound, "W2"), b2: try Check.given(bound, "b2"),
      labels: try Check.given(bound, "Y").v.map { Int($0) }, eps: try Check.scalar(bound, "eps"),
      eta: try Check.scalar(bound, "eta"))
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: NinjaByHand) throws {
    let steps: [(String, Hand)] = [
      ("embed", hand.X), ("hpre", hand.Hpre), ("variance", hand.variance), ("xhat", hand.Xh),
      ("hidden", hand.H), ("logits", hand.Z), ("loss", Hand(hand.L)), ("dZ", hand.dZ),
      ("dW2", hand.dW2), ("db2", hand.db2), ("dH", hand.dH), ("dHbn", hand.dHbn),
      ("dgamma", hand.dgamma), ("dbeta", hand.dbeta), ("dXh", hand.dXh), ("dHpre", hand.dHpre),
      ("dW1", hand.dW1), ("dX", hand.dX), ("dC", hand.dC), ("sgd", hand.updated),
    ]
    for (step, want) in steps { try Check.step(bound, step, want) }
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("backprop-ninja")
    let hand = try Self.hand(bound)
    // ids = [1; 3; 2; 1]: rows 1 and 4 of X are both row 1 of C.
    #expect(hand.X == Hand(4, 2, [1, -1, -1, 0.5, 0.5, 2, 1, -1]))
    // The bias before batch normalisation gets no gradient: each column of ∂L/∂H_pre sums to 0.
    #expect(hand.db1.v.allSatisfy { abs($0) < 1e-12 })
    // Token 1 collects rows 1 and 4 of ∂L/∂X.
    #expect(abs(hand.dC[0, 0] - (hand.dX[0, 0] + hand.dX[3, 0])) < 1e-15)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("backprop-ninja", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the batch-norm formula, the zero bias gradient, and the classic slips")
  func formulaChoiceAndSlips() throws {
    let bound = try boundLesson("backprop-ninja")
    let hand = try Self.hand(bound)
    try Check.judged(
      bound, "bn-formula", "r * (dxh - mean(dxh, dim = 1) - xh * mean(dxh * xh, dim = 1))",
      .correct)
    try Check.mistake(bound, "bn-formula", "r * dxh", "only the direct path")
    try Check.mistake(bound, "bn-formula", "r / 4 * (4 * dxh - sum(dxh, dim = 1))", "variance")
    try Check.choice(bound, "db1")
    // Forgetting the batch mean's 1/N in ∂L/∂Z.
    try Check.mistake(bound, "dZ", hand.dZ.map { $0 * 4 }.answer, "divide by $N = 4$")
    // ∂L/∂X for ∂L/∂C: rows not gathered by token id.
    try Check.mistake(bound, "dC", hand.dX.answer, "not to token")
    // tanh′ as 1 − H.
    try Check.mistake(bound, "dHbn", hand.dH.zip(hand.H) { $0 * (1 - $1) }.answer, "square")
  }
}
