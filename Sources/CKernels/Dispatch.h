// One kernel's call at a level: NAME_avx512, NAME_avx2 or NAME_baseline, built from the
// same source (the CK_* macros of each file) and given the same arguments. LEVEL is a
// CK_LEVEL_* (ck_best_level(), or ck_resolve_level(level) where the caller may ask for
// one). Only x86-64 builds the vector variants; elsewhere the baseline is called.
#ifndef CK_DISPATCH_H
#define CK_DISPATCH_H

#include "CKernels.h"

#if defined(__x86_64__)
#define CK_DISPATCH(LEVEL, NAME, ...)                                                      \
  do {                                                                                     \
    switch (LEVEL) {                                                                       \
    case CK_LEVEL_AVX512: NAME##_avx512(__VA_ARGS__); break;                               \
    case CK_LEVEL_AVX2: NAME##_avx2(__VA_ARGS__); break;                                   \
    default: NAME##_baseline(__VA_ARGS__); break;                                          \
    }                                                                                      \
  } while (0)
#else
#define CK_DISPATCH(LEVEL, NAME, ...) NAME##_baseline(__VA_ARGS__)
#endif

#endif
