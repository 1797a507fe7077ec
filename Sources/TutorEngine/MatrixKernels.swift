/// Dense matrix-product loops over row-major buffers.
///
/// Each loop keeps its innermost index contiguous so the compiler can
/// vectorise it, and sums in a fixed order so results are bit-identical from
/// run to run. Zero entries of the left factor are skipped (ReLU activations
/// are often half zeros), so `0 · ∞` contributes 0 there rather than NaN;
/// lesson values are checked for finiteness separately.
enum MatrixKernels {
  /// `C = A B` for `A: m×k`, `B: k×n`.
  static func product(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
          for i in 0..<m {
            let row = c + i * n
            for p in 0..<k {
              let scale = a[i * k + p]
              if scale == 0 { continue }
              let source = b + p * n
              for j in 0..<n { row[j] += scale * source[j] }
            }
          }
        }
      }
    }
    return c
  }

  /// `C = Aᵀ B` for `A: k×m`, `B: k×n`, without forming `Aᵀ`.
  static func transposedProduct(_ a: [Double], _ b: [Double], k: Int, m: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeMutableBufferPointer { c in
          guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
          for p in 0..<k {
            let source = b + p * n
            for i in 0..<m {
              let scale = a[p * m + i]
              if scale == 0 { continue }
              let row = c + i * n
              for j in 0..<n { row[j] += scale * source[j] }
            }
          }
        }
      }
    }
    return c
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
