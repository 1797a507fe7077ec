import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

// Four lessons of the backprop canon (issue 12, item 3) against derivations done by hand:
// plain Swift loops over arrays of Double, reading only the lessons' givens from the
// engine, never a computed quantity or the math language. The derivations are general,
// so each runs at the lesson's own numbers (variant 0) and at two seeded variants; the
// `ownNumbers` tests pin variant 0 to the values worked out in the comments.

/// The four lessons this suite covers.
private let canonA = ["layer-jacobians", "batch-gradients", "cross-entropy-batch", "batchnorm"]

/// The variants each hand derivation is checked at: the lesson's own numbers and two draws.
private let variants = [0, 4, 13]

// MARK: - Plain arithmetic

/// A matrix as rows of Doubles (a column vector is n×1, a scalar 1×1).
private typealias Rows = [[Double]]

/// The value of a given, as rows: a scalar becomes 1×1.
private func given(_ bound: BoundLesson, _ name: String) throws -> Rows {
  let tensor = try #require(bound.value(of: name), "no given `\(name)`")
  switch tensor.shape.count {
  case 0: return [[tensor.scalars[0]]]
  case 2:
    let width = tensor.shape[1]
    return (0..<tensor.shape[0]).map { Array(tensor.scalars[$0 * width..<($0 + 1) * width]) }
  default:
    Issue.record("`\(name)` has shape \(tensor.shape)")
    return []
  }
}

/// A column's entries as a flat list.
private func flat(_ rows: Rows) -> [Double] { rows.flatMap { $0 } }
private func column(_ values: [Double]) -> Rows { values.map { [$0] } }
private func transpose(_ a: Rows) -> Rows {
  (0..<(a.first?.count ?? 0)).map { j in a.map { $0[j] } }
}
private func product(_ a: Rows, _ b: Rows) -> Rows {
  a.map { row in
    (0..<b[0].count).map { j in (0..<row.count).reduce(0) { $0 + row[$1] * b[$1][j] } }
  }
}
/// Column sums, as a 1×n row.
private func columnSums(_ a: Rows) -> Rows {
  [(0..<a[0].count).map { j in a.reduce(0) { $0 + $1[j] } }]
}
private func entrywise(_ a: Rows, _ f: (Int, Int, Double) -> Double) -> Rows {
  a.enumerated().map { i, row in row.enumerated().map { j, x in f(i, j, x) } }
}

/// The engine's expected answer to `step` has `want`'s shape (a scalar may be 1×1 or
/// rank 0) and equals it entry by entry to 1e-9 (relative above 1).
private func expectStep(
  _ bound: BoundLesson, _ step: String, _ want: Rows,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  let got = try expected(bound, step)
  let wanted = flat(want)
  if wanted.count == 1 {
    #expect(got.count == 1, "\(step): shape \(got.shape)", sourceLocation: sourceLocation)
  } else {
    #expect(
      got.shape == [want.count, want[0].count], "\(step): shape \(got.shape)",
      sourceLocation: sourceLocation)
  }
  let close =
    got.count == wanted.count
    && zip(got.scalars, wanted).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
  #expect(
    close, "\(step): engine \(got.scalars), by hand \(wanted)", sourceLocation: sourceLocation)
}

/// The index of a step, by id.
private func stepIndex(_ bound: BoundLesson, _ id: String) throws -> Int {
  try #require(bound.lesson.steps.firstIndex { $0.id == id }, "no step \(id)")
}

/// A matrix as a learner types it at an `accept: numbers` step: `[a, b; c, d]`.
private func typed(_ rows: Rows) -> String {
  "[" + rows.map { $0.map { "\($0)" }.joined(separator: ", ") }.joined(separator: "; ") + "]"
}

