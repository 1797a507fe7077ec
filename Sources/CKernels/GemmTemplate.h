// One build of the GEMM, included by Kernels.c once per instruction set with
// CK_SUFFIX (name suffix), CK_VW (doubles per vector register), CK_MR (rows of
// a micro-tile), CK_NV (vectors across a micro-tile) and CK_FMA defined.
//
// The loops follow the BLIS papers: C is cut into CK_MR × CK_NR micro-tiles
// whose sums stay in registers for a block of CK_KC steps of k; a row of B's
// micro-panel is loaded as CK_NV vectors and each entry of A's column is
// broadcast against it. An operand whose rows are already contiguous is read
// in place; otherwise its block is packed into contiguous panels first. Of C
// and Cᵀ = BᵀAᵀ, the product with less packing and padding is the one computed.

#define CK_CAT2(a, b) a##_##b
#define CK_CAT(a, b) CK_CAT2(a, b)
#define CK_FN(name) CK_CAT(name, CK_SUFFIX)
#define CK_V CK_FN(ck_v)
#define CK_VU CK_FN(ck_vu)
#define CK_NR (CK_VW * CK_NV)
#define CK_KC 256
#define CK_MC (CK_MR * 24)
#define CK_NC (CK_NR * 128)
// Rows of B ahead of the one in use to prefetch: B read in place has rows far apart,
// each in its own page, where the hardware prefetcher does not follow.
#define CK_PFD 8
// Doubles in a result large enough to write past the caches (2 MiB, twice L2): its lines
// would leave L2 before anyone reads them again, and streaming saves reading each line
// before it is overwritten (the MLP's 700×700 weight gradients: 0.70 → 0.61 ms each).
#define CK_STREAM (256.0 * 1024)
// Doubles in an operand small enough to stay in L1 whole (half of it).
#define CK_SMALL 2048

typedef double CK_V __attribute__((vector_size(CK_VW * 8)));
typedef double CK_VU __attribute__((vector_size(CK_VW * 8), aligned(8)));

#if CK_VW == 8
/// One cache line of C, 64-byte aligned, written past the caches in one store. (A line
/// written as two 32-byte halves, the first kept from the previous tile, measured 6×
/// slower with AVX-512 and 17× with AVX2: its halves were not combined.)
static inline __attribute__((always_inline)) void CK_FN(ck_stream_line)(double *line, ck_v4 lo,
                                                                       ck_v4 hi) {
  __builtin_nontemporal_store(__builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7),
                              (CK_V *)line);
}

/// One row of a tile, `halves` groups of 4 entries, streamed in whole lines (see ck_tile).
static inline __attribute__((always_inline)) void CK_FN(ck_stream_row)(
    double *row, const ck_v4 *h, const int halves, ck_v4 *kept, const int ends) {
  if (((unsigned long)row & 63) == 0) {
#pragma clang loop unroll(full)
    for (int q = 0; q + 1 < halves; q += 2) CK_FN(ck_stream_line)(row + 4 * q, h[q], h[q + 1]);
    if (halves % 2 == 1) {
      if (ends & 2) __builtin_nontemporal_store(h[halves - 1], (ck_v4 *)(row + 4 * halves - 4));
      else *kept = h[halves - 1];
    }
  } else {
    if (ends & 1) __builtin_nontemporal_store(h[0], (ck_v4 *)row);
    else CK_FN(ck_stream_line)(row - 4, *kept, h[0]);
#pragma clang loop unroll(full)
    for (int q = 1; q + 1 < halves; q += 2) CK_FN(ck_stream_line)(row + 4 * q, h[q], h[q + 1]);
    if (halves % 2 == 0) {
      if (ends & 2) __builtin_nontemporal_store(h[halves - 1], (ck_v4 *)(row + 4 * halves - 4));
      else *kept = h[halves - 1];
    }
  }
}
#endif

