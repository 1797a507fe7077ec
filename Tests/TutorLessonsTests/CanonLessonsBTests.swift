import Foundation
import Testing
import TutorEngine

@testable import TutorLessons

// Four lessons of the backprop canon (layernorm, tanh-mlp-batch, maxpool-conv,
// residual-block) against derivations written out here in plain arithmetic on
// arrays of Double: loops, never the engine or the math language. Only the givens
// are read from the bound lesson; every expected answer is derived below and
// compared with the engine's to a relative 1e-9. Variant 0 is the lesson's own
// numbers (pinned by `givensAreTheLessonsOwn`); variants 1–4 check that the
// derivation, not a coincidence of the numbers, is what agrees.

/// A matrix as its rows; a scalar is `[[s]]`, a column `[[a], [b]]`.
private typealias Matrix = [[Double]]

private let canonVariants = [0, 1, 2, 3, 4]

// MARK: - Plain arithmetic

private func rows(_ a: Matrix) -> Int { a.count }
private func columns(_ a: Matrix) -> Int { a[0].count }

private func zeros(_ r: Int, _ c: Int) -> Matrix {
  Array(repeating: Array(repeating: 0, count: c), count: r)
}

/// The matrix product `a b`.
private func product(_ a: Matrix, _ b: Matrix) -> Matrix {
  var out = zeros(rows(a), columns(b))
  for i in 0..<rows(a) {
    for j in 0..<columns(b) {
      for k in 0..<columns(a) { out[i][j] += a[i][k] * b[k][j] }
    }
  }
  return out
}

private func transposed(_ a: Matrix) -> Matrix {
  var out = zeros(columns(a), rows(a))
  for i in 0..<rows(a) {
    for j in 0..<columns(a) { out[j][i] = a[i][j] }
  }
  return out
}

/// Entry by entry; `b` may be a 1×n row or an m×1 column that is repeated to fit `a`.
private func combine(_ a: Matrix, _ b: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
  var out = a
  for i in 0..<rows(a) {
    for j in 0..<columns(a) {
      let bi = rows(b) == 1 ? 0 : i
      let bj = columns(b) == 1 ? 0 : j
      out[i][j] = f(a[i][j], b[bi][bj])
    }
  }
  return out
}

private func map(_ a: Matrix, _ f: (Double) -> Double) -> Matrix {
  a.map { $0.map(f) }
}

/// Sums down each column: a 1×n row.
private func columnSums(_ a: Matrix) -> Matrix {
  var out = zeros(1, columns(a))
  for row in a {
    for j in row.indices { out[0][j] += row[j] }
  }
  return out
}

/// Sums along each row: an m×1 column.
private func rowSums(_ a: Matrix) -> Matrix {
  a.map { row in [row.reduce(0, +)] }
}

private func total(_ a: Matrix) -> Double { a.joined().reduce(0, +) }

// MARK: - Reading givens and comparing

/// A given of the bound lesson as rows (a scalar becomes 1×1).
private func given(_ bound: BoundLesson, _ name: String) throws -> Matrix {
  let tensor = try #require(bound.value(of: name), "no given \(name)")
  switch tensor.shape.count {
  case 0: return [[tensor.scalars[0]]]
  case 2:
    let width = tensor.shape[1]
    return (0..<tensor.shape[0]).map { Array(tensor.scalars[($0 * width)..<(($0 + 1) * width)]) }
  default:
    Issue.record("given \(name) has shape \(tensor.shape)")
    return [[.nan]]
  }
}

