import CKernels
import Testing

@testable import TutorEngine

/// A layer's forward in one pass (`ck_dense_relu`, what a compiled plan runs for a product
/// read only by its bias add and relu): each product summed from 0 one step of k after
/// another, one FMA a step on the AVX paths and a rounded product then a sum on the
/// baseline (the matrix product's micro-tile order), then the bias added and the relu taken.
@Suite("Fused layer kernel")
struct DenseReluKernelTests {
  /// `(m, k, n)`: the two moons' layers, odd extents around the vector widths (2, 4, 8) and
  /// the micro-tile heights (4, 6, 8), ragged columns, and k at the one-block limit.
  static let shapes: [(Int, Int, Int)] = [
    (100, 2, 16), (100, 16, 16), (2, 1, 2), (3, 3, 3), (7, 1, 17), (9, 2, 33), (17, 7, 5),
    (33, 17, 1 + 16), (13, 33, 31), (6, 256, 8), (5, 255, 12), (8, 3, 24), (25, 9, 40),
  ]

  /// The product in that order on `path`, `z = p + bias` and `h = relu(z)` (the plan's relu).
  static func reference(
    _ a: [Double], _ w: [Double], _ bias: [Double], m: Int, k: Int, n: Int,
    path: MatrixKernels.Path
  ) -> (p: [Double], z: [Double], h: [Double]) {
    var p = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for q in 0..<k {
          // addingProduct rounds once (an FMA); `+` and `*` round each.
          sum =
            path.resolved == .baseline
            ? sum + w[q * n + j] * a[i * k + q] : sum.addingProduct(w[q * n + j], a[i * k + q])
        }
        p[i * n + j] = sum
      }
    }
    var z = p
    for i in 0..<m { for j in 0..<n { z[i * n + j] = p[i * n + j] + bias[j] } }
    var h = [Double](repeating: -1, count: m * n)
    z.withUnsafeBufferPointer { z in
      h.withUnsafeMutableBufferPointer { h in Op.relu(z, into: h) }
    }
    return (p, z, h)
  }

  static func fused(
    _ a: [Double], _ w: [Double], _ bias: [Double], m: Int, k: Int, n: Int,
    path: MatrixKernels.Path, keep: Bool
  ) -> (p: [Double], z: [Double], h: [Double]) {
    var (p, z, h) = (
      [Double](repeating: .nan, count: m * n), [Double](repeating: .nan, count: m * n),
      [Double](repeating: .nan, count: m * n)
    )
    p.withUnsafeMutableBufferPointer { p in
      z.withUnsafeMutableBufferPointer { z in
        h.withUnsafeMutableBufferPointer { h in
          ck_dense_relu(
            path.rawValue, m, n, k, a, w, bias, keep ? p.baseAddress : nil,
            keep ? z.baseAddress : nil, h.baseAddress)
        }
      }
    }
    return (p, z, h)
  }

  /// How many entries differ in their bits (all of them when the counts differ).
  static func differing(_ x: [Double], _ y: [Double]) -> Int {
    x.count != y.count
      ? Swift.max(x.count, y.count) : zip(x, y).count { $0.bitPattern != $1.bitPattern }
  }

  @Test(
    "product, sum and relu bit for bit in the product's order, on every instruction set",
    arguments: MatrixKernels.Path.allCases)
  func sameBitsAsUnfused(path: MatrixKernels.Path) throws {
    var sides = (zero: 0, positive: 0)
    for (index, (m, k, n)) in Self.shapes.enumerated() {
      var random = SeededGenerator(seed: UInt64(50 + index))
      let a = try random.tensor(shape: [m * k]).scalars
      let w = try random.tensor(shape: [k * n]).scalars
      let bias = try random.tensor(shape: [n]).scalars
      let expected = Self.reference(a, w, bias, m: m, k: k, n: n, path: path)
      let kept = Self.fused(a, w, bias, m: m, k: k, n: n, path: path, keep: true)
      let shape = "\(m)×\(k)×\(n) on \(path.resolved)"
      #expect(Self.differing(kept.p, expected.p) == 0, "product, \(shape)")
      #expect(Self.differing(kept.z, expected.z) == 0, "sum, \(shape)")
      #expect(Self.differing(kept.h, expected.h) == 0, "relu, \(shape)")
      let alone = Self.fused(a, w, bias, m: m, k: k, n: n, path: path, keep: false)
      #expect(Self.differing(alone.h, expected.h) == 0, "relu alone, \(shape)")
      #expect(
        alone.p.allSatisfy { $0.isNaN } && alone.z.allSatisfy { $0.isNaN }, "nothing else written")
      // The matrix product itself, in any build, to the rounding of its steps.
      let product = MatrixKernels.product(a, w, m: m, k: k, n: n, path: path)
      let worst = (0..<(m * n)).map { index in
        let (i, j) = (index / n, index % n)
        let scale = (0..<k).reduce(0.0) { $0 + Swift.abs(a[i * k + $1] * w[$1 * n + j]) }
        return Swift.abs(product[index] - kept.p[index]) / scale
      }.max()!
      #expect(worst <= 1e-14, "against ck_dgemm, \(shape)")
      sides.zero += expected.h.filter { $0 == 0 }.count
      sides.positive += expected.h.filter { $0 > 0 }.count
    }
    #expect(sides.zero > 100 && sides.positive > 100, "both sides of the kink: \(sides)")
  }

  @Test("a zero row of A gives relu(bias), with +0 where the bias is −0 or negative")
  func zeroRow() {
    let (m, k, n) = (2, 3, 9)
    let a = [Double](repeating: 0, count: m * k)
    let w = (0..<(k * n)).map { Double($0) - 10 }
    let bias = [-0.0, 1, -1, 2, -2, 3, -3, .nan, 0.5]
    let got = Self.fused(a, w, bias, m: m, k: k, n: n, path: .best, keep: false).h
    let row: [Double] = [0, 1, 0, 2, 0, 3, 0, 0, 0.5]
    #expect(Self.differing(got, row + row) == 0)
  }

  @Test("k past one block of the product's sums is refused: nothing is written")
  func refusesLongK() {
    let (m, k, n) = (2, Int(CK_DENSE_MAX_K) + 1, 2)
    let got = Self.fused(
      [Double](repeating: 1, count: m * k), [Double](repeating: 1, count: k * n), [0, 0], m: m,
      k: k, n: n, path: .best, keep: true)
    #expect(got.h.allSatisfy { $0.isNaN })
  }

  @Test(
    "the first layer's backward: relu′, bias sums and Aᵀ·gz bit for bit in the product's order",
    arguments: MatrixKernels.Path.allCases)
  func backwardWeights(path: MatrixKernels.Path) throws {
    // (rows, columns, ka): two moons' first layer, ragged columns, A of 2 to 4 columns.
    for (index, (m, n, ka)) in [(100, 16, 2), (7, 9, 3), (33, 17, 4), (256, 8, 2), (5, 3, 2)]
      .enumerated()
    {
      var random = SeededGenerator(seed: UInt64(80 + index))
      let g = try random.tensor(shape: [m * n]).scalars
      let h = try random.tensor(shape: [m * n]).scalars.map { Swift.max($0, 0) }
      let a = try random.tensor(shape: [m * ka]).scalars
      let start = try random.tensor(shape: [ka * n]).scalars
      let fma = path.resolved != .baseline
      // The reference: relu′ as ck_relu_backward, the sums row after row from 0, and each
      // entry of Aᵀ·gz from 0 row after row, then added to the start.
      let gz = zip(g, h).map { $1 > 0 ? $0 : 0 }
      var sums = [Double](repeating: 0, count: n)
      var gw = start
      for j in 0..<n {
        var total = 0.0
        for r in 0..<m { total += gz[r * n + j] }
        sums[j] += total
        for i in 0..<ka {
          var acc = 0.0
          for r in 0..<m {
            acc =
              fma
              ? acc.addingProduct(gz[r * n + j], a[r * ka + i])
              : acc + gz[r * n + j] * a[r * ka + i]
          }
          gw[i * n + j] += acc
        }
      }
      var (gotZ, gotSums, gotW) = (
        [Double](repeating: .nan, count: m * n), [Double](repeating: 0, count: n), start
      )
      gotZ.withUnsafeMutableBufferPointer { z in
        gotSums.withUnsafeMutableBufferPointer { s in
          gotW.withUnsafeMutableBufferPointer { w in
            ck_relu_backward_weights(
              path.rawValue, m, n, g, h, z.baseAddress, s.baseAddress, a, ka, w.baseAddress, 1)
          }
        }
      }
      let shape = "\(m)×\(n), A \(ka) wide, on \(path.resolved)"
      #expect(Self.differing(gotZ, gz) == 0, "relu′, \(shape)")
      #expect(Self.differing(gotSums, sums) == 0, "bias sums, \(shape)")
      #expect(Self.differing(gotW, gw) == 0, "weights, \(shape)")
      // Against the matrix product itself: start + Aᵀ·gz, to the rounding of its steps.
      let product = MatrixKernels.transposedProduct(a, gz, k: m, m: ka, n: n, path: path)
      for e in 0..<(ka * n) {
        let (i, j) = (e / n, e % n)
        let scale =
          (0..<m).reduce(Swift.abs(start[e])) { $0 + Swift.abs(a[$1 * ka + i] * gz[$1 * n + j]) }
        #expect(Swift.abs(start[e] + product[e] - gotW[e]) <= 1e-14 * scale, "entry \(e), \(shape)")
      }
    }
  }
}
