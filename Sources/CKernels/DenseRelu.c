// A layer's forward in one pass, h = relu(A·W + bias), for a compiled plan: the product's
// sums stay in registers through the bias and the relu, and only h is stored (the plan
// recomputes the product and the sum when someone asks for them).
//
// Every entry of the product is summed in the matrix product's order: from 0, one step of
// k after another (ck_dgemm's micro-tile and its k ≤ 2 rows, for k ≤ 256, one block of k),
// each step one FMA in the AVX2 and AVX-512 builds (written out: `fma`) and a rounded
// product then a sum in the baseline (contraction off). ck_dgemm's optimised build
// contracts its steps into the same FMAs, so in a release build the bits are the unfused
// path's; an unoptimised build of ck_dgemm does not contract them all, and agrees to the
// rounding of one step. The bias is then added and the relu taken as ck_bias_relu does.

#include "CKernels.h"
#include "Dispatch.h"

// ck_splat8_* return eight doubles in one vector and are always inlined, so the warning
// that such a return changes the ABI of a build without AVX-512 does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

#pragma clang fp contract(off)

#define CK_MADD_baseline(acc, x, y) ((acc) + (x) * (y))
#define CK_MADD_avx2(acc, x, y) __builtin_elementwise_fma(x, y, acc)
#define CK_MADD_avx512(acc, x, y) __builtin_elementwise_fma(x, y, acc)

#define CK_DENSE(SUFFIX, VW, MR)                                                            \
  typedef double ck_dv_##SUFFIX __attribute__((vector_size(VW * 8)));                      \
  typedef double ck_dvu_##SUFFIX __attribute__((vector_size(VW * 8), aligned(8)));         \
  typedef long ck_dl_##SUFFIX __attribute__((vector_size(VW * 8)));                        \
  static inline __attribute__((always_inline)) ck_dv_##SUFFIX ck_splat_##SUFFIX(double s) { \
    ck_dv_##SUFFIX v;                                                                       \
    _Pragma("clang loop unroll(full)") for (int l = 0; l < VW; l++) v[l] = s;               \
    return v;                                                                               \
  }                                                                                         \
  /* Rows i0 ..< i0+rows of a 2·VW-column block from column j0, rows ≤ MR (constant). */   \
  static inline __attribute__((always_inline)) void ck_dense_block_##SUFFIX(                \
      const int rows, long n, long k, const double *restrict a, const double *restrict w,   \
      const double *restrict bias, double *restrict p, double *restrict z,                  \
      double *restrict h, long i0, long j0) {                                               \
    typedef ck_dv_##SUFFIX V;                                                               \
    typedef ck_dvu_##SUFFIX VU;                                                             \
    typedef ck_dl_##SUFFIX L;                                                               \
    V acc[MR][2];                                                                           \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = \
        (V){0};                                                                             \
    for (long q = 0; q < k; q++) {                                                          \
      const V b0 = *(const VU *)(w + q * n + j0), b1 = *(const VU *)(w + q * n + j0 + VW);  \
      _Pragma("clang loop unroll(full)") for (int r = 0; r < rows; r++) {                   \
        const double s = a[(i0 + r) * k + q];                                               \
        const V sv = ck_splat_##SUFFIX(s);                                                  \
        acc[r][0] = CK_MADD_##SUFFIX(acc[r][0], b0, sv);                                    \
        acc[r][1] = CK_MADD_##SUFFIX(acc[r][1], b1, sv);                                    \
      }                                                                                     \
    }                                                                                       \
    const V c0 = *(const VU *)(bias + j0), c1 = *(const VU *)(bias + j0 + VW);              \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < rows; r++) {                     \
      const long o = (i0 + r) * n + j0;                                                     \
      if (p) {                                                                              \
        *(VU *)(p + o) = acc[r][0];                                                         \
        *(VU *)(p + o + VW) = acc[r][1];                                                    \
      }                                                                                     \
      const V s0 = acc[r][0] + c0, s1 = acc[r][1] + c1;                                     \
      if (z) {                                                                              \
        *(VU *)(z + o) = s0;                                                                \
        *(VU *)(z + o + VW) = s1;                                                           \
      }                                                                                     \
      *(VU *)(h + o) = (V)((L)s0 & (L)(s0 > 0.0));                                          \
      *(VU *)(h + o + VW) = (V)((L)s1 & (L)(s1 > 0.0));                                     \
    }                                                                                       \
  }                                                                                         \
  static void ck_dense_relu_##SUFFIX(long m, long n, long k, const double *restrict a,      \
                                     const double *restrict w, const double *restrict bias, \
                                     double *restrict p, double *restrict z,                \
                                     double *restrict h) {                                  \
    long j0 = 0;                                                                            \
    for (; j0 + 2 * VW <= n; j0 += 2 * VW) {                                                \
      long i0 = 0;                                                                          \
      for (; i0 + MR <= m; i0 += MR)                                                        \
        ck_dense_block_##SUFFIX(MR, n, k, a, w, bias, p, z, h, i0, j0);                     \
      for (; i0 < m; i0++) ck_dense_block_##SUFFIX(1, n, k, a, w, bias, p, z, h, i0, j0);   \
    }                                                                                       \
    /* Columns past the last whole block: one entry at a time, in the same order. */        \
    if (j0 == n) return;                                                                    \
    for (long i = 0; i < m; i++)                                                            \
      for (long j = j0; j < n; j++) {                                                       \
        double acc = 0;                                                                     \
        for (long q = 0; q < k; q++) acc = CK_MADD_##SUFFIX(acc, w[q * n + j], a[i * k + q]); \
        const double s = acc + bias[j];                                                     \
        if (p) p[i * n + j] = acc;                                                          \
        if (z) z[i * n + j] = s;                                                            \
        h[i * n + j] = s > 0 ? s : 0.0;                                                     \
      }                                                                                     \
  }

