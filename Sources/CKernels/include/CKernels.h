#ifndef CKERNELS_H
#define CKERNELS_H

/// Dense float64 matrix-product kernels for TutorEngine, chosen at run time
/// by the CPU's instruction set so one binary runs on any x86-64.
///
/// Matrices are addressed by element strides: entry (i, j) of a matrix X is
/// `x[i * rs_x + j * cs_x]`, so a row-major m×n matrix has `rs = n, cs = 1`
/// and its transpose `rs = 1, cs = n`. Sums run in an order fixed by the
/// shape and the path, so one machine gives bit-identical results run to run.

/// The portable path: SSE2 only, no fused multiply-add (any x86-64, or plain C elsewhere).
#define CK_LEVEL_BASELINE 0
/// AVX2 with FMA (x86-64-v3).
#define CK_LEVEL_AVX2 3
/// AVX-512 F/DQ/VL with FMA (x86-64-v4).
#define CK_LEVEL_AVX512 4

/// The best path this CPU (and operating system) supports, lowered by the
/// environment variable `BPTUTOR_KERNELS=baseline|avx2|avx512` when set.
int ck_best_level(void);

/// The path that `level` resolves to: a negative level means ck_best_level(),
/// and a level above what the CPU supports is lowered to the best supported.
int ck_resolve_level(int level);

/// C = A·B (or C += A·B when `accumulate` is non-zero) for A: m×k, B: k×n,
/// C: m×n, each given by a base pointer and row/column strides. C must not
/// overlap A or B. Every entry of C is written, so C may start uninitialised
/// when `accumulate` is zero. `level` picks the path (negative: the best).
void ck_dgemm(int level, long m, long n, long k,
              const double *a, long rs_a, long cs_a,
              const double *b, long rs_b, long cs_b,
              double *c, long rs_c, long cs_c, int accumulate);

/// h = relu(x + bias) for a rows×columns x and a 1×columns bias added to every row, with
/// z = x + bias stored too; with bias NULL, h = relu(x) (z unused). relu(NaN) = 0.
void ck_bias_relu(long rows, long columns, const double *x, const double *bias, double *z,
                  double *h);

/// gz (+)= g ⊙ relu′(z) (0 where z ≤ 0), row by row; then, when given, gx (+)= gz and
/// sums[j] += gz[r][j] over the rows (the gradient of a bias row; sums zeroed by the caller).
/// `accumulate` and `accumulate_x` add instead of writing. gx may be gz itself (a gradient
/// shared by the add and its operand): written, not added to, it is left as it is.
void ck_relu_backward(long rows, long columns, const double *g, const double *z, double *gz,
                      int accumulate, double *gx, int accumulate_x, double *sums);

/// The largest k ck_dense_relu takes: one block of k in ck_dgemm, whose sums it repeats.
#define CK_DENSE_MAX_K 256

/// h = relu(A·W + bias) for a row-major m×k A, k×n W and a 1×n bias added to every row,
/// with the product p = A·W and z = p + bias stored too where not NULL: entry for entry what
/// ck_dgemm at the same `level` (m, n ≥ 2, k ≤ CK_DENSE_MAX_K) and then ck_bias_relu give,
/// in one pass. `level` as for ck_dgemm. Does nothing for k outside 1...CK_DENSE_MAX_K.
void ck_dense_relu(int level, long m, long n, long k, const double *a, const double *w,
                   const double *bias, double *p, double *z, double *h);

/// The most columns of A that ck_relu_backward_weights takes (its sums stay in registers).
#define CK_BACKWARD_MAX_A 4

/// The backward of h = relu(A·W + bias) toward W and the bias in one pass, for a row-major
/// rows×ka A (2 ≤ ka ≤ CK_BACKWARD_MAX_A, rows ≤ CK_DENSE_MAX_K): gz = (h > 0 ? g : 0)
/// (written), sums[j] += Σ_r gz[r][j] (sums zeroed by the caller, or NULL), and the ka×columns
/// gw (+)= Aᵀ·gz, entry for entry what ck_relu_backward and then ck_dgemm at the same
/// `level` give. Does nothing outside those sizes.
void ck_relu_backward_weights(int level, long rows, long columns, const double *g,
                              const double *h, double *gz, double *sums, const double *a,
                              long ka, double *gw, int accumulate_w);

/// o (+)= a ⊙ b over count entries: a product, then (when accumulate) a sum, never one FMA.
void ck_multiply(long count, const double *a, const double *b, double *o, int accumulate);

/// The backward of Σ q ⊙ q over count entries from the sum's gradient `share`: gqq = share
/// everywhere, then gq (+)= share·q and gq += share·q again (each product rounded, no FMA):
/// entry for entry the spread and the two products of the unfused walk.
void ck_square_backward(long count, double share, const double *q, double *gqq, double *gq,
                        int accumulate);

/// x −= rate · g over count entries (the product rounded, then the difference: no FMA).
void ck_descend(long count, double *x, const double *g, double rate);

/// Asks the kernel to back `bytes` at `memory` (2 MiB aligned) with huge pages when it can:
/// a matrix read row by row a few KiB apart then touches one TLB entry per 2 MiB, not per
/// 4 KiB. A hint only; nothing happens where it is not supported. Call before first touch.
void ck_advise_huge_pages(void *memory, long bytes);

/// The float64 fused multiply-add throughput of the calling core in GFLOP/s (2 flops per
/// multiply-add and lane), measured at `level` (negative: the best) as the best of short
/// trials over about `seconds`. The baseline path has no FMA: its loop is multiply-adds.
double ck_fma_peak_gflops(int level, double seconds);

#endif
