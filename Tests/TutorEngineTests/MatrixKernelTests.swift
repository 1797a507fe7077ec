import Testing

@testable import TutorEngine

/// The SIMD matrix kernels against a naive triple loop, on every instruction-set path.
@Suite("Matrix kernels")
struct MatrixKernelTests {
  /// `(m, k, n)` shapes: vectors both ways, odd sizes, sizes around the micro-tile
  /// widths (4, 6, 8, 24), sizes past the 256-step block of k and the row blocks, and a
  /// row or column longer than the 2048-entry chunk of the vector-times-matrix loop.
  static let shapes: [(Int, Int, Int)] = [
    (1, 1, 1), (1, 7, 1), (1, 5, 9), (9, 5, 1), (1, 300, 29), (29, 300, 1), (7, 1, 13),
    (3, 3, 3), (5, 7, 11), (8, 16, 24), (9, 17, 25), (23, 2, 16), (100, 16, 16),
    (17, 257, 31), (6, 513, 8), (200, 33, 50), (33, 260, 70), (1, 9, 2100), (2100, 9, 1),
    (300, 1, 29),
    // Odd extents around the tiles (1, 3, 7, 17, 33), and the two moons' shapes: a small
    // transpose read in place, a row of C that is whole vectors but not a whole tile.
    (3, 33, 17), (17, 7, 33), (33, 17, 3), (7, 3, 1), (1, 33, 7), (33, 1, 17), (17, 33, 33),
    (16, 100, 16), (2, 100, 16), (100, 1, 16), (16, 100, 1), (100, 2, 16),
    // Rows of B that start half-way into a cache line (100 entries, 800 bytes), read in
    // place by four bands of A while the next panel is prefetched; a narrow C of 32 columns
    // (two panels of 16, either way round) and of 8.
    (32, 260, 100), (40, 70, 32), (32, 70, 40), (9, 20, 32), (32, 20, 8),
  ]

  enum Product: String, CaseIterable, Sendable {
    case ab = "AB"
    case atb = "AᵀB"
    case abt = "ABᵀ"
  }

