// The relu loops of TutorEngine (Op.relu, Op.reluBackward and the fused add-bias-and-relu
// of a compiled plan), built for AVX-512, AVX2 and the baseline like the matrix products
// and chosen at run time by the same level: Swift code is compiled for baseline x86-64
// (SSE2), where these loops run two entries at a time.
//
// Only additions, comparisons and selections: every build gives the same bits. relu(NaN)
// is 0 and relu(−0) is +0, as the bit-mask form in Swift gives.

#include "CKernels.h"
#include "Dispatch.h"

// Rows are often short (16 columns in two moons): one vector step per iteration and no
// interleaving, so a row of 16 is two AVX-512 steps rather than a scalar remainder.
/// Eight doubles and eight lanes of a comparison's mask (any build: the compiler splits them).
typedef double ck_v8 __attribute__((vector_size(64)));
typedef long ck_l8 __attribute__((vector_size(64)));
#define CK_ROW_LOOP _Pragma("clang loop vectorize(enable) interleave_count(1)")

#define CK_ELEMENTWISE(SUFFIX)                                                              \
  static void ck_bias_relu_##SUFFIX(long rows, long columns, const double *restrict x,      \
                                    const double *restrict bias, double *restrict z,        \
                                    double *restrict h) {                                   \
    if (!bias) {                                                                            \
      const long count = rows * columns;                                                    \
      for (long j = 0; j < count; j++) h[j] = x[j] > 0 ? x[j] : 0.0;                        \
      return;                                                                               \
    }                                                                                       \
    for (long r = 0; r < rows; r++) {                                                       \
      const double *xr = x + r * columns;                                                   \
      double *hr = h + r * columns, *zr = z + r * columns;                                  \
      CK_ROW_LOOP for (long j = 0; j < columns; j++) {                                      \
        const double v = xr[j] + bias[j];                                                   \
        zr[j] = v;                                                                          \
        hr[j] = v > 0 ? v : 0.0;                                                            \
      }                                                                                     \
    }                                                                                       \
  }                                                                                         \
  static void ck_relu_backward_##SUFFIX(long rows, long columns, const double *restrict g,  \
                                        const double *restrict z, double *gz,               \
                                        int accumulate, double *gx, int accumulate_x,       \
                                        double *restrict sums) {                            \
    /* gx the same buffer as gz, written (not added to): nothing to copy. */                \
    if (gx == gz && !accumulate_x) gx = 0;                                                  \
    if (!accumulate && !gx && sums) {                                                       \
      /* Column blocks of 8 down all the rows: the block's sums stay in registers. */       \
      long j0 = 0;                                                                          \
      for (; j0 + 8 <= columns; j0 += 8) {                                                  \
        ck_v8 acc = {0};                                                                    \
        for (long r = 0; r < rows; r++) {                                                   \
          const long o = r * columns + j0;                                                  \
          ck_v8 gv, zv;                                                                     \
          __builtin_memcpy(&gv, g + o, sizeof gv);                                          \
          __builtin_memcpy(&zv, z + o, sizeof zv);                                          \
          const ck_v8 v = (ck_v8)((ck_l8)gv & (ck_l8)(zv > 0.0));                           \
          __builtin_memcpy(gz + o, &v, sizeof v);                                           \
          acc += v;                                                                         \
        }                                                                                   \
        ck_v8 total;                                                                        \
        __builtin_memcpy(&total, sums + j0, sizeof total);                                  \
        total += acc;                                                                       \
        __builtin_memcpy(sums + j0, &total, sizeof total);                                  \
      }                                                                                     \
      if (j0 == columns) return;                                                            \
      for (long r = 0; r < rows; r++)                                                       \
        for (long j = j0; j < columns; j++) {                                               \
          const double v = z[r * columns + j] > 0 ? g[r * columns + j] : 0.0;              \
          gz[r * columns + j] = v;                                                          \
          sums[j] += v;                                                                     \
        }                                                                                   \
      return;                                                                               \
    }                                                                                       \
    if (!accumulate && !gx) {                                                               \
      for (long r = 0; r < rows; r++) {                                                     \
        const long o = r * columns;                                                         \
        double *restrict out = gz + o;                                                      \
        if (sums) {                                                                         \
          CK_ROW_LOOP for (long j = 0; j < columns; j++) {                                  \
            const double v = z[o + j] > 0 ? g[o + j] : 0.0;                                 \
            out[j] = v;                                                                     \
            sums[j] += v;                                                                   \
          }                                                                                 \
        } else {                                                                            \
          CK_ROW_LOOP for (long j = 0; j < columns; j++) out[j] = z[o + j] > 0 ? g[o + j] : 0.0; \
        }                                                                                   \
      }                                                                                     \
      return;                                                                               \
    }                                                                                       \
    for (long r = 0; r < rows; r++) {                                                       \
      const long o = r * columns;                                                           \
      double *restrict out = gz + o;                                                        \
      if (accumulate) {                                                                     \
        CK_ROW_LOOP for (long j = 0; j < columns; j++) out[j] += z[o + j] > 0 ? g[o + j] : 0.0; \
      } else {                                                                              \
        CK_ROW_LOOP for (long j = 0; j < columns; j++) out[j] = z[o + j] > 0 ? g[o + j] : 0.0; \
      }                                                                                     \
      if (gx) {                                                                             \
        double *restrict gxr = gx + o;                                                      \
        if (accumulate_x) {                                                                 \
          CK_ROW_LOOP for (long j = 0; j < columns; j++) gxr[j] += out[j];                  \
        } else {                                                                            \
          CK_ROW_LOOP for (long j = 0; j < columns; j++) gxr[j] = out[j];                   \
        }                                                                                   \
      }                                                                                     \
      if (sums)                                                                             \
        CK_ROW_LOOP for (long j = 0; j < columns; j++) sums[j] += out[j];                   \
    }                                                                                       \
  }