/// One micro-tile: C[0..<mr, 0..<nvalid] (+)= A[0..<mr, 0..<kc] · B[0..<kc, 0..<CK_NR].
/// B's rows are `ldb` apart and hold CK_NR readable entries (zero beyond nvalid). `add`: 0
/// writes C, 1 adds into it, 2 streams it past the caches (rows 32-byte aligned). With
/// AVX-512, in whole cache lines (nvalid a multiple of 4): a row that starts half-way into
/// a line keeps its last half (4 entries) in `stash` + 4·i, and the next tile of the row
/// writes it with its own first half; `ends` bit 0: no tile of these rows before this one
/// (nothing stashed), bit 1: none after it (the last half is written alone). With AVX2, 32
/// bytes at a time, whole vectors only (the rest as 0).
/// Each k step also prefetches `pfl` lines from row p of `pf` (`ldpf` apart) into L2; a
/// negative `pfl` prefetches nothing (B's micro-panel was read for the band before).
static inline __attribute__((always_inline)) void CK_FN(ck_tile)(
    const int mr, const int nv, const long kc, const double *restrict a, const long rs_a, const long cs_a,
    const double *restrict b, const long ldb, double *restrict c, const long rs_c,
    const long cs_c, const int nvalid, const int add, const double *pf, const long ldpf,
    const int pfl, double *restrict stash, const int ends) {
  CK_V acc[CK_MR][CK_NV];
#pragma clang loop unroll(full)
  for (int i = 0; i < CK_MR; i++)
#pragma clang loop unroll(full)
    for (int v = 0; v < CK_NV; v++) acc[i][v] = (CK_V){0};
  for (long p = 0; p < kc; p++) {
    CK_V bv[CK_NV];
    if (pfl >= 0) {
      const double *ahead = b + (p + CK_PFD) * ldb;
#pragma clang loop unroll(full)
      for (int line = 0; line < CK_NR; line += 8) __builtin_prefetch(ahead + line);
      __builtin_prefetch(ahead + CK_NR - 1);
      // The next micro-panel of B, a line or more of each of its rows, into L2.
      __builtin_prefetch(pf + p * ldpf, 0, 2);
      if (pfl > 1) __builtin_prefetch(pf + p * ldpf + 8, 0, 2);
      if (pfl > 2) __builtin_prefetch(pf + p * ldpf + 16, 0, 2);
      if (pfl > 3) __builtin_prefetch(pf + p * ldpf + 24, 0, 2);
    }
#pragma clang loop unroll(full)
    for (int v = 0; v < nv; v++) bv[v] = *(const CK_VU *)(b + p * ldb + v * CK_VW);
#pragma clang loop unroll(full)
    for (int i = 0; i < mr; i++) {
      const double s = a[i * rs_a + p * cs_a];
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++) acc[i][v] += bv[v] * s;
    }
  }
#if CK_VW == 8
  if (add == 2) {
    // Streamed in whole lines: a line written in parts waits in a write-combining buffer
    // for its other part, and one flushed half full costs a read of the line in memory.
    // The tile's width in halves: a constant for a whole tile, so the rows stay in registers.
#pragma clang loop unroll(full)
    for (int i = 0; i < mr; i++) {
      ck_v4 h[CK_NV * CK_VW / 4];
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++)
#pragma clang loop unroll(full)
        for (int q = 0; q < CK_VW / 4; q++)
          h[v * (CK_VW / 4) + q] = (ck_v4){acc[i][v][4 * q], acc[i][v][4 * q + 1],
                                           acc[i][v][4 * q + 2], acc[i][v][4 * q + 3]};
      ck_v4 *kept = (ck_v4 *)(stash + 4 * i);
      if (nvalid == nv * CK_VW) {
        CK_FN(ck_stream_row)(c + i * rs_c, h, nv * CK_VW / 4, kept, ends);
      } else {
        // A ragged last tile: its width, a multiple of 4, in halves.
        double *row = c + i * rs_c;
        switch (nvalid / 4) {
        case 1: CK_FN(ck_stream_row)(row, h, 1, kept, ends); break;
#if CK_NV * CK_VW > 8
        case 2: CK_FN(ck_stream_row)(row, h, 2, kept, ends); break;
        case 3: CK_FN(ck_stream_row)(row, h, 3, kept, ends); break;
#endif
#if CK_NV * CK_VW > 16
        case 4: CK_FN(ck_stream_row)(row, h, 4, kept, ends); break;
        case 5: CK_FN(ck_stream_row)(row, h, 5, kept, ends); break;
#endif
        default: break;
        }
      }
    }
    return;
  }
#endif
  if (cs_c == 1 && nvalid == nv * CK_VW) {
#pragma clang loop unroll(full)
    for (int i = 0; i < mr; i++)
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++) {
        CK_VU *q = (CK_VU *)(c + i * rs_c + v * CK_VW);
        if (add == 1) {
          *q += acc[i][v];
        } else if (add == 2) {
          // Streamed past the caches, 32 bytes at a time (rows need only be 32-byte aligned).
#pragma clang loop unroll(full)
          for (int h = 0; h < CK_VW / 4; h++) {
            const ck_v4 half = {acc[i][v][4 * h], acc[i][v][4 * h + 1], acc[i][v][4 * h + 2],
                                acc[i][v][4 * h + 3]};
            __builtin_nontemporal_store(half, (ck_v4 *)(c + i * rs_c + v * CK_VW + 4 * h));
          }
        } else {
          *q = acc[i][v];
        }
      }
  }