  /// The product and the scale of its terms, `Σₚ |aᵢₚ bₚⱼ|`, by the definition.
  static func naive(_ product: Product, _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int)
    -> (value: [Double], scale: [Double])
  {
    var value = [Double](repeating: 0, count: m * n)
    var scale = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        for p in 0..<k {
          let x = product == .atb ? a[p * m + i] : a[i * k + p]
          let y = product == .abt ? b[j * k + p] : b[p * n + j]
          value[i * n + j] += x * y
          scale[i * n + j] += Swift.abs(x * y)
        }
      }
    }
    return (value, scale)
  }

  static func compute(
    _ product: Product, _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int,
    path: MatrixKernels.Path
  ) -> [Double] {
    switch product {
    case .ab: return MatrixKernels.product(a, b, m: m, k: k, n: n, path: path)
    case .atb: return MatrixKernels.transposedProduct(a, b, k: k, m: m, n: n, path: path)
    case .abt: return MatrixKernels.productTransposed(a, b, m: m, k: k, n: n, path: path)
    }
  }

  static func operands(m: Int, k: Int, n: Int, seed: UInt64) throws -> ([Double], [Double]) {
    var random = SeededGenerator(seed: seed)
    return (
      try random.tensor(shape: [m * k]).scalars, try random.tensor(shape: [k * n]).scalars
    )
  }

  @Test(
    "every path agrees with the naive product to 1e-12 of the terms' scale",
    arguments: MatrixKernels.Path.allCases, Product.allCases)
  func agreesWithNaive(path: MatrixKernels.Path, product: Product) throws {
    for (index, (m, k, n)) in Self.shapes.enumerated() {
      let (a, b) = try Self.operands(m: m, k: k, n: n, seed: UInt64(index))
      let expected = Self.naive(product, a, b, m: m, k: k, n: n)
      let got = Self.compute(product, a, b, m: m, k: k, n: n, path: path)
      #expect(got.count == m * n)
      var worst = 0.0
      for i in 0..<(m * n) {
        // Relative to Σ|aᵢₚ bₚⱼ|: the scale any summation order's rounding is measured against
        // (an entry that cancels to nearly 0 has no meaningful relative error of its own).
        worst = Swift.max(worst, Swift.abs(got[i] - expected.value[i]) / expected.scale[i])
      }
      #expect(worst <= 1e-12, "\(product.rawValue) \(m)×\(k)×\(n) on \(path.resolved)")
    }
  }

  @Test(
    "adding into C gives C + AB, for one or two steps of k and for many", arguments: [1, 2, 3, 40])
  func accumulates(k: Int) throws {
    let (m, n) = (13, 17)
    let (a, b) = try Self.operands(m: m, k: k, n: n, seed: UInt64(k))
    var random = SeededGenerator(seed: 99)
    let start = try random.tensor(shape: [m * n]).scalars
    var c = start
    c.withUnsafeMutableBufferPointer { c in
      MatrixKernels.gemm(
        a, transposeA: false, b, transposeB: false, into: c.baseAddress!, m: m, k: k, n: n,
        accumulate: true)
    }
    let product = Self.naive(.ab, a, b, m: m, k: k, n: n)
    for i in 0..<(m * n) {
      let scale = product.scale[i] + Swift.abs(start[i])
      #expect(Swift.abs(c[i] - (start[i] + product.value[i])) <= 1e-12 * scale, "entry \(i)")
    }
  }

  /// `(m, k, n)` results streamed past the caches (more than 2¹⁸ entries, rows a multiple of
  /// 4 entries, C on a 64-byte boundary as in a plan's arena): rows alternately on and
  /// half-way into a cache line (n = 4 mod 8) with a last panel of 4 or 20 columns, rows all
  /// on a line, k past the short-k order (100), several blocks of rows (m > 192) and of
  /// columns (n > 3072).
  static let streamedShapes: [(Int, Int, Int)] = [
    (1031, 7, 1036), (450, 32, 596), (440, 100, 600), (90, 5, 3100),
  ]

  @Test(
    "a result far larger than the caches, streamed to memory, agrees with the naive product",
    arguments: MatrixKernels.Path.allCases)
  func streamedResult(path: MatrixKernels.Path) throws {
    for (index, (m, k, n)) in Self.streamedShapes.enumerated() {
      let (a, b) = try Self.operands(m: m, k: k, n: n, seed: UInt64(5 + index))
      let raw = UnsafeMutableRawPointer.allocate(
        byteCount: m * n * MemoryLayout<Double>.stride, alignment: 64)
      defer { raw.deallocate() }
      let c = raw.initializeMemory(as: Double.self, repeating: .nan, count: m * n)
      // C = Aᵀ B, as a weight gradient is computed.
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          MatrixKernels.gemm(
            a.baseAddress!, transposeA: true, b.baseAddress!, transposeB: false, into: c, m: m,
            k: k, n: n, accumulate: false, path: path)
        }
      }
      var worst = 0.0
      // Every seventh row (both kinds of row start) and the last.
      for i in Array(stride(from: 0, to: m, by: 7)) + [m - 1] {
        for j in 0..<n {
          var (value, scale) = (0.0, 0.0)
          for p in 0..<k {
            value += a[p * m + i] * b[p * n + j]
            scale += Swift.abs(a[p * m + i] * b[p * n + j])
          }
          worst = Swift.max(worst, Swift.abs(c[i * n + j] - value) / scale)
        }
      }
      #expect(worst <= 1e-12, "\(m)×\(k)×\(n) on \(path.resolved)")
      #expect(
        (0..<(m * n)).allSatisfy { !c[$0].isNaN }, "every entry written, \(m)×\(k)×\(n)")
    }
  }

  @Test("the baseline path is the portable one and always available")
  func baselineAvailable() {
    #expect(MatrixKernels.Path.baseline.resolved == .baseline)
    #expect(MatrixKernels.Path.best.resolved == MatrixKernels.Path.best)
  }

  @Test("results are bit-identical between two runs", arguments: MatrixKernels.Path.allCases)
  func bitIdentical(path: MatrixKernels.Path) throws {
    for product in Product.allCases {
      for (m, k, n) in [(33, 260, 70), (100, 16, 16), (1, 300, 29), (29, 300, 1)] {
        let (a, b) = try Self.operands(m: m, k: k, n: n, seed: 99)
        let first = Self.compute(product, a, b, m: m, k: k, n: n, path: path)
        let second = Self.compute(product, a, b, m: m, k: k, n: n, path: path)
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
      }
    }
  }

  @Test("small integer products are exact on every path", arguments: MatrixKernels.Path.allCases)
  func exactIntegers(path: MatrixKernels.Path) {
    let a: [Double] = [1, 2, 3, 4, 5, 6]  // 2×3
    let b: [Double] = [7, 8, 9, 10, 11, 12]  // 3×2
    #expect(MatrixKernels.product(a, b, m: 2, k: 3, n: 2, path: path) == [58, 64, 139, 154])
    #expect(
      MatrixKernels.transposedProduct(a, a, k: 2, m: 3, n: 3, path: path) == [
        17, 22, 27, 22, 29, 36, 27, 36, 45,
      ])
    #expect(
      MatrixKernels.productTransposed(a, a, m: 2, k: 3, n: 2, path: path) == [14, 32, 32, 77])
    #expect(MatrixKernels.product(a, b, m: 2, k: 0, n: 2, path: path) == [0, 0, 0, 0])
  }
}
