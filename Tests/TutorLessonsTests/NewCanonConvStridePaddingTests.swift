import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The conv-stride-padding lesson derived by hand: a two-channel, one-filter convolution
/// with padding 1, stride 2 and a bias, written as loops over the windows; its backward
/// pass scatters each G_ij back through the window it came from.
private struct StridedConvByHand {
  static let (stride, padding) = (2, 1)
  var O: Hand, db = 0.0, dK1: Hand, dI1: Hand

  /// The input entry at padded position (r, c), 0 outside the image.
  static func padded(_ I: Hand, _ r: Int, _ c: Int) -> Double {
    let (i, j) = (r - padding, c - padding)
    return i >= 0 && i < I.rows && j >= 0 && j < I.cols ? I[i, j] : 0
  }

  init(I1: Hand, I2: Hand, K1: Hand, K2: Hand, b: Double, G: Hand) {
    let k = K1.rows
    let out = (I1.rows + 2 * Self.padding - k) / Self.stride + 1
    O = Hand.zeros(out, out)
    dK1 = Hand.zeros(k, k)
    dI1 = Hand.zeros(I1.rows, I1.cols)
    for i in 0..<out {
      for j in 0..<out {
        var total = b
        for u in 0..<k {
          for v in 0..<k {
            let (r, c) = (Self.stride * i + u, Self.stride * j + v)
            total += Self.padded(I1, r, c) * K1[u, v] + Self.padded(I2, r, c) * K2[u, v]
            // Backward: G_ij flows to the kernel entry and to the pixel it met.
            dK1[u, v] += G[i, j] * Self.padded(I1, r, c)
            let (pi, pj) = (r - Self.padding, c - Self.padding)
            if pi >= 0 && pi < I1.rows && pj >= 0 && pj < I1.cols {
              dI1[pi, pj] += G[i, j] * K1[u, v]
            }
          }
        }
        O[i, j] = total
        db += G[i, j]
      }
    }
  }
}

@Suite("Lesson conv-stride-padding against a derivation by hand")
struct ConvStridePaddingLessonTests {
  private static func hand(_ bound: BoundLesson) throws -> StridedConvByHand {
    StridedConvByHand(
      I1: try Check.given(bound, "I1"), I2: try Check.given(bound, "I2"),
      K1: try Check.given(bound, "K1"), K2: try Check.given(bound, "K2"),
      b: try Check.scalar(bound, "b"), G: try Check.given(bound, "G"))
  }

  private static func expectAll(_ bound: BoundLesson, _ hand: StridedConvByHand) throws {
    try Check.step(bound, "size", 2)
    try Check.step(bound, "forward", hand.O)
    try Check.step(bound, "db", hand.db)
    try Check.step(bound, "dK1", hand.dK1)
    try Check.step(bound, "dI-centre", hand.dI1[1, 1])
    try Check.step(bound, "dI1", hand.dI1)
  }

  @Test("every value step at the lesson's own values")
  func ownValues() throws {
    let bound = try boundLesson("conv-stride-padding")
    let hand = try Self.hand(bound)
    // Output (1, 1): the padded window's real pixels are I[1…2, 1…2] under K[2…3, 2…3]:
    // channel 1: 1·1 + 2·0 + (−1)·(−1) + 1·1 = 3; channel 2: 0·1 + 1·2 + 2·(−1) + (−2)·0 = 0;
    // plus b = 1.
    #expect(hand.O[0, 0] == 4)
    // The centre pixel sat under K's four corners: G₁₁K₃₃ + G₁₂K₃₁ + G₂₁K₁₃ + G₂₂K₁₁.
    let corners: Double = 1 * 1 + (-1) * 0 + 2 * (-1) + 0.5 * 1
    #expect(hand.dI1[1, 1] == corners)
    try Self.expectAll(bound, hand)
  }

  @Test("every value step at variants", arguments: 1...4)
  func variants(variant: Int) throws {
    let bound = try boundLesson("conv-stride-padding", variant: variant)
    try Self.expectAll(bound, try Self.hand(bound))
  }

  @Test("the choices and the slips of stride, padding and channels")
  func choicesAndSlips() throws {
    let bound = try boundLesson("conv-stride-padding")
    let hand = try Self.hand(bound)
    for step in ["why-dilate", "transposed"] { try Check.choice(bound, step) }
    // Padding forgotten in the size: (3 − 3)/2 + 1 = 1.
    try Check.mistake(bound, "size", "1", "Count the padding")
    // The bias left out of the output.
    try Check.mistake(
      bound, "forward", hand.O.map { $0 - 1 }.answer, "Add the bias")
    // The centre pixel read through the kernel unrotated.
    let K1 = try Check.given(bound, "K1")
    let G = try Check.given(bound, "G")
    let unrotated =
      G[0, 0] * K1[0, 0] + G[0, 1] * K1[0, 2] + G[1, 0] * K1[2, 0] + G[1, 1] * K1[2, 2]
    try Check.mistake(bound, "dI-centre", "\(unrotated)", "rotated by 180°")
  }
}