CK_DENSE(baseline, 2, 4)

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_DENSE(avx2, 4, 6)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx512cd,avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_DENSE(avx512, 8, 8)
#pragma clang attribute pop
#endif

void ck_dense_relu(int level, long m, long n, long k, const double *a, const double *w,
                   const double *bias, double *p, double *z, double *h) {
  if (m <= 0 || n <= 0 || k <= 0 || k > CK_DENSE_MAX_K) return;
  CK_DISPATCH(ck_resolve_level(level), ck_dense_relu, m, n, k, a, w, bias, p, z, h);
}

// The first layer's backward in one pass: gz = g ⊙ relu′(h) (h > 0 exactly where the sum
// was), the bias row's sums, and the weight gradient Aᵀ·gz for an A of at most 4 columns,
// its sums in registers down the rows. Each entry of Aᵀ·gz is summed as the matrix
// product sums it (from 0, row after row, an FMA a row on AVX2/AVX-512, a rounded product
// then a sum on the baseline), then written or added to gw; the bias sums are the relu
// backward's (from 0, row after row, then added to `sums`).
#define CK_BACKWARD_WEIGHTS(SUFFIX)                                                         \
  static void ck_relu_backward_weights_##SUFFIX(                                            \
      long rows, long columns, const double *restrict g, const double *restrict h,          \
      double *restrict gz, double *restrict sums, const double *restrict a, long ka,        \
      double *restrict gw, int accumulate_w) {                                              \
    typedef double V __attribute__((vector_size(64)));                                      \
    typedef double VU __attribute__((vector_size(64), aligned(8)));                         \
    typedef long L __attribute__((vector_size(64)));                                        \
    long j0 = 0;                                                                            \
    for (; j0 + 8 <= columns; j0 += 8) {                                                    \
      V bias = {0}, w[CK_BACKWARD_MAX_A] = {{0}};                                           \
      for (long r = 0; r < rows; r++) {                                                     \
        const long o = r * columns + j0;                                                    \
        const V gv = *(const VU *)(g + o), hv = *(const VU *)(h + o);                       \
        const V v = (V)((L)gv & (L)(hv > 0.0));                                             \
        *(VU *)(gz + o) = v;                                                                \
        bias += v;                                                                          \
        _Pragma("clang loop unroll(full)") for (int i = 0; i < CK_BACKWARD_MAX_A; i++) {    \
          if (i < ka) w[i] = CK_MADD_##SUFFIX(w[i], v, ck_splat8_##SUFFIX(a[r * ka + i]));  \
        }                                                                                   \
      }                                                                                     \
      if (sums) *(VU *)(sums + j0) = *(const VU *)(sums + j0) + bias;                       \
      for (long i = 0; i < ka; i++) {                                                       \
        VU *q = (VU *)(gw + i * columns + j0);                                              \
        *q = accumulate_w ? *q + w[i] : w[i];                                               \
      }                                                                                     \
    }                                                                                       \
    for (long j = j0; j < columns; j++) {                                                   \
      double bias = 0, w[CK_BACKWARD_MAX_A] = {0};                                          \
      for (long r = 0; r < rows; r++) {                                                     \
        const long o = r * columns + j;                                                     \
        const double v = h[o] > 0 ? g[o] : 0.0;                                             \
        gz[o] = v;                                                                          \
        bias += v;                                                                          \
        for (long i = 0; i < ka; i++) w[i] = CK_MADD_##SUFFIX(w[i], v, a[r * ka + i]);      \
      }                                                                                     \
      if (sums) sums[j] += bias;                                                            \
      for (long i = 0; i < ka; i++)                                                         \
        gw[i * columns + j] = accumulate_w ? gw[i * columns + j] + w[i] : w[i];             \
    }                                                                                       \
  }

#define CK_SPLAT8(SUFFIX)                                                                   \
  static inline __attribute__((always_inline)) V8 ck_splat8_##SUFFIX(double s) {           \
    V8 v;                                                                                   \
    _Pragma("clang loop unroll(full)") for (int l = 0; l < 8; l++) v[l] = s;                \
    return v;                                                                               \
  }
typedef double V8 __attribute__((vector_size(64)));

CK_SPLAT8(baseline)
CK_BACKWARD_WEIGHTS(baseline)

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_SPLAT8(avx2)
CK_BACKWARD_WEIGHTS(avx2)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx512cd,avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_SPLAT8(avx512)
CK_BACKWARD_WEIGHTS(avx512)
#pragma clang attribute pop
#endif

void ck_relu_backward_weights(int level, long rows, long columns, const double *g,
                              const double *h, double *gz, double *sums, const double *a,
                              long ka, double *gw, int accumulate_w) {
  if (rows <= 0 || columns <= 0 || ka < 2 || ka > CK_BACKWARD_MAX_A || rows > CK_DENSE_MAX_K)
    return;
  CK_DISPATCH(ck_resolve_level(level), ck_relu_backward_weights, rows, columns, g, h, gz, sums,
              a, ka, gw, accumulate_w);
}
