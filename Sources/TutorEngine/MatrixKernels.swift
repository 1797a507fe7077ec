/// Dense matrix-product loops over row-major buffers.
///
/// Each loop keeps its innermost index contiguous so the compiler can
/// vectorise it, and sums in a fixed order so results are bit-identical from
/// run to run. Runs of four zero entries in the left factor are skipped (ReLU
/// activations are often half zeros), so `0 · ∞` may contribute 0 there rather
/// than NaN; lesson values are checked for finiteness separately.
enum MatrixKernels {
  /// `C = A B` for `A: m×k`, `B: k×n`.
  static func product(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    if n == 1 {
      // A matrix times a column: one dot product per row of A.
      return dotRows(b, a, k: k, n: m)
    }
    var c = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
          for i in 0..<m {
            accumulateRow(c + i * n, n: n, k: k, rows: b, rowStride: n) { a[i * k + $0] }
          }
        }
      }
    }
    return c
  }

  /// `C = Aᵀ B` for `A: k×m`, `B: k×n`, without forming `Aᵀ`.
  static func transposedProduct(_ a: [Double], _ b: [Double], k: Int, m: Int, n: Int) -> [Double] {
    if n == 1 && m > 1 {
      // Aᵀ times a column: c += b[p] · (row p of A), rows contiguous.
      return transposedProduct(b, a, k: k, m: 1, n: m)
    }
    var c = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
          for i in 0..<m {
            accumulateRow(c + i * n, n: n, k: k, rows: b, rowStride: n) { a[$0 * m + i] }
          }
        }
      }
    }
    return c
  }

  /// `row[j] += Σₚ scale(p) · rows[p][j]` over `p` in `0..<k`, four rows of
  /// `B` at a time so each pass over `row` does four multiply-adds per entry.
  @inline(__always)
  private static func accumulateRow(
    _ row: UnsafeMutablePointer<Double>, n: Int, k: Int, rows: UnsafePointer<Double>,
    rowStride: Int, scale: (Int) -> Double
  ) {
    var p = 0
    while p + 4 <= k {
      let (s0, s1, s2, s3) = (scale(p), scale(p + 1), scale(p + 2), scale(p + 3))
      if s0 != 0 || s1 != 0 || s2 != 0 || s3 != 0 {
        let b0 = rows + p * rowStride
        let b1 = b0 + rowStride
        let b2 = b1 + rowStride
        let b3 = b2 + rowStride
        for j in 0..<n {
          row[j] += (s0 * b0[j] + s1 * b1[j]) + (s2 * b2[j] + s3 * b3[j])
        }
      }
      p += 4
    }
    while p < k {
      let s0 = scale(p)
      if s0 != 0 {
        let b0 = rows + p * rowStride
        for j in 0..<n { row[j] += s0 * b0[j] }
      }
      p += 1
    }
  }

  /// `C = A Bᵀ` for `A: m×k`, `B: n×k`.
  static func productTransposed(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    if m == 1 {
      // A row vector times Bᵀ: one dot product per row of B.
      return dotRows(a, b, k: k, n: n)
    }
    return product(a, transpose(b, rows: n, columns: k), m: m, k: k, n: n)
  }

  /// The transpose of a `rows×columns` matrix.
  static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
    var t = [Double](repeating: 0, count: rows * columns)
    a.withUnsafeBufferPointer { a in
      t.withUnsafeMutableBufferPointer { t in
        for i in 0..<rows {
          for j in 0..<columns { t[j * rows + i] = a[i * columns + j] }
        }
      }
    }
    return t
  }

  /// `cⱼ = Σₚ a[p] b[j, p]`, summed with four interleaved accumulators.
  private static func dotRows(_ a: [Double], _ b: [Double], k: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: n)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        for j in 0..<n {
          let row = j * k
          var s0 = 0.0
          var s1 = 0.0
          var s2 = 0.0
          var s3 = 0.0
          var p = 0
          while p + 4 <= k {
            s0 += a[p] * b[row + p]
            s1 += a[p + 1] * b[row + p + 1]
            s2 += a[p + 2] * b[row + p + 2]
            s3 += a[p + 3] * b[row + p + 3]
            p += 4
          }
          while p < k {
            s0 += a[p] * b[row + p]
            p += 1
          }
          c[j] = (s0 + s1) + (s2 + s3)
        }
      }
    }
    return c
  }
}