/// Asserts that the engine's expected answer of `step` has the shape of `want`
/// (a 1×1 `want` also matches a scalar) and equal entries to a relative 1e-9.
private func expectAnswer(
  _ bound: BoundLesson, _ step: String, _ want: Matrix,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  let got = try expected(bound, step)
  let scalar = rows(want) == 1 && columns(want) == 1
  let shapeMatches =
    scalar ? (got.shape == [] || got.shape == [1, 1]) : got.shape == [rows(want), columns(want)]
  #expect(
    shapeMatches, "\(step): shape \(got.shape), derived \(rows(want))×\(columns(want))",
    sourceLocation: sourceLocation)
  guard shapeMatches else { return }
  for (index, (engine, derived)) in zip(got.scalars, want.joined()).enumerated() {
    #expect(
      abs(engine - derived) <= 1e-9 * max(1, abs(derived)),
      "\(step) entry \(index + 1): engine \(engine), derived \(derived)",
      sourceLocation: sourceLocation)
  }
}

private func expectClose(
  _ a: Matrix, _ b: Matrix, _ tolerance: Double, _ what: String,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  #expect(rows(a) == rows(b) && columns(a) == columns(b), "\(what): shapes differ")
  for (x, y) in zip(a.joined(), b.joined()) {
    #expect(abs(x - y) <= tolerance, "\(what): \(x) against \(y)", sourceLocation: sourceLocation)
  }
}

// MARK: - The lessons

@Suite("Canon lessons B against hand derivations")
struct CanonLessonsBTests {
  @Test("each lesson's givens at variant 0 are the numbers its prose was written for")
  func givensAreTheLessonsOwn() throws {
    let layer = try boundLesson("layernorm")
    #expect(try given(layer, "X") == [[0, 2, 2, 0], [7, 1, 1, -1]])
    #expect(try given(layer, "G") == [[1, -1, 0, 2], [0.5, 0, 1, 0.5]])
    #expect(try given(layer, "eps") == [[0]])
    let mlp = try boundLesson("tanh-mlp-batch")
    #expect(try given(mlp, "X") == [[1, 0], [0, 1], [1, -1]])
    let pool = try boundLesson("maxpool-conv")
    #expect(try given(pool, "I") == [[1, 2, 0, 3, 1], [0, 1, 2, 1, 4], [2, 0, 1, 3, 0]])
    #expect(try given(pool, "K") == [[2, 0], [1, -1]])
    let residual = try boundLesson("residual-block")
    #expect(try given(residual, "x") == [[2], [1]])
  }

