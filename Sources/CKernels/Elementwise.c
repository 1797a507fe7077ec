// The relu loops of TutorEngine (Op.relu, Op.reluBackward and the fused add-bias-and-relu
// of a compiled plan), built for AVX-512, AVX2 and the baseline like the matrix products
// and chosen at run time by the same level: Swift code is compiled for baseline x86-64
// (SSE2), where these loops run two entries at a time.
//
// Only additions, comparisons and selections: every build gives the same bits. relu(NaN)
// is 0 and relu(−0) is +0, as the bit-mask form in Swift gives.

#include "CKernels.h"

#define CK_ELEMENTWISE(SUFFIX)                                                              \
  static void ck_bias_relu_##SUFFIX(long rows, long columns, const double *restrict x,      \
                                    const double *restrict bias, double *restrict z,        \
                                    double *restrict h) {                                   \
    for (long r = 0; r < rows; r++) {                                                       \
      const double *xr = x + r * columns;                                                   \
      double *hr = h + r * columns;                                                         \
      if (bias) {                                                                           \
        double *zr = z + r * columns;                                                       \
        for (long j = 0; j < columns; j++) {                                                \
          const double v = xr[j] + bias[j];                                                 \
          zr[j] = v;                                                                        \
          hr[j] = v > 0 ? v : 0.0;                                                          \
        }                                                                                   \
      } else {                                                                              \
        for (long j = 0; j < columns; j++) hr[j] = xr[j] > 0 ? xr[j] : 0.0;                 \
      }                                                                                     \
    }                                                                                       \
  }                                                                                         \
  static void ck_relu_backward_##SUFFIX(long rows, long columns, const double *restrict g,  \
                                        const double *restrict z, double *restrict gz,      \
                                        int accumulate, double *restrict gx,                \
                                        int accumulate_x, double *restrict sums) {          \
    for (long r = 0; r < rows; r++) {                                                       \
      const long o = r * columns;                                                           \
      if (accumulate) {                                                                     \
        for (long j = 0; j < columns; j++) gz[o + j] += z[o + j] > 0 ? g[o + j] : 0.0;      \
      } else {                                                                              \
        for (long j = 0; j < columns; j++) gz[o + j] = z[o + j] > 0 ? g[o + j] : 0.0;       \
      }                                                                                     \
      if (gx) {                                                                             \
        if (accumulate_x) {                                                                 \
          for (long j = 0; j < columns; j++) gx[o + j] += gz[o + j];                        \
        } else {                                                                            \
          for (long j = 0; j < columns; j++) gx[o + j] = gz[o + j];                         \
        }                                                                                   \
      }                                                                                     \
      if (sums)                                                                             \
        for (long j = 0; j < columns; j++) sums[j] += gz[o + j];                            \
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
  switch (ck_best_level()) {
#if defined(__x86_64__)
  case CK_LEVEL_AVX512: ck_bias_relu_avx512(rows, columns, x, bias, z, h); return;
  case CK_LEVEL_AVX2: ck_bias_relu_avx2(rows, columns, x, bias, z, h); return;
#endif
  default: ck_bias_relu_baseline(rows, columns, x, bias, z, h); return;
  }
}

void ck_relu_backward(long rows, long columns, const double *g, const double *z, double *gz,
                      int accumulate, double *gx, int accumulate_x, double *sums) {
  if (rows <= 0 || columns <= 0) return;
  switch (ck_best_level()) {
#if defined(__x86_64__)
  case CK_LEVEL_AVX512:
    ck_relu_backward_avx512(rows, columns, g, z, gz, accumulate, gx, accumulate_x, sums);
    return;
  case CK_LEVEL_AVX2:
    ck_relu_backward_avx2(rows, columns, g, z, gz, accumulate, gx, accumulate_x, sums);
    return;
#endif
  default:
    ck_relu_backward_baseline(rows, columns, g, z, gz, accumulate, gx, accumulate_x, sums);
    return;
  }
}
