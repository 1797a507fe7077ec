// The single-core float64 FMA peak, measured: a loop of independent fused multiply-adds
// (enough chains to cover the FMA latency on every pipe), timed with the monotonic clock.
// bptutor-bench prints it beside its GFLOP/s so a figure says how far from the machine's
// ceiling it is, on whatever machine it ran.

#include "CKernels.h"

#include <time.h>

#pragma clang fp contract(fast)

#define CK_PEAK_CHAINS 12

static double ck_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile double ck_peak_sink;
/// 1, read at run time: the chains' starting values are unknown to the compiler. With
/// constant ones, chain 1 started at a/(1 − m) = 1, a fixed point of acc·m + a that clang
/// saw and hoisted out of the loop: every path ran 11 multiply-adds a round and counted 12,
/// and the peak printed 12/11 of the real one (64.5 GFLOP/s for 59.1 on a Zen 4).
static volatile double ck_peak_seed = 1;

#define CK_PEAK_LOOP(NAME, VW, ATTR)                                                      \
  ATTR static long NAME(long rounds) {                                                    \
    typedef double v __attribute__((vector_size(VW * 8)));                                \
    v acc[CK_PEAK_CHAINS];                                                                \
    const v m = (v){0} + 0.9999999, a = (v){0} + 1e-7;                                   \
    const double seed = ck_peak_seed;                                                     \
    for (int c = 0; c < CK_PEAK_CHAINS; c++) acc[c] = (v){0} + seed * (double)(c + 2);   \
    for (long r = 0; r < rounds; r++) {                                                   \
      _Pragma("clang loop unroll(full)") for (int c = 0; c < CK_PEAK_CHAINS; c++)         \
          acc[c] = acc[c] * m + a;                               \
      __asm__ volatile("" : : : "memory");                                                \
    }                                                                                     \
    v total = (v){0};                                                                     \
    for (int c = 0; c < CK_PEAK_CHAINS; c++) total += acc[c];                             \
    double sum = 0;                                                                       \
    for (int l = 0; l < VW; l++) sum += total[l];                                         \
    ck_peak_sink = sum;                                                                   \
    return rounds * CK_PEAK_CHAINS * VW * 2;                                              \
  }

#if defined(__x86_64__)
CK_PEAK_LOOP(ck_peak_avx2, 4, __attribute__((target("avx2,fma"))))
CK_PEAK_LOOP(ck_peak_avx512, 8, __attribute__((target("avx512f,avx2,fma"))))
#endif
CK_PEAK_LOOP(ck_peak_baseline, 2, )

double ck_fma_peak_gflops(int level, double seconds) {
  const int resolved = ck_resolve_level(level);
  long (*loop)(long) = ck_peak_baseline;
#if defined(__x86_64__)
  if (resolved == CK_LEVEL_AVX2) loop = ck_peak_avx2;
  if (resolved == CK_LEVEL_AVX512) loop = ck_peak_avx512;
#endif
  // Best of several short trials: another process taking the core lowers a trial, never
  // raises it.
  double best = 0;
  const double end = ck_now() + seconds;
  do {
    const double start = ck_now();
    const long flops = loop(200000);
    const double rate = (double)flops / (ck_now() - start) / 1e9;
    if (rate > best) best = rate;
  } while (ck_now() < end);
  return best;
}