/// At an `accept: numbers` step, `answer` (which uses a name of the lesson) is refused
/// rather than judged.
private func expectRefusedName(
  _ bound: BoundLesson, _ step: String, _ answer: String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  let verdict = StepChecker(bound).check(answer, step: try stepIndex(bound, step))
  #expect(verdict.kind == .malformed, "\(step): \(answer)", sourceLocation: sourceLocation)
  #expect(
    verdict.error?.message == "type the numbers — this step asks you to compute it",
    "\(step): \(String(describing: verdict.error))", sourceLocation: sourceLocation)
}

/// The learner's `answer` to `step` is diagnosed as a declared mistake whose message
/// contains `words`.
private func expectDeclaredMistake(
  _ bound: BoundLesson, _ step: String, _ answer: String, saying words: String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  try Check.mistake(bound, step, answer, words, sourceLocation: sourceLocation)
}

// MARK: - The four lessons as lessons

@Suite("Canon lessons A: layer Jacobians, batch gradients, batch cross-entropy, batch norm")
struct CanonLessonsATests {
  @Test("each passes check with no errors or warnings and has the shape of a canon lesson")
  func lessonShape() throws {
    for id in canonA {
      let path = Repository.lessons + "/\(id).yaml"
      let diagnostics = LessonLinter.check(path: path)
      #expect(diagnostics.isEmpty, "\(id): \(diagnostics.map(\.description))")
      let lesson = try #require(LessonLoader.load(path: path).lesson, "\(id) does not load")
      // Up to 18 since issue 22 added batchnorm's third term and eval mode.
      #expect((8...18).contains(lesson.steps.count), "\(id) has \(lesson.steps.count) steps")
      #expect(lesson.loss != nil, "\(id) declares a loss")
      #expect(lesson.givens.contains { $0.range != nil }, "\(id) has variants")
      for step in lesson.steps {
        #expect(!step.hints.isEmpty, "\(id)/\(step.id) has hints")
        #expect(
          !step.worked.text.trimmingWhitespace().isEmpty, "\(id)/\(step.id) has a worked line")
      }
      let named = Set(lesson.notation.map(\.name))
      for name in lesson.givens.map(\.name) + lesson.graph.map(\.name) {
        #expect(named.contains(name), "\(id): `\(name)` has notation")
      }
      #expect(
        lesson.steps.contains {
          switch $0.question {
          case .formula, .choice: return true
          case .value: return false
          }
        }, "\(id) has a formula or choice step")
      #expect(lesson.steps.map(\.mistakes.count).reduce(0, +) >= 8, "\(id) declares mistakes")
    }
  }

  @Test(
    "every choice step is judged by the option shown at that number (shuffled per variant)",
    arguments: canonA)
  func choices(id: String) throws {
    let bound = try boundLesson(id)
    for (index, step) in bound.lesson.steps.enumerated() {
      guard case .choice(let options) = step.question else { continue }
      let order = bound.choiceOrder(step: index)
      let right = try #require(order.firstIndex { options[$0].isCorrect }) + 1
      #expect(
        StepChecker(bound).check("\(right)", step: index).kind == .correct, "\(id)/\(step.id)")
      let wrong = right % options.count + 1
      #expect(
        StepChecker(bound).check("\(wrong)", step: index).kind == .incorrect, "\(id)/\(step.id)")
    }
  }

  // MARK: layer-jacobians

  @Test("layer-jacobians: every Jacobian and gradient of the 3-2-3 network", arguments: variants)
  func layerJacobians(variant: Int) throws {
    let bound = try boundLesson("layer-jacobians", variant: variant)
    let x0 = flat(try given(bound, "x0"))
    let W1 = try given(bound, "W1")
    let b1 = flat(try given(bound, "b1"))
    let W2 = try given(bound, "W2")
    let b2 = flat(try given(bound, "b2"))
    let t = flat(try given(bound, "t"))

    // Forward: x̃⁽¹⁾ = W⁽¹⁾x⁽⁰⁾ + b⁽¹⁾, ReLU, x̃⁽²⁾ = W⁽²⁾x⁽¹⁾ + b⁽²⁾, softmax.
    let xt1 = (0..<2).map { i in (0..<3).reduce(b1[i]) { $0 + W1[i][$1] * x0[$1] } }
    let x1 = xt1.map { max(0, $0) }
    let mask = xt1.map { $0 > 0 ? 1.0 : 0 }
    let xt2 = (0..<3).map { i in (0..<2).reduce(b2[i]) { $0 + W2[i][$1] * x1[$1] } }
    let exps = xt2.map { exp($0) }
    let x2 = exps.map { $0 / exps.reduce(0, +) }
    try expectStep(bound, "hidden-scores", column(xt1))
    try expectStep(bound, "relu-jacobian", [[mask[0], 0], [0, mask[1]]])
    try expectStep(bound, "probabilities", column(x2))

    // Softmax Jacobian, entry (i, j) = x_i(δ_ij − x_j).
    let softmaxJacobian = (0..<3).map { i in
      (0..<3).map { j in x2[i] * ((i == j ? 1 : 0) - x2[j]) }
    }
    try expectStep(bound, "softmax-jacobian", softmaxJacobian)

    // ∂L/∂x̃⁽²⁾ as the chain rule's product (not an element-wise one) of ∂L/∂x⁽²⁾ = −t ⊘ x⁽²⁾
    // with the Jacobian; it must come out as x⁽²⁾ − t.
    let dLdx2 = (0..<3).map { -t[$0] / x2[$0] }
    let delta2 = (0..<3).map { j in (0..<3).reduce(0) { $0 + dLdx2[$1] * softmaxJacobian[$1][j] } }
    for k in 0..<3 { #expect(abs(delta2[k] - (x2[k] - t[k])) < 1e-12) }
    try expectStep(bound, "output-delta", column(delta2))

    try expectStep(bound, "input-jacobian", W2)
    let dLdx1 = (0..<2).map { j in (0..<3).reduce(0) { $0 + W2[$1][j] * delta2[$1] } }
    try expectStep(bound, "dL-dx1", column(dLdx1))
    let delta1 = (0..<2).map { dLdx1[$0] * mask[$0] }
    try expectStep(bound, "dL-dxt1", column(delta1))

    // ∂x̃_i/∂W_jk = δ_ij x_k, W flattened row by row: a 2×6 matrix.
    let weightJacobian = (0..<2).map { i in
      (0..<6).map { entry in entry / 3 == i ? x0[entry % 3] : 0 }
    }
    try expectStep(bound, "weight-jacobian", weightJacobian)
    // Contracting the tensor with ∂L/∂x̃ gives the outer product δ x⁽⁰⁾ᵀ.
    let contracted = (0..<2).map { j in
      (0..<3).map { k in (0..<2).reduce(0) { $0 + delta1[$1] * weightJacobian[$1][j * 3 + k] } }
    }
    let outer = (0..<2).map { j in (0..<3).map { k in delta1[j] * x0[k] } }
    #expect(contracted == outer)
    try expectStep(bound, "dL-dW1", outer)

    try expectStep(bound, "bias-jacobian", [[1, 0], [0, 1]])
    try expectStep(bound, "dL-db1", column(delta1))
  }

  @Test("layer-jacobians at its own numbers, and the b ⊗ b slip")
  func layerJacobiansOwnNumbers() throws {
    let bound = try boundLesson("layer-jacobians")
    // x̃⁽¹⁾ = [1 + 2 − 1 − 0.5; −1 + 0 − 1 + 0.5] = [1.5; −1.5]: one unit on, one off.
    try expectStep(bound, "hidden-scores", [[1.5], [-1.5]])
    try expectStep(bound, "relu-jacobian", [[1, 0], [0, 0]])
    // x⁽⁰⁾ = [1; 2; −1] in row 1, columns 1–3, and row 2, columns 4–6.
    try expectStep(bound, "weight-jacobian", [[1, 2, -1, 0, 0, 0], [0, 0, 0, 1, 2, -1]])
    // The blocked unit passes no gradient: row 2 of ∂L/∂W⁽¹⁾ is zero.
    let dW = try expected(bound, "dL-dW1")
    #expect(dW.scalars[3...] == [0, 0, 0])
    // b ⊗ b with b⁽¹⁾ = [−0.5; 0.5], typed as numbers: the step asks for the computed matrix.
    let b1 = flat(try given(bound, "b1"))
    #expect(b1 == [-0.5, 0.5])
    let outer = b1.map { bi in b1.map { bi * $0 } }
    try expectDeclaredMistake(
      bound, "bias-jacobian", typed(outer), saying: "A worked solution wrote $b \\otimes b$")
    try expectRefusedName(bound, "bias-jacobian", "b1 @ b1'")
    try expectDeclaredMistake(bound, "dL-db1", "eye(2)", saying: "That is the Jacobian")
    // The bias gradient is a column; the same numbers as a row are refused.
    let db = try expected(bound, "dL-db1")
    let row = "[\(db.scalars.map { String($0) }.joined(separator: ", "))]"
    #expect(StepChecker(bound).check(row, step: try stepIndex(bound, "dL-db1")).kind == .incorrect)
  }

  // MARK: batch-gradients

  @Test(
    "batch-gradients: the batch gradient is the mean of per-example gradients", arguments: variants)
  func batchGradients(variant: Int) throws {
    let bound = try boundLesson("batch-gradients", variant: variant)
    let X = try given(bound, "X")
    let y = flat(try given(bound, "t"))  // the targets t
    let w = flat(try given(bound, "w"))
    let b = try given(bound, "b")[0][0]
    let x4 = flat(try given(bound, "x4"))
    let y4 = try given(bound, "t4")[0][0]
    let eta = try given(bound, "eta")[0][0]

    let p = X.map { $0[0] * w[0] + $0[1] * w[1] + b }
    let r = (0..<3).map { p[$0] - y[$0] }
    try expectStep(bound, "predictions", column(p))
    try expectStep(bound, "loss", [[r.reduce(0) { $0 + $1 * $1 / 2 } / 3]])

    // ∂ℓ_n/∂w = r_n x_n, one column per example.
    let perExample = (0..<3).map { n in [r[n] * X[n][0], r[n] * X[n][1]] }
    try expectStep(bound, "example-1", column(perExample[0]))
    try expectStep(bound, "per-example", transpose(perExample))
    let mean = (0..<2).map { i in perExample.reduce(0) { $0 + $1[i] } / 3 }
    try expectStep(bound, "batch-w", column(mean))
    try expectStep(bound, "batch-b", [[r.reduce(0, +) / 3]])

    // A fourth example: the mean over four of r_n x_n, reusing the old mean.
    let r4 = x4[0] * w[0] + x4[1] * w[1] + b - y4
    let withFourth = (0..<2).map { (3 * mean[$0] + r4 * x4[$0]) / 4 }
    try expectStep(bound, "add-example", column(withFourth))
    try expectStep(bound, "sgd", column((0..<2).map { w[$0] - eta * mean[$0] }))
  }

  @Test("batch-gradients at its own numbers, its formula, and the broadcast bias")
  func batchGradientsOwnNumbers() throws {
    let bound = try boundLesson("batch-gradients")
    // p = [1 − 2 + 0.5; 0 + 1 + 0.5; 2 − 2 + 0.5] = [−0.5; 1.5; 0.5], and with y = [3; −1; 1]
    // r = p − y = [−3.5; 2.5; −0.5].
    try expectStep(bound, "predictions", [[-0.5], [1.5], [0.5]])
    // L = (12.25 + 6.25 + 0.25)/6 = 3.125.
    try expectStep(bound, "loss", [[3.125]])
    // r_n x_n: −3.5·[1; 2], 2.5·[0; −1], −0.5·[2; 2].
    try expectStep(bound, "per-example", [[-3.5, 0, -1], [-7, -2.5, -1]])
    // Their mean: [−4.5/3; −10.5/3].
    try expectStep(bound, "batch-w", [[-1.5], [-3.5]])
    try expectStep(bound, "batch-b", [[-0.5]])
    // r₄ = 1 − 1 + 0.5 − 1 = −0.5: (3·[−1.5; −3.5] − 0.5·[1; 1])/4 = [−1.25; −2.75].
    try expectStep(bound, "add-example", [[-1.25], [-2.75]])

    let formula = try stepIndex(bound, "mean-formula")
    #expect(StepChecker(bound).check("(g1 + g2 + g3)/3", step: formula).kind == .correct)
    #expect(StepChecker(bound).check("g1/3 + g2/3 + g3/3", step: formula).kind == .correct)
    try expectDeclaredMistake(
      bound, "mean-formula", "g1 + g2 + g3", saying: "gradient of the summed loss")
    // Forgetting to sum over the dimension b was broadcast along: r/3, typed as numbers.
    try expectDeclaredMistake(
      bound, "batch-b", "[-3.5; 2.5; -0.5] / 3", saying: "sum them over the batch dimension")
    // Xᵀr = Σ r_n x_n = [−3.5 + 0 − 1; −7 − 2.5 − 1], the sum instead of the mean.
    try expectDeclaredMistake(bound, "batch-w", "[-4.5; -10.5]", saying: "divide by")
    // These steps ask for numbers: the expression of names is refused, not judged.
    try expectRefusedName(bound, "batch-w", "X' @ r / 3")
    try expectRefusedName(bound, "predictions", "X @ w + b")
  }

  // MARK: cross-entropy-batch

  @Test("cross-entropy-batch: logsumexp form and (softmax − one-hot)/N", arguments: variants)
  func crossEntropyBatch(variant: Int) throws {
    let bound = try boundLesson("cross-entropy-batch", variant: variant)
    let X = try given(bound, "X")
    let W = try given(bound, "W")
    let b = try given(bound, "b")[0]
    let labels = flat(try given(bound, "y")).map { Int($0) }
    let n = 3.0

    let Z = entrywise(product(X, W)) { _, k, z in z + b[k] }
    let T = (0..<3).map { row in (1...3).map { $0 == labels[row] ? 1.0 : 0 } }
    try expectStep(bound, "scores", Z)
    try expectStep(bound, "onehot", T)
    let trueScores = (0..<3).map { Z[$0][labels[$0] - 1] }
    try expectStep(bound, "true-scores", column(trueScores))
    let lse = Z.map { row in log(row.reduce(0) { $0 + exp($1) }) }
    try expectStep(bound, "logsumexp", column(lse))
    try expectStep(bound, "loss", [[(0..<3).reduce(0) { $0 + lse[$1] - trueScores[$1] } / n]])

    let P = Z.map { row in row.map { exp($0) / row.reduce(0) { $0 + exp($1) } } }
    try expectStep(bound, "probabilities", P)
    let PminusT = entrywise(P) { i, k, p in p - T[i][k] }
    try expectStep(bound, "summed-gradient", PminusT)
    let dZ = entrywise(PminusT) { _, _, g in g / n }
    try expectStep(bound, "batch-gradient", dZ)
    // Every row of the gradient sums to zero.
    for row in dZ { #expect(abs(row.reduce(0, +)) < 1e-12) }
    try expectStep(bound, "dW", product(transpose(X), dZ))
    try expectStep(bound, "db", columnSums(dZ))
  }

  @Test("cross-entropy-batch at its own numbers, its formulas, and dimension slips")
  func crossEntropyOwnNumbers() throws {
    let bound = try boundLesson("cross-entropy-batch")
    // Z = XW + b with X = [1 0; 0 1; 2 1], W = [1 −1 0; 0 1 −1], b = [0, 0, 1].
    try expectStep(bound, "scores", [[1, -1, 1], [0, 1, 0], [2, -1, 0]])
    // Labels 2, 3, 1 pick the scores −1, 0 and 2.
    try expectStep(bound, "onehot", [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    try expectStep(bound, "true-scores", [[-1], [0], [2]])
    // Row 1: log(2e + e⁻¹) − (−1).
    let first = try expected(bound, "logsumexp").scalars[0]
    #expect(abs(first - log(2 * exp(1.0) + exp(-1.0))) < 1e-12)

    let simplified = try stepIndex(bound, "simplified")
    #expect(StepChecker(bound).check("(p - t)/N", step: simplified).kind == .correct)
    #expect(StepChecker(bound).check("p/N - t/N", step: simplified).kind == .correct)
    try expectDeclaredMistake(bound, "simplified", "p - t", saying: "the mean divides by")
    let lse = try stepIndex(bound, "lse-derivative")
    #expect(
      StepChecker(bound).check("exp(z1)/(exp(z1) + exp(z2) + exp(z3))", step: lse).kind == .correct)
    // The slips typed as a learner must at these steps: numbers and functions, no names.
    let Z = typed([[1, -1, 1], [0, 1, 0], [2, -1, 0]])
    let T = typed([[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    try expectDeclaredMistake(
      bound, "true-scores", "sum(\(T) * \(Z), dim = 1)", saying: "adds down each column")
    try expectDeclaredMistake(
      bound, "probabilities", "softmax(\(Z), dim = 1)", saying: "normalises each column")
    // The bias gradient summed over the wrong dimension, and not summed at all.
    try expectDeclaredMistake(
      bound, "db", "(softmax(\(Z), dim = 2) - \(T)) / 3", saying: "sum over the dimension")
    try expectRefusedName(bound, "logsumexp", "logsumexp(Z, dim = 2)")
    #expect(
      StepChecker(bound).check("logsumexp(\(Z), dim = 2)", step: try stepIndex(bound, "logsumexp"))
        .kind
        == .correct)
  }

  // MARK: batchnorm

  @Test(
    "batchnorm: every intermediate, staged backward, and the one-formula gradient",
    arguments: variants)
  func batchnorm(variant: Int) throws {
    let bound = try boundLesson("batchnorm", variant: variant)
    let X = try given(bound, "X")
    let gamma = try given(bound, "gamma")[0]
    let beta = try given(bound, "beta")[0]
    let G = try given(bound, "G")
    let eps = try given(bound, "eps")[0][0]
    let n = 3.0
    let features = 0..<2
    let batch = 0..<3

    // Forward, feature by feature, with the population variance (divide by N).
    let mu = features.map { j in batch.reduce(0) { $0 + X[$1][j] } / n }
    let Xc = batch.map { i in features.map { j in X[i][j] - mu[j] } }
    let variance = features.map { j in batch.reduce(0) { $0 + Xc[$1][j] * Xc[$1][j] } / n }
    let sigma = variance.map { ($0 + eps).squareRoot() }
    let xhat = batch.map { i in features.map { j in Xc[i][j] / sigma[j] } }
    let Y = batch.map { i in features.map { j in gamma[j] * xhat[i][j] + beta[j] } }
    try expectStep(bound, "mean", [mu])
    try expectStep(bound, "centred", Xc)
    try expectStep(bound, "variance", [variance])
    try expectStep(bound, "std", [sigma])
    try expectStep(bound, "normalised", xhat)
    try expectStep(bound, "output", Y)

    // Backward, one stage at a time.
    let dbeta = features.map { j in batch.reduce(0) { $0 + G[$1][j] } }
    let dgamma = features.map { j in batch.reduce(0) { $0 + G[$1][j] * xhat[$1][j] } }
    let dxhat = batch.map { i in features.map { j in G[i][j] * gamma[j] } }
    let dsigma = features.map { j in
      -batch.reduce(0) { $0 + dxhat[$1][j] * Xc[$1][j] } / (sigma[j] * sigma[j])
    }
    let dvariance = features.map { dsigma[$0] / (2 * sigma[$0]) }
    let dXc = batch.map { i in
      features.map { j in dxhat[i][j] / sigma[j] + dvariance[j] * 2 * Xc[i][j] / n }
    }
    let dmu = features.map { j in -batch.reduce(0) { $0 + dXc[$1][j] } }
    let dX = batch.map { i in features.map { j in dXc[i][j] + dmu[j] / n } }
    try expectStep(bound, "dbeta", [dbeta])
    try expectStep(bound, "dgamma", [dgamma])
    try expectStep(bound, "dxhat", dxhat)
    try expectStep(bound, "dsigma", [dsigma])
    try expectStep(bound, "dvar", [dvariance])
    try expectStep(bound, "dcentred", dXc)
    try expectStep(bound, "dmean", [dmu])
    try expectStep(bound, "dX", dX)

    // The simplified formula gives the same matrix, and every column sums to zero.
    let simplified = batch.map { i in
      features.map { j in
        gamma[j] / (n * sigma[j]) * (n * G[i][j] - dbeta[j] - xhat[i][j] * dgamma[j])
      }
    }
    for i in batch {
      for j in features { #expect(abs(simplified[i][j] - dX[i][j]) < 1e-12) }
    }
    for j in features { #expect(abs(batch.reduce(0) { $0 + dX[$1][j] }) < 1e-12) }
  }

  @Test("batchnorm at its own numbers, its formula, and n versus n − 1")
  func batchnormOwnNumbers() throws {
    let bound = try boundLesson("batchnorm")
    // X = [1 4; 0 1; 5 −2]: μ = [6/3, 3/3] = [2, 1].
    try expectStep(bound, "mean", [[2, 1]])
    try expectStep(bound, "centred", [[-1, 3], [-2, 0], [3, -3]])
    // σ² = [(1 + 4 + 9)/3, (9 + 0 + 9)/3] = [14/3, 6].
    try expectStep(bound, "variance", [[14.0 / 3, 6]])
    // ∂L/∂β = column sums of G = [1 − 1 + 0.5, 0 + 2 − 1] = [0.5, 1].
    try expectStep(bound, "dbeta", [[0.5, 1]])
    // ∂L/∂X̂ = G ⊙ γ with γ = [2, 0.5].
    try expectStep(bound, "dxhat", [[2, 0], [-2, 1], [1, -0.5]])

    // The steps ask for numbers; the language's functions still work on typed matrices.
    let X = typed([[1, 4], [0, 1], [5, -2]])
    let Xc = typed([[-1, 3], [-2, 0], [3, -3]])
    try expectDeclaredMistake(
      bound, "variance", "sum(\(Xc)^2, dim = 1) / 2", saying: "unbiased estimate")
    #expect(
      StepChecker(bound).check("var(\(X), dim = 1)", step: try stepIndex(bound, "variance")).kind
        == .correct)
    try expectRefusedName(bound, "variance", "var(X, dim = 1)")
    try expectDeclaredMistake(bound, "mean", "mean(\(X), dim = 2)", saying: "layer normalisation")
    // A column for the 1×2 row μ is refused (the statistics keep their row shape).
    try expectDeclaredMistake(bound, "mean", "[2; 1]", saying: "Right numbers, but a column")
    try expectDeclaredMistake(
      bound, "dbeta", typed([[1, 0], [-1, 2], [0.5, -1]]),
      saying: "sum $G$ over the batch dimension")

    let formula = try stepIndex(bound, "simplified")
    #expect(StepChecker(bound).check("ga/sd*(g - sg/N - xn*sgx/N)", step: formula).kind == .correct)
    try expectDeclaredMistake(bound, "simplified", "ga * g / sd", saying: "as constants")
    try expectDeclaredMistake(
      bound, "simplified", "ga / (N * sd) * (N * g - sg)", saying: "drops the variance's")
  }
}
