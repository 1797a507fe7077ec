import CKernels

/// Dense matrix products over row-major buffers, computed by the C kernels in
/// `CKernels`: register-blocked micro-tiles with fused multiply-add, the
/// instruction set (AVX-512, AVX2, or the portable baseline) chosen at run time.
///
/// Sums run in an order fixed by the shapes and the path, so one machine gives
/// bit-identical results from run to run. Different paths round differently
/// (fused multiply-add rounds once), within about 1e-15 of the sum's scale.
enum MatrixKernels {
  /// The instruction-set path of the kernels.
  enum Path: Int32, CaseIterable, Sendable {
    /// SSE2 and no fused multiply-add: runs on any x86-64 CPU.
    case baseline = 0
    /// AVX2 with fused multiply-add (x86-64-v3).
    case avx2 = 3
    /// AVX-512 with fused multiply-add (x86-64-v4).
    case avx512 = 4

    /// The best path this CPU supports (capped by `BPTUTOR_KERNELS` when set).
    static var best: Path { Path(rawValue: ck_best_level()) ?? .baseline }

    /// The path actually taken when this one is asked for: the same, or the best supported.
    var resolved: Path { Path(rawValue: ck_resolve_level(rawValue)) ?? .baseline }
  }

  /// `C = A B` for `A: m×k`, `B: k×n`.
  static func product(
    _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, path: Path? = nil
  ) -> [Double] {
    gemm(
      a, rowStride: k, columnStride: 1, b, rowStride: n, columnStride: 1, m: m, k: k, n: n,
      path: path)
  }

  /// `C = Aᵀ B` for `A: k×m`, `B: k×n`, without forming `Aᵀ`.
  static func transposedProduct(
    _ a: [Double], _ b: [Double], k: Int, m: Int, n: Int, path: Path? = nil
  ) -> [Double] {
    gemm(
      a, rowStride: 1, columnStride: m, b, rowStride: n, columnStride: 1, m: m, k: k, n: n,
      path: path)
  }

  /// `C = A Bᵀ` for `A: m×k`, `B: n×k`, without forming `Bᵀ`.
  static func productTransposed(
    _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, path: Path? = nil
  ) -> [Double] {
    gemm(
      a, rowStride: k, columnStride: 1, b, rowStride: 1, columnStride: k, m: m, k: k, n: n,
      path: path)
  }

  /// `C = op(A) op(B)` into a new `m×n` buffer, the operands given by strides.
  private static func gemm(
    _ a: [Double], rowStride rsA: Int, columnStride csA: Int,
    _ b: [Double], rowStride rsB: Int, columnStride csB: Int,
    m: Int, k: Int, n: Int, path: Path?
  ) -> [Double] {
    precondition(a.count >= m * k && b.count >= k * n, "matrix product operands too short")
    return [Double](unsafeUninitializedCapacity: m * n) { c, initialized in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          ck_dgemm(
            path?.rawValue ?? -1, m, n, k, a.baseAddress, rsA, csA, b.baseAddress, rsB, csB,
            c.baseAddress, n, 1, 0)
        }
      }
      initialized = m * n
    }
  }

  /// `C (+)= op(A) op(B)` on raw row-major buffers: `c` is `m×n` and is overwritten
  /// unless `accumulate`. `transposeA` reads `a` as the `k×m` matrix `Aᵀ`, and
  /// `transposeB` reads `b` as the `n×k` matrix `Bᵀ`. `path`: the best when nil.
  static func gemm(
    _ a: UnsafePointer<Double>, transposeA: Bool, _ b: UnsafePointer<Double>, transposeB: Bool,
    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int, accumulate: Bool,
    path: Path? = nil
  ) {
    ck_dgemm(
      path?.rawValue ?? -1, m, n, k, a, transposeA ? 1 : k, transposeA ? m : 1, b,
      transposeB ? 1 : n, transposeB ? k : 1, c, n, 1, accumulate ? 1 : 0)
  }

  /// The transpose of a `rows×columns` matrix.
  static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
    [Double](unsafeUninitializedCapacity: rows * columns) { t, initialized in
      a.withUnsafeBufferPointer { a in
        for i in 0..<rows {
          for j in 0..<columns {
            (t.baseAddress! + j * rows + i).initialize(to: a[i * columns + j])
          }
        }
      }
      initialized = rows * columns
    }
  }
}

/// Facts about how this build of the engine runs, for benchmarks and bug reports.
public enum EngineBuild {
  /// The matrix-kernel path chosen on this CPU: `avx512`, `avx2` or `baseline`
  /// (`BPTUTOR_KERNELS=baseline|avx2` in the environment lowers it).
  public static var matrixKernels: String { "\(MatrixKernels.Path.best)" }

  /// The calling core's float64 fused multiply-add peak in GFLOP/s, measured on the path
  /// the kernels take (the best of short trials over about `seconds`).
  public static func fmaPeakGFLOPS(seconds: Double = 0.3) -> Double {
    ck_fma_peak_gflops(-1, seconds)
  }

  /// The fastest of `repeats` runs of one `m×k · k×n` product (row-major, fixed random
  /// operands; with `transposeA`, `A` stored as its `k×m` transpose, as a weight gradient
  /// `Xᵀ G` reads it) through the engine's kernel, in seconds: a figure for the benchmark.
  /// The result is written to a 64-byte aligned buffer, as in a training plan's arena.
  public static func productSeconds(
    m: Int, k: Int, n: Int, transposeA: Bool = false, repeats: Int
  ) -> Double {
    var random = SeededGenerator(seed: 11)
    let a = (0..<(m * k)).map { _ in random.nextUnit() }
    let b = (0..<(k * n)).map { _ in random.nextUnit() }
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: max(m * n, 1) * MemoryLayout<Double>.stride, alignment: 64)
    defer { raw.deallocate() }
    let c = raw.initializeMemory(as: Double.self, repeating: 0, count: max(m * n, 1))
    var best = Double.infinity
    for _ in 0..<repeats {
      let start = ContinuousClock.now
      MatrixKernels.gemm(
        a, transposeA: transposeA, b, transposeB: false, into: c, m: m, k: k, n: n,
        accumulate: false)
      let elapsed = ContinuousClock.now - start
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      best = min(best, seconds)
    }
    return best
  }
}
