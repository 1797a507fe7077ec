// Run-time dispatch over three builds of one GEMM template (GemmTemplate.h):
// AVX-512 (x86-64-v4), AVX2 + FMA (x86-64-v3) and the portable baseline.
//
// Each build is compiled with a function-level target attribute, so the
// package needs no special compiler flags and the binary still starts on a
// CPU without AVX: only the baseline is ever called there. The level is read
// from CPUID and XGETBV (is the instruction set there, and does the OS save
// its registers?) once, then cached. The choice is made by hand rather than
// with target_clones because each build also has its own tile shape (8×24 in
// zmm registers, 6×8 in ymm, 4×4 in xmm), and because a caller (a test) can
// then ask for a lower path explicitly.
//
// Packing buffers are per thread and kept for the thread's life, so calls
// from several threads at once are safe and a loop allocates nothing.

#include "CKernels.h"

#include <stdlib.h>
#include <string.h>

#pragma clang fp contract(fast)

#define CK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define CK_MAX(a, b) ((a) > (b) ? (a) : (b))

/// Four doubles: the unit of a streaming store (32-byte aligned).
typedef double ck_v4 __attribute__((vector_size(32)));

// ---- scratch for packed panels: one set per thread, grown as needed, kept ----

static _Thread_local double *ck_scratch_base[4];
static _Thread_local size_t ck_scratch_count[4];

/// A 64-byte-aligned buffer of at least `count` doubles for `slot` (0: packed A,
/// 1: packed B, 2: B's ragged edge panel, 3: a gathered vector).
static double *ck_scratch(int slot, size_t count) {
  if (count > ck_scratch_count[slot]) {
    free(ck_scratch_base[slot]);
    size_t bytes = (count * sizeof(double) + 63) & ~(size_t)63;
    ck_scratch_base[slot] = aligned_alloc(64, bytes);
    ck_scratch_count[slot] = ck_scratch_base[slot] ? count : 0;
    if (!ck_scratch_base[slot]) abort();
  }
  return ck_scratch_base[slot];
}

// ---- the three builds ------------------------------------------------------

#define CK_SUFFIX baseline
#define CK_VW 2
#define CK_MR 4
#define CK_NV 2
#define CK_FMA 0
#include "GemmTemplate.h"

#if defined(__x86_64__)

#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
#define CK_SUFFIX avx2
#define CK_VW 4
#define CK_MR 6
#define CK_NV 2
#define CK_FMA 1
#include "GemmTemplate.h"
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx512cd,avx2,fma,bmi,bmi2,popcnt"))), apply_to = function)
#define CK_SUFFIX avx512
#define CK_VW 8
#define CK_MR 8
#define CK_NV 3
#define CK_FMA 1
#include "GemmTemplate.h"
#pragma clang attribute pop

#include <cpuid.h>

static unsigned long long ck_xgetbv0(void) {
  unsigned int eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

static int ck_detect_level(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return CK_LEVEL_BASELINE;
  const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  if (!(fma && osxsave && avx)) return CK_LEVEL_BASELINE;
  const unsigned long long xcr0 = ck_xgetbv0();
  if ((xcr0 & 0x6) != 0x6) return CK_LEVEL_BASELINE;  // XMM and YMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return CK_LEVEL_BASELINE;
  const int avx2 = (b >> 5) & 1, bmi1 = (b >> 3) & 1, bmi2 = (b >> 8) & 1;
  if (!(avx2 && bmi1 && bmi2)) return CK_LEVEL_BASELINE;
  const int f = (b >> 16) & 1, dq = (b >> 17) & 1, cd = (b >> 28) & 1, bw = (b >> 30) & 1,
            vl = (b >> 31) & 1;
  if (f && dq && cd && bw && vl && (xcr0 & 0xE0) == 0xE0) return CK_LEVEL_AVX512;
  return CK_LEVEL_AVX2;
}

#else

static int ck_detect_level(void) { return CK_LEVEL_BASELINE; }

#endif

static int ck_cached_level = -1;

int ck_best_level(void) {
  int level = __atomic_load_n(&ck_cached_level, __ATOMIC_RELAXED);
  if (level >= 0) return level;
  level = ck_detect_level();
  const char *cap = getenv("BPTUTOR_KERNELS");
  if (cap) {
    int capped = level;
    if (strcmp(cap, "baseline") == 0) capped = CK_LEVEL_BASELINE;
    else if (strcmp(cap, "avx2") == 0) capped = CK_LEVEL_AVX2;
    level = CK_MIN(level, capped);
  }
  __atomic_store_n(&ck_cached_level, level, __ATOMIC_RELAXED);
  return level;
}

int ck_resolve_level(int level) {
  const int best = ck_best_level();
  if (level < 0 || level > best) return best;
  if (level >= CK_LEVEL_AVX512) return CK_LEVEL_AVX512;
  if (level >= CK_LEVEL_AVX2) return CK_LEVEL_AVX2;
  return CK_LEVEL_BASELINE;
}

void ck_dgemm(int level, long m, long n, long k,
              const double *a, long rs_a, long cs_a,
              const double *b, long rs_b, long cs_b,
              double *c, long rs_c, long cs_c, int accumulate) {
  if (m <= 0 || n <= 0) return;
  switch (ck_resolve_level(level)) {
#if defined(__x86_64__)
  case CK_LEVEL_AVX512:
    ck_gemm_avx512(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c, accumulate);
    return;
  case CK_LEVEL_AVX2:
    ck_gemm_avx2(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c, accumulate);
    return;
#endif
  default:
    ck_gemm_baseline(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c, accumulate);
    return;
  }
}