  /// Each row is centred and scaled by its own statistics (population variance over
  /// the n features), then scaled and shifted per feature; L = Σ G ⊙ Y.
  @Test(
    "layernorm: row statistics, γ and β summed over the batch, the three paths into X",
    arguments: canonVariants)
  func layernorm(variant: Int) throws {
    let bound = try boundLesson("layernorm", variant: variant)
    let x = try given(bound, "X")
    let gamma = try given(bound, "gamma")
    let beta = try given(bound, "beta")
    let g = try given(bound, "G")
    let eps = try given(bound, "eps")[0][0]
    let n = Double(columns(x))

    let mu = map(rowSums(x)) { $0 / n }
    let d = combine(x, mu, -)
    let variance = map(rowSums(map(d) { $0 * $0 })) { $0 / n }
    let sigma = map(variance) { ($0 + eps).squareRoot() }
    let xhat = combine(d, sigma, /)
    let y = combine(combine(xhat, gamma, *), beta, +)
    try expectAnswer(bound, "mu", mu)
    try expectAnswer(bound, "var", variance)
    try expectAnswer(bound, "xhat", xhat)
    try expectAnswer(bound, "Y", y)

    // γ and β were broadcast over the examples: their gradients sum down the columns.
    try expectAnswer(bound, "dL-dbeta", columnSums(g))
    try expectAnswer(bound, "dL-dgamma", columnSums(combine(g, xhat, *)))
    let dxhat = combine(g, gamma, *)
    try expectAnswer(bound, "dL-dXhat", dxhat)

    // ∂L/∂σ²ᵢ = −½ (σ²ᵢ + ε)^(−3/2) Σⱼ ∂L/∂x̂ᵢⱼ Dᵢⱼ
    var dvariance = zeros(rows(x), 1)
    // ∂L/∂μᵢ = −Σⱼ ∂L/∂x̂ᵢⱼ / σᵢ + ∂L/∂σ²ᵢ · (−2/n) Σⱼ Dᵢⱼ
    var dmu = zeros(rows(x), 1)
    var dx = zeros(rows(x), columns(x))
    for i in 0..<rows(x) {
      var weighted = 0.0
      var plain = 0.0
      var centred = 0.0
      for j in 0..<columns(x) {
        weighted += dxhat[i][j] * d[i][j]
        plain += dxhat[i][j]
        centred += d[i][j]
      }
      dvariance[i][0] = -0.5 * weighted / ((variance[i][0] + eps) * sigma[i][0])
      dmu[i][0] = -plain / sigma[i][0] + dvariance[i][0] * (-2 / n) * centred
      for j in 0..<columns(x) {
        dx[i][j] =
          dxhat[i][j] / sigma[i][0] + dvariance[i][0] * 2 * d[i][j] / n + dmu[i][0] / n
      }
    }
    try expectAnswer(bound, "dL-dv", dvariance)
    try expectAnswer(bound, "dL-dmu", dmu)
    try expectAnswer(bound, "dL-dX", dx)

    // The compact formula of the `compact` step gives the same rows, and every row of
    // ∂L/∂X sums to 0 (the `row-sums` step's claim).
    for i in 0..<rows(x) {
      let meanG = dxhat[i].reduce(0, +) / n
      let meanGX = zip(dxhat[i], xhat[i]).map(*).reduce(0, +) / n
      let compact = (0..<columns(x)).map {
        (dxhat[i][$0] - meanG - xhat[i][$0] * meanGX) / sigma[i][0]
      }
      expectClose([compact], [dx[i]], 1e-9, "compact formula, row \(i + 1)")
      #expect(abs(dx[i].reduce(0, +)) < 1e-9, "row \(i + 1) of ∂L/∂X sums to 0")
    }
  }

  /// Examples are rows: A = X W⁽¹⁾ + b⁽¹⁾, H = tanh A, P = H w⁽²⁾ + b⁽²⁾,
  /// ℓᵢ = ½(Pᵢ − Tᵢ)², L = the mean of the ℓᵢ.
  @Test(
    "tanh-mlp-batch: the mean loss's ⅓, per-example gradients, biases summed over the batch",
    arguments: canonVariants)
  func tanhMLPBatch(variant: Int) throws {
    let bound = try boundLesson("tanh-mlp-batch", variant: variant)
    let x = try given(bound, "X")
    let w1 = try given(bound, "W1")
    let b1 = try given(bound, "b1")
    let w2 = try given(bound, "w2")
    let b2 = try given(bound, "b2")[0][0]
    let t = try given(bound, "T")
    let m = Double(rows(x))

    let a = combine(product(x, w1), b1, +)
    let h = map(a) { tanh($0) }
    let p = map(product(h, w2)) { $0 + b2 }
    let residual = combine(p, t, -)
    let loss = residual.joined().map { $0 * $0 / 2 }.reduce(0, +) / m
    try expectAnswer(bound, "A", a)
    try expectAnswer(bound, "H", h)
    try expectAnswer(bound, "P", p)
    try expectAnswer(bound, "loss", [[loss]])

    let dp = map(residual) { $0 / m }
    try expectAnswer(bound, "dL-dP", dp)
    let dw2 = product(transposed(h), dp)
    try expectAnswer(bound, "dL-dw2", dw2)

    // Example i on its own: ∂ℓᵢ/∂w⁽²⁾ = (Pᵢ − Tᵢ) hᵢᵀ, with no 1/m.
    let perExample: [Matrix] = (0..<rows(x)).map { i in
      (0..<columns(h)).map { k in [residual[i][0] * h[i][k]] }
    }
    try expectAnswer(bound, "per-example", perExample[1])
    // The batch gradient is the mean of the per-example gradients.
    var meanOfExamples = zeros(columns(h), 1)
    for example in perExample {
      for k in 0..<columns(h) { meanOfExamples[k][0] += example[k][0] / m }
    }
    expectClose(meanOfExamples, dw2, 1e-12, "mean of per-example gradients")

    try expectAnswer(bound, "dL-db2", [[total(dp)]])
    let dh = product(dp, transposed(w2))
    try expectAnswer(bound, "dL-dH", dh)
    let da = combine(dh, h) { upstream, value in upstream * (1 - value * value) }
    try expectAnswer(bound, "dL-dA", da)
    // The bridge (issue 22): example 1's share x₁δ₁ᵀ, entry (j, k) = X₁ⱼ · (∂L/∂A)₁ₖ; the
    // three shares add up to Xᵀ ∂L/∂A.
    let shares: [Matrix] = (0..<rows(x)).map { n in
      (0..<columns(x)).map { j in (0..<columns(da)).map { k in x[n][j] * da[n][k] } }
    }
    try expectAnswer(bound, "bridge", shares[0])
    var summed = zeros(columns(x), columns(da))
    for share in shares {
      for j in 0..<columns(x) { for k in 0..<columns(da) { summed[j][k] += share[j][k] } }
    }
    expectClose(summed, product(transposed(x), da), 1e-12, "Σₙ xₙδₙᵀ = Xᵀ ∂L/∂A")
    try expectAnswer(bound, "dL-dW1", product(transposed(x), da))
    try expectAnswer(bound, "dL-db1", columnSums(da))
  }