#if CK_VW == 8 && CK_MR == 8
  else if (mr == 8 && rs_c == 1) {
    // C's columns are contiguous (C is a transpose, as in W·Gᵀ for ∂h = G·Wᵀ): each vector
    // of 8 columns of the tile is transposed in registers, and each column stored whole.
#pragma clang loop unroll(full)
    for (int v = 0; v < nv; v++) {
      const CK_V t0 = __builtin_shufflevector(acc[0][v], acc[1][v], 0, 8, 2, 10, 4, 12, 6, 14);
      const CK_V t1 = __builtin_shufflevector(acc[0][v], acc[1][v], 1, 9, 3, 11, 5, 13, 7, 15);
      const CK_V t2 = __builtin_shufflevector(acc[2][v], acc[3][v], 0, 8, 2, 10, 4, 12, 6, 14);
      const CK_V t3 = __builtin_shufflevector(acc[2][v], acc[3][v], 1, 9, 3, 11, 5, 13, 7, 15);
      const CK_V t4 = __builtin_shufflevector(acc[4][v], acc[5][v], 0, 8, 2, 10, 4, 12, 6, 14);
      const CK_V t5 = __builtin_shufflevector(acc[4][v], acc[5][v], 1, 9, 3, 11, 5, 13, 7, 15);
      const CK_V t6 = __builtin_shufflevector(acc[6][v], acc[7][v], 0, 8, 2, 10, 4, 12, 6, 14);
      const CK_V t7 = __builtin_shufflevector(acc[6][v], acc[7][v], 1, 9, 3, 11, 5, 13, 7, 15);
      const CK_V u0 = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
      const CK_V u2 = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
      const CK_V u1 = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
      const CK_V u3 = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
      const CK_V u4 = __builtin_shufflevector(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
      const CK_V u6 = __builtin_shufflevector(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
      const CK_V u5 = __builtin_shufflevector(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
      const CK_V u7 = __builtin_shufflevector(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
      const CK_V col[8] = {
          __builtin_shufflevector(u0, u4, 0, 1, 2, 3, 8, 9, 10, 11),
          __builtin_shufflevector(u1, u5, 0, 1, 2, 3, 8, 9, 10, 11),
          __builtin_shufflevector(u2, u6, 0, 1, 2, 3, 8, 9, 10, 11),
          __builtin_shufflevector(u3, u7, 0, 1, 2, 3, 8, 9, 10, 11),
          __builtin_shufflevector(u0, u4, 4, 5, 6, 7, 12, 13, 14, 15),
          __builtin_shufflevector(u1, u5, 4, 5, 6, 7, 12, 13, 14, 15),
          __builtin_shufflevector(u2, u6, 4, 5, 6, 7, 12, 13, 14, 15),
          __builtin_shufflevector(u3, u7, 4, 5, 6, 7, 12, 13, 14, 15),
      };
#pragma clang loop unroll(full)
      for (int jj = 0; jj < 8; jj++) {
        if (v * 8 + jj >= nvalid) break;
        CK_VU *q = (CK_VU *)(c + (v * 8 + jj) * cs_c);
        if (add == 1) *q += col[jj];
        else *q = col[jj];
      }
    }
  }
#endif
  else {
    double t[CK_MR][CK_NR] __attribute__((aligned(64)));
#pragma clang loop unroll(full)
    for (int i = 0; i < mr; i++)
#pragma clang loop unroll(full)
      for (int v = 0; v < nv; v++) *(CK_V *)&t[i][v * CK_VW] = acc[i][v];
    for (int i = 0; i < mr; i++)
      for (int j = 0; j < nvalid; j++) {
        double *q = c + i * rs_c + j * cs_c;
        *q = add == 1 ? *q + t[i][j] : t[i][j];
      }
  }
}

#define CK_TILE_CASE(r, NV)                                                                  \
  case r:                                                                                  \
    if (direct == 1)                                                                       \
      CK_FN(ck_tile)(r, NV, kc, a, lda, 1, b, ldb, c, rs_c, cs_c, nvalid, add, pf, ldpf, pfl, stash, ends); \
    else if (direct == 2)                                                                  \
      CK_FN(ck_tile)(r, NV, kc, a, 1, lda, b, ldb, c, rs_c, cs_c, nvalid, add, pf, ldpf, pfl, stash, ends); \
    else                                                                                   \
      CK_FN(ck_tile)(r, NV, kc, a, 1, CK_MR, b, ldb, c, rs_c, cs_c, nvalid, add, pf, ldpf, pfl, stash, ends); \
    return;

/// A micro-tile of any height up to CK_MR and NV vectors wide, with A read in place
/// (`direct` 1: row i at a + i·lda, contiguous; 2: column p at a + p·lda, contiguous) or
/// from a packed panel (`direct` 0: column p at a + p·CK_MR). With AVX-512 inlined into the
/// block loop: a call passed 17 arguments (11 on the stack) for every tile, about 1% of the
/// MLP's b32 step (its rank-32 updates have a tile every 768 multiply-adds), for about four
/// more minutes of compiling this file in a release build. The AVX2 build keeps the call:
/// inlined, its first-layer product ran 7% slower (2.87 → 3.10 ms).
#if CK_VW == 8
#define CK_TILE_LINKAGE static inline __attribute__((always_inline))
#else
#define CK_TILE_LINKAGE static
#endif
#define CK_TILE_ANY(NAME, NV)                                                              \
  CK_TILE_LINKAGE void NAME(                                                               \
      int mr, int direct, long kc, const double *a, long lda, const double *b, long ldb,   \
      double *c, long rs_c, long cs_c, int nvalid, int add, const double *pf, long ldpf,   \
      int pfl, double *stash, int ends) {                                                  \
    switch (mr) { CK_TILE_CASES(NV) }                                                       \
  }
#define CK_TILE_CASES_LOW(NV) \
  CK_TILE_CASE(4, NV) CK_TILE_CASE(3, NV) CK_TILE_CASE(2, NV) CK_TILE_CASE(1, NV) default: return;
#if CK_MR == 8
#define CK_TILE_CASES(NV) \
  CK_TILE_CASE(8, NV) CK_TILE_CASE(7, NV) CK_TILE_CASE(6, NV) CK_TILE_CASE(5, NV) CK_TILE_CASES_LOW(NV)
#elif CK_MR == 6
#define CK_TILE_CASES(NV) CK_TILE_CASE(6, NV) CK_TILE_CASE(5, NV) CK_TILE_CASES_LOW(NV)
#elif CK_MR == 4
#define CK_TILE_CASES(NV) CK_TILE_CASES_LOW(NV)
#else
#error "CK_MR must be 4, 6 or 8"
#endif
CK_TILE_ANY(CK_FN(ck_tile_any), CK_NV)
#if CK_NV >= 2
CK_TILE_ANY(CK_FN(ck_tile_1), 1)
#endif
#if CK_NV >= 3
CK_TILE_ANY(CK_FN(ck_tile_2), 2)
#endif
#undef CK_TILE_ANY
#undef CK_TILE_LINKAGE
#undef CK_TILE_CASES
#undef CK_TILE_CASES_LOW
#undef CK_TILE_CASE


/// The k entries v[p·stride] as a contiguous vector: v itself when stride is 1, else
/// gathered into scratch buffer 3.
static const double *CK_FN(ck_gathered)(const double *v, long stride, long k) {
  if (stride == 1) return v;
  double *gathered = ck_scratch(3, (size_t)k);
  for (long p = 0; p < k; p++) gathered[p] = v[p * stride];
  return gathered;
}

/// y[i·rs_y] (+)= Σₚ a[i·rs_a + p] x[p] for i < m: dot products of contiguous rows
/// with a contiguous vector, four rows at a time, two vector sums per row.
static void CK_FN(ck_gemv)(long m, long k, const double *restrict a, long rs_a,
                           const double *restrict x, double *restrict y, long rs_y,
                           int add) {
  const long kv = k - k % (2 * CK_VW);
  long i = 0;
  for (; i < m; i += 4) {
    const int rows = (int)CK_MIN(4, m - i);
    CK_V s[4][2];
    double tail[4] = {0, 0, 0, 0};
#pragma clang loop unroll(full)
    for (int r = 0; r < 4; r++) s[r][0] = s[r][1] = (CK_V){0};
    const double *row[4];
#pragma clang loop unroll(full)
    for (int r = 0; r < 4; r++) row[r] = a + (i + CK_MIN(r, rows - 1)) * rs_a;
    for (long p = 0; p < kv; p += 2 * CK_VW) {
      const CK_V x0 = *(const CK_VU *)(x + p), x1 = *(const CK_VU *)(x + p + CK_VW);
#pragma clang loop unroll(full)
      for (int r = 0; r < 4; r++) {
        s[r][0] += *(const CK_VU *)(row[r] + p) * x0;
        s[r][1] += *(const CK_VU *)(row[r] + p + CK_VW) * x1;
      }
    }
    for (long p = kv; p < k; p++)
#pragma clang loop unroll(full)
      for (int r = 0; r < 4; r++) tail[r] += row[r][p] * x[p];
    for (int r = 0; r < rows; r++) {
      const CK_V v = s[r][0] + s[r][1];
      double total = 0;
      for (int l = 0; l < CK_VW; l++) total += v[l];
      total += tail[r];
      double *q = y + (i + r) * rs_y;
      *q = add ? *q + total : total;
    }
  }
}

/// y[j·cs_y] (+)= Σₚ x[p·cs_x] b[p·rs_b + j] for j < n: a row vector times a matrix whose
/// rows are contiguous, streaming eight rows of B at a time into sums kept in L1.
static void CK_FN(ck_gevm)(long n, long k, const double *restrict x, long cs_x,
                           const double *restrict b, long rs_b, double *restrict y, long cs_y,
                           int add) {
  enum { chunk = 2048, rows = 8 };
  double sums[chunk] __attribute__((aligned(64)));
  for (long j0 = 0; j0 < n; j0 += chunk) {
    const long width = CK_MIN(chunk, n - j0), wv = width - width % CK_VW;
    for (long j = 0; j < width; j++) sums[j] = 0;
    long p = 0;
    for (; p + rows <= k; p += rows) {
      double xs[rows];
      const double *bs[rows];
#pragma clang loop unroll(full)
      for (int r = 0; r < rows; r++) {
        xs[r] = x[(p + r) * cs_x];
        bs[r] = b + (p + r) * rs_b + j0;
      }
      long j = 0;
      for (; j < wv; j += CK_VW) {
        CK_V s0 = *(const CK_VU *)(bs[0] + j) * xs[0], s1 = *(const CK_VU *)(bs[1] + j) * xs[1];
#pragma clang loop unroll(full)
        for (int r = 2; r < rows; r += 2) {
          s0 += *(const CK_VU *)(bs[r] + j) * xs[r];
          s1 += *(const CK_VU *)(bs[r + 1] + j) * xs[r + 1];
        }
        *(CK_V *)(sums + j) += s0 + s1;
      }
      for (; j < width; j++) {
        double s0 = bs[0][j] * xs[0], s1 = bs[1][j] * xs[1];
        for (int r = 2; r < rows; r += 2) {
          s0 += bs[r][j] * xs[r];
          s1 += bs[r + 1][j] * xs[r + 1];
        }
        sums[j] += s0 + s1;
      }
    }
    for (; p < k; p++) {
      const double xp = x[p * cs_x];
      const double *bp = b + p * rs_b + j0;
      for (long j = 0; j < width; j++) sums[j] += bp[j] * xp;
    }
    for (long j = 0; j < width; j++) {
      double *q = y + (j0 + j) * cs_y;
      *q = add ? *q + sums[j] : sums[j];
    }
  }
}

/// The blocked product for one orientation; see ck_dgemm.
static void CK_FN(ck_blocked)(long m, long n, long k, const double *a, long rs_a, long cs_a,
                              const double *b, long rs_b, long cs_b, double *c, long rs_c,
                              long cs_c, int accumulate) {
  // Operands whose rows are contiguous are read in place: packing them measured slower.
  // A small transpose (columns contiguous, all of it in L1) is read in place too: a
  // micro-tile's column of A is then one contiguous run, as in a packed panel.
  const int a_direct = cs_a == 1 ? 1 : (rs_a == 1 && m * k <= CK_SMALL ? 2 : 0);
  const int b_direct = cs_b == 1;
  // B's rows read in place start off a cache-line boundary (all of them or every other).
  const int misaligned_b = b_direct && (rs_b % 8 != 0 || ((unsigned long)b & 63) != 0);
  const long lda = a_direct == 2 ? cs_a : rs_a;
  const int stream = CK_VW >= 4 && !accumulate && k <= CK_KC && cs_c == 1 && rs_c % 4 == 0 &&
                     (CK_VW == 4 || n % 4 == 0) && ((unsigned long)c & 31) == 0 &&
                     (double)m * (double)n >= CK_STREAM;
  // Panels CK_NR wide; but a narrow C whose last panel would be one vector wide is cut
  // into panels of two vectors (32 = 16 + 16, not 24 + 8: a one-vector tile has too few
  // sums to hide the loads of A).
  const long pw = CK_NV == 3 && n <= 2 * CK_NR && n % CK_NR != 0 && n % CK_NR <= CK_VW
                      ? 2 * CK_VW
                      : CK_NR;
  // The last half line of each row of a block of rows, between two tiles (see ck_tile).
  double stash[CK_MC * 4] __attribute__((aligned(32)));
  for (long jc = 0; jc < n; jc += CK_NC) {
    const long nc = CK_MIN(CK_NC, n - jc);
    const long panels = (nc + pw - 1) / pw;
    for (long pc = 0; pc < k; pc += CK_KC) {
      const long kc = CK_MIN(CK_KC, k - pc);
      // A result far larger than the caches, written once (one block of k): its tiles are
      // streamed to memory, saving the read of every line before it is overwritten.
      const int add = accumulate || pc > 0 ? 1 : (stream ? 2 : 0);
      double *packed_b = 0, *edge = 0;
      if (!b_direct) {
        packed_b = ck_scratch(1, (size_t)(panels * CK_NR * kc));
        for (long jp = 0; jp < panels; jp++) {
          double *panel = packed_b + jp * kc * CK_NR;
          const long j0 = jc + jp * pw, width = CK_MIN(pw, n - j0);
          // The tile reads only the vectors that hold the panel's columns: no zeros past them.
          const long used = (width + CK_VW - 1) / CK_VW * CK_VW;
          // Column by column, each entry on its own: vectorised, these loops became
          // scatters (slow on Zen 4; the two moons' G·W2ᵀ packs W2ᵀ every step).
          for (long j = 0; j < used; j++) {
            if (j < width) {
              const double *src = b + pc * rs_b + (j0 + j) * cs_b;
#pragma clang loop vectorize(disable)
              for (long p = 0; p < kc; p++) panel[p * CK_NR + j] = src[p * rs_b];
            } else {
#pragma clang loop vectorize(disable)
              for (long p = 0; p < kc; p++) panel[p * CK_NR + j] = 0;
            }
          }
        }
      } else if (nc % pw % CK_VW != 0) {
        // Only a last panel that ends inside a vector needs a zero-padded copy; one that
        // ends on a vector boundary is read in place with fewer vectors.
        edge = ck_scratch(2, (size_t)(kc * CK_NR));
        const long j0 = jc + (panels - 1) * pw, width = nc % pw;
        for (long p = 0; p < kc; p++) {
          const double *src = b + (pc + p) * rs_b + j0;
          for (long j = 0; j < CK_NR; j++) edge[p * CK_NR + j] = j < width ? src[j] : 0;
        }
      }
      for (long ic = 0; ic < m; ic += CK_MC) {
        const long mc = CK_MIN(CK_MC, m - ic);
        // Bands of CK_MR rows; but a last band of fewer than half as many shares the rows of
        // the two last bands evenly (32 rows with 6-row tiles: 6, 6, 6, 6, 4, 4, not …, 6, 2):
        // a tile of one or two rows has too few sums to hide the multiply-adds' latency.
        const long bands = (mc + CK_MR - 1) / CK_MR, rem = mc % CK_MR;
        const int split = bands >= 2 && rem > 0 && rem < CK_MR / 2;
#define CK_BAND_START(q) \
  (split && (q) == bands - 1 ? (bands - 2) * CK_MR + (CK_MR + rem + 1) / 2 : (q) * CK_MR)
#define CK_BAND_ROWS(q)                                                                      \
  (split && (q) >= bands - 2 ? ((q) == bands - 2 ? (CK_MR + rem + 1) / 2 : (CK_MR + rem) / 2) \
                             : CK_MIN(CK_MR, mc - (q) * CK_MR))
        double *packed_a = 0;
        if (!a_direct) {
          packed_a = ck_scratch(0, (size_t)(bands * CK_MR * kc));
          for (long q = 0; q < bands; q++) {
            const long ir = CK_BAND_START(q);
            double *panel = packed_a + q * kc * CK_MR;
            const long rows = CK_BAND_ROWS(q);
            if (rs_a == 1) {
              // Columns of A are contiguous (A is a transpose): copy a column at a time.
              if (rows == CK_MR) {
                // A whole band: each column is one copy of CK_MR contiguous entries.
                for (long p = 0; p < kc; p++)
                  __builtin_memcpy(panel + p * CK_MR, a + (ic + ir) + (pc + p) * cs_a,
                                   CK_MR * sizeof(double));
              } else {
                for (long p = 0; p < kc; p++) {
                  const double *src = a + (ic + ir) + (pc + p) * cs_a;
                  for (long i = 0; i < rows; i++) panel[p * CK_MR + i] = src[i];
                }
              }
            } else {
              for (long i = 0; i < rows; i++) {
                const double *src = a + (ic + ir + i) * rs_a + pc * cs_a;
#pragma clang loop vectorize(disable)
                for (long p = 0; p < kc; p++) panel[p * CK_MR + i] = src[p * cs_a];
              }
            }
          }
        }
        // With a short k, C's traffic dominates: walk each band of CK_MR rows across all
        // panels so C is written row after row. Otherwise keep B's micro-panel in L1 while
        // it meets every band of A (BLIS's order).
        const int rows_outer = kc <= 64;
        for (long outer = 0; outer < (rows_outer ? bands : panels); outer++) {
          for (long inner = 0; inner < (rows_outer ? panels : bands); inner++) {
            const long jp = rows_outer ? inner : outer, band = rows_outer ? outer : inner;
            const long ir = CK_BAND_START(band);
            const long j0 = jc + jp * pw;
            const int nvalid = (int)CK_MIN(pw, n - j0);
            const double *panel_b;
            long ldb;
            if (packed_b) {
              panel_b = packed_b + jp * kc * CK_NR;
              ldb = CK_NR;
            } else if (nvalid % CK_VW != 0) {
              panel_b = edge;
              ldb = CK_NR;
            } else {
              panel_b = b + pc * rs_b + j0;
              ldb = rs_b;
            }
            const int mr = (int)CK_BAND_ROWS(band);
            const int ends = (j0 == jc ? 1 : 0) | (j0 + nvalid == jc + nc ? 2 : 0);
            const double *panel_a =
                packed_a ? packed_a + band * kc * CK_MR
                         : (a_direct == 2 ? a + (ic + ir) + pc * cs_a : a + (ic + ir) * rs_a + pc);
            double *tile_c = c + (ic + ir) * rs_c + j0 * cs_c;
            // A ragged last panel uses only the vectors it needs.
            const int nv = (nvalid + CK_VW - 1) / CK_VW;
            // While the bands after the first meet this micro-panel (from L1 and L2), the
            // next one read in place is fetched into L2, spread over those bands, so the
            // first band does not wait for memory. Otherwise the tile prefetches its own row.
            const double *pf = panel_b;
            long ldpf = ldb;
            // With a short k, a band after the first finds B's micro-panels in L1 or L2 (all
            // of B was just read): prefetching it measured 1–1.5% slower.
            int pfl = rows_outer && outer > 0 ? -1 : 1;
            if (!rows_outer && !packed_b && bands > 1 && inner > 0) {
              const long nj = jp + 1 < panels ? jc + (jp + 1) * pw : jc;
              const long np = jp + 1 < panels ? pc : pc + kc;
              if (np < k && nj < n) {
                // Rows that do not start on a cache line span one line more.
                const long width = CK_MIN(pw, n - nj);
                const long lines = (width + 7) / 8 + (misaligned_b && width > 1);
                const long share = (lines + bands - 2) / (bands - 1);
                const long first = (inner - 1) * share;
                if (first < lines) {
                  pf = b + np * rs_b + nj + CK_MIN(first * 8, width - 1);
                  ldpf = rs_b;
                  pfl = (int)CK_MIN(share, lines - first);
                }
              }
            }
#if CK_NV >= 3
            if (nv == 2)
              CK_FN(ck_tile_2)(mr, a_direct, kc, panel_a, lda, panel_b, ldb, tile_c, rs_c,
                               cs_c, nvalid, add, pf, ldpf, pfl, stash + 4 * ir, ends);
            else
#endif
#if CK_NV >= 2
            if (nv == 1)
              CK_FN(ck_tile_1)(mr, a_direct, kc, panel_a, lda, panel_b, ldb, tile_c, rs_c,
                               cs_c, nvalid, add, pf, ldpf, pfl, stash + 4 * ir, ends);
            else
#endif
              CK_FN(ck_tile_any)(mr, a_direct, kc, panel_a, lda, panel_b, ldb, tile_c, rs_c,
                                 cs_c, nvalid, add, pf, ldpf, pfl, stash + 4 * ir, ends);
          }
        }
      }
    }
  }
#undef CK_BAND_START
#undef CK_BAND_ROWS
#if defined(__x86_64__)
  // Streaming stores are weakly ordered: make them visible before C is read.
  if (stream) __builtin_ia32_sfence();
#endif
}


/// A rough cost, in cycles, of computing this orientation with ck_blocked.
static double CK_FN(ck_cost)(long m, long n, long k, long rs_a, long cs_a, long cs_b,
                             long cs_c) {
  const double rows = (double)((m + CK_MR - 1) / CK_MR * CK_MR);
  const double cols = (double)((n + CK_VW - 1) / CK_VW * CK_VW);
  double cost = rows * cols * (double)k / (2.0 * CK_VW);
  // Packing gathers with a stride: a few cycles an entry (measured against the
  // flipped product on the MLP's C = G Wᵀ).
  // A is read in place when its rows or its columns are contiguous.
  if (cs_a != 1 && !(rs_a == 1 && m * k <= CK_SMALL)) cost += 3.0 * (double)m * (double)k;
  if (cs_b != 1) cost += 3.0 * (double)k * (double)n;
  if (cs_c != 1) cost += 2.0 * (double)m * (double)n * (double)((k + CK_KC - 1) / CK_KC);
  return cost;
}

// One or two steps of k into rows of C (the first layer of a two-input network, an
// outer product): a micro-tile's set-up costs more than its sums, so sum row by row,
// in the tile's order (acc = 0, then += b·a for each p), vectorised across the row.
// `k` and `accumulate` are constants at each call, so each case is its own loop.
static inline __attribute__((always_inline)) void CK_FN(ck_rows_k2)(
    long m, long n, const long k, const int accumulate, const double *a, long rs_a, long cs_a,
    const double *b, long rs_b, double *c, long rs_c) {
  const long nv = n - n % CK_VW;
  const double *restrict b0 = b, *restrict b1 = b + rs_b;
  for (long i = 0; i < m; i++) {
    const double a0 = a[i * rs_a], a1 = k > 1 ? a[i * rs_a + cs_a] : 0;
    double *restrict ci = c + i * rs_c;
    long j = 0;
    for (; j < nv; j += CK_VW) {
      CK_V acc = (CK_V){0};
      acc += *(const CK_VU *)(b0 + j) * a0;
      if (k > 1) acc += *(const CK_VU *)(b1 + j) * a1;
      if (accumulate) acc = *(CK_VU *)(ci + j) + acc;
      *(CK_VU *)(ci + j) = acc;
    }
    for (; j < n; j++) {
      double acc = 0;
      acc += b0[j] * a0;
      if (k > 1) acc += b1[j] * a1;
      ci[j] = accumulate ? ci[j] + acc : acc;
    }
  }
}

static void CK_FN(ck_gemm)(long m, long n, long k, const double *a, long rs_a, long cs_a,
                           const double *b, long rs_b, long cs_b, double *c, long rs_c,
                           long cs_c, int accumulate) {
  if (k <= 0) {
    if (!accumulate)
      for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * rs_c + j * cs_c] = 0;
    return;
  }
  // Strides that are never stepped along do not matter: call them contiguous.
  if (k == 1) cs_a = 1, rs_b = 1;
  if (m == 1) rs_a = 1, rs_c = 1;
  if (n == 1) cs_b = 1, cs_c = 1;
  if (k == 1 && m == 1) rs_a = 1;
  // A column result from contiguous rows: dot products.
  if (n == 1 && cs_a == 1) {
    CK_FN(ck_gemv)(m, k, a, rs_a, CK_FN(ck_gathered)(b, rs_b, k), c, rs_c, accumulate);
    return;
  }
  if (m == 1 && rs_b == 1 && cs_b != 1) {
    CK_FN(ck_gemv)(n, k, b, cs_b, CK_FN(ck_gathered)(a, cs_a, k), c, cs_c, accumulate);
    return;
  }
  // A row times a matrix with contiguous rows: stream the rows (also as Cᵀ = Bᵀ Aᵀ).
  if (m == 1 && cs_b == 1 && k > 1) {
    CK_FN(ck_gevm)(n, k, a, cs_a, b, rs_b, c, cs_c, accumulate);
    return;
  }
  if (n == 1 && rs_a == 1 && k > 1) {
    CK_FN(ck_gevm)(m, k, b, rs_b, a, cs_a, c, rs_c, accumulate);
    return;
  }
  // One or two steps of k into rows of C: row by row (ck_rows_k2), each case its own loop
  // (a test of `k` and of `accumulate` in every vector of a 16-wide row was most of its cost).
  if (k <= 2 && cs_b == 1 && cs_c == 1 && n >= CK_VW) {
    if (k > 1 && accumulate) CK_FN(ck_rows_k2)(m, n, 2, 1, a, rs_a, cs_a, b, rs_b, c, rs_c);
    else if (k > 1) CK_FN(ck_rows_k2)(m, n, 2, 0, a, rs_a, cs_a, b, rs_b, c, rs_c);
    else if (accumulate) CK_FN(ck_rows_k2)(m, n, 1, 1, a, rs_a, cs_a, b, rs_b, c, rs_c);
    else CK_FN(ck_rows_k2)(m, n, 1, 0, a, rs_a, cs_a, b, rs_b, c, rs_c);
    return;
  }
  const double straight = CK_FN(ck_cost)(m, n, k, rs_a, cs_a, cs_b, cs_c);
  const double flipped = CK_FN(ck_cost)(n, m, k, cs_b, rs_b, rs_a, rs_c);
  if (flipped < straight)
    CK_FN(ck_blocked)(n, m, k, b, cs_b, rs_b, a, cs_a, rs_a, c, cs_c, rs_c, accumulate);
  else
    CK_FN(ck_blocked)(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c, accumulate);
}

#undef CK_CAT2
#undef CK_CAT
#undef CK_FN
#undef CK_V
#undef CK_VU
#undef CK_NR
#undef CK_KC
#undef CK_SMALL
#undef CK_STREAM
#undef CK_MC
#undef CK_NC
#undef CK_SUFFIX
#undef CK_VW
#undef CK_MR
#undef CK_NV
#undef CK_FMA