CK_ELEMENTWISE(baseline)

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_ELEMENTWISE(avx2)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx512cd,avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_ELEMENTWISE(avx512)
#pragma clang attribute pop
#endif

void ck_bias_relu(long rows, long columns, const double *x, const double *bias, double *z,
                  double *h) {
  if (rows <= 0 || columns <= 0) return;
  CK_DISPATCH(ck_best_level(), ck_bias_relu, rows, columns, x, bias, z, h);
}

void ck_relu_backward(long rows, long columns, const double *g, const double *z, double *gz,
                      int accumulate, double *gx, int accumulate_x, double *sums) {
  if (rows <= 0 || columns <= 0) return;
  CK_DISPATCH(ck_best_level(), ck_relu_backward, rows, columns, g, z, gz, accumulate, gx,
              accumulate_x, sums);
}

// The plan's elementwise products and the SGD update, in the same roundings as the Swift
// loops they replace (a product, then a sum: never fused into one FMA, so the bits agree
// with the graph walk's), run as whole vectors instead of SSE2 pairs.
#pragma STDC FP_CONTRACT OFF
#define CK_PRODUCTS(SUFFIX)                                                                 \
  static void ck_multiply_##SUFFIX(long count, const double *restrict a,                    \
                                   const double *restrict b, double *restrict o,            \
                                   int accumulate) {                                        \
    if (accumulate) {                                       \
      for (long i = 0; i < count; i++) o[i] += a[i] * b[i];                                 \
    }                                                                                       \
    else {                                                                                  \
      for (long i = 0; i < count; i++) o[i] = a[i] * b[i];                                  \
    }                                                                                       \
  }                                                                                         \
  static void ck_square_backward_##SUFFIX(long count, double share, const double *restrict q,  \
                                          double *restrict gqq, double *restrict gq,        \
                                          int accumulate) {                                 \
    if (accumulate) {                                                                       \
      for (long i = 0; i < count; i++) {                                                    \
        gqq[i] = share;                                                                     \
        const double t = share * q[i];                                                      \
        gq[i] = (gq[i] + t) + t;                                                            \
      }                                                                                     \
    } else {                                                                                \
      for (long i = 0; i < count; i++) {                                                    \
        gqq[i] = share;                                                                     \
        const double t = share * q[i];                                                      \
        gq[i] = t + t;                                                                      \
      }                                                                                     \
    }                                                                                       \
  }                                                                                         \
  static void ck_descend_##SUFFIX(long count, double *restrict x, const double *restrict g, \
                                  double rate) {                                            \
    for (long i = 0; i < count; i++) x[i] -= rate * g[i];   \
  }

CK_PRODUCTS(baseline)
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_PRODUCTS(avx2)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx512cd,avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
CK_PRODUCTS(avx512)
#pragma clang attribute pop
#endif

void ck_multiply(long count, const double *a, const double *b, double *o, int accumulate) {
  if (count <= 0) return;
  CK_DISPATCH(ck_best_level(), ck_multiply, count, a, b, o, accumulate);
}

void ck_square_backward(long count, double share, const double *q, double *gqq, double *gq,
                        int accumulate) {
  if (count <= 0) return;
  CK_DISPATCH(ck_best_level(), ck_square_backward, count, share, q, gqq, gq, accumulate);
}

void ck_descend(long count, double *x, const double *g, double rate) {
  if (count <= 0) return;
  CK_DISPATCH(ck_best_level(), ck_descend, count, x, g, rate);
}

#if defined(__linux__)
#include <sys/mman.h>
#endif

void ck_advise_huge_pages(void *memory, long bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (memory && bytes > 0) (void)madvise(memory, (size_t)bytes, MADV_HUGEPAGE);
#else
  (void)memory;
  (void)bytes;
#endif
}