  /// O = I ⋆ K (valid cross-correlation, stride 1), P = 2×2 max-pooling with stride 2,
  /// L = ½ Σ (P − T)².
  @Test(
    "maxpool-conv: the pooled gradient goes to each window's maximum only",
    arguments: canonVariants)
  func maxpoolConv(variant: Int) throws {
    let bound = try boundLesson("maxpool-conv", variant: variant)
    let input = try given(bound, "I")
    let kernel = try given(bound, "K")
    let t = try given(bound, "T")
    let k = rows(kernel)

    var o = zeros(rows(input) - k + 1, columns(input) - k + 1)
    for i in 0..<rows(o) {
      for j in 0..<columns(o) {
        for r in 0..<k {
          for c in 0..<k { o[i][j] += input[i + r][j + c] * kernel[r][c] }
        }
      }
    }
    try expectAnswer(bound, "O11", [[o[0][0]]])
    try expectAnswer(bound, "O", o)

    // Windows of 2×2 at stride 2; the maximum's position, first in row-major order.
    var pooled = zeros(rows(o) / 2, columns(o) / 2)
    var winners: [(row: Int, column: Int)] = []
    for wi in 0..<rows(pooled) {
      for wj in 0..<columns(pooled) {
        let cells = [
          (row: 2 * wi, column: 2 * wj), (row: 2 * wi, column: 2 * wj + 1),
          (row: 2 * wi + 1, column: 2 * wj), (row: 2 * wi + 1, column: 2 * wj + 1),
        ]
        let values = cells.map { o[$0.row][$0.column] }
        var first = 0
        for index in values.indices where values[index] > values[first] { first = index }
        let best = cells[first]
        let others = values.indices.filter { $0 != first }.map { values[$0] }
        // The lesson promises windows without ties.
        #expect(values[first] > others.max()!, "window (\(wi + 1), \(wj + 1)) ties")
        pooled[wi][wj] = o[best.row][best.column]
        winners.append(best)
      }
    }
    try expectAnswer(bound, "P", pooled)
    let dp = combine(pooled, t, -)
    let loss = dp.joined().map { $0 * $0 / 2 }.reduce(0, +)
    try expectAnswer(bound, "loss", [[loss]])
    try expectAnswer(bound, "dL-dP", dp)

    var dO = zeros(rows(o), columns(o))
    for (index, winner) in winners.enumerated() {
      dO[winner.row][winner.column] += dp[index / columns(pooled)][index % columns(pooled)]
    }
    try expectAnswer(bound, "dL-dO", dO)
    #expect(dO.joined().filter { $0 != 0 }.count <= winners.count)

    // Every output position (i, j) sends ∂L/∂Oᵢⱼ to the kernel entry (r, c) times the
    // input under it, and to the input entry (i + r, j + c) times the kernel entry.
    var dK = zeros(k, k)
    var dI = zeros(rows(input), columns(input))
    for i in 0..<rows(o) {
      for j in 0..<columns(o) {
        for r in 0..<k {
          for c in 0..<k {
            dK[r][c] += dO[i][j] * input[i + r][j + c]
            dI[i + r][j + c] += dO[i][j] * kernel[r][c]
          }
        }
      }
    }
    try expectAnswer(bound, "dL-dK11", [[dK[0][0]]])
    try expectAnswer(bound, "dL-dK", dK)
    try expectAnswer(bound, "dL-dI", dI)
  }

  /// y = x + F(x) with F(x) = W⁽²⁾ relu(W⁽¹⁾ x), L = ½ Σ (y − t)².
  @Test(
    "residual-block: the skip path passes ∂L/∂y to x unchanged and the branch adds to it",
    arguments: canonVariants)
  func residualBlock(variant: Int) throws {
    let bound = try boundLesson("residual-block", variant: variant)
    let x = try given(bound, "x")
    let w1 = try given(bound, "W1")
    let w2 = try given(bound, "W2")
    let t = try given(bound, "t")

    let a = product(w1, x)
    let h = map(a) { max(0, $0) }
    let f = product(w2, h)
    let y = combine(x, f, +)
    let dy = combine(y, t, -)
    try expectAnswer(bound, "a", a)
    try expectAnswer(bound, "h", h)
    try expectAnswer(bound, "F", f)
    try expectAnswer(bound, "y", y)
    try expectAnswer(bound, "loss", [[dy.joined().map { $0 * $0 / 2 }.reduce(0, +)]])
    try expectAnswer(bound, "dL-dy", dy)
    // An addition hands its upstream gradient to both inputs.
    try expectAnswer(bound, "dL-dF", dy)
    try expectAnswer(bound, "dL-dW2", product(dy, transposed(h)))
    let dh = product(transposed(w2), dy)
    try expectAnswer(bound, "dL-dh", dh)
    let mask = map(a) { $0 > 0 ? 1 : 0 }
    let da = combine(dh, mask, *)
    try expectAnswer(bound, "dL-da", da)
    try expectAnswer(bound, "dL-dW1", product(da, transposed(x)))
    let branch = product(transposed(w1), da)
    try expectAnswer(bound, "branch-to-x", branch)
    let dx = combine(dy, branch, +)
    try expectAnswer(bound, "dL-dx", dx)

    // ∂yᵢ/∂xⱼ = δᵢⱼ + Σₖ W⁽²⁾ᵢₖ 1[aₖ > 0] W⁽¹⁾ₖⱼ (rows are outputs).
    var jacobian = zeros(rows(y), rows(x))
    for i in 0..<rows(y) {
      for j in 0..<rows(x) {
        jacobian[i][j] = i == j ? 1 : 0
        for k in 0..<rows(a) { jacobian[i][j] += w2[i][k] * mask[k][0] * w1[k][j] }
      }
    }
    try expectAnswer(bound, "jacobian", jacobian)
    expectClose(product(transposed(jacobian), dy), dx, 1e-12, "Jᵀ ∂L/∂y")

    if variant == 0 {
      // By hand: a = [1; −3], h = [1; 0], y = [4; 0], ∂L/∂y = [3; −1]; the branch sends
      // W⁽¹⁾ᵀ [7; 0] = [7; −7], so ∂L/∂x = [3 + 7; −1 − 7].
      #expect(dx == [[10], [-8]])
      #expect(jacobian == [[3, -2], [-1, 2]])
    }
  }
}
