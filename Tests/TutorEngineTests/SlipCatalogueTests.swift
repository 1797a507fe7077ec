import Testing

@testable import TutorEngine

/// Each op lists its typical wrong derivations beside its forward and backward; together
/// they are the catalogue the checker explains wrong answers with.
@Suite("Wrong derivations beside each op")
struct SlipCatalogueTests {
  static let ops: [Op] = [
    .input, .constant, .add, .subtract, .multiply, .divide, .power, .negate, .exp, .log, .sqrt,
    .abs, .sign, .relu, .sigmoid, .tanh, .matmul, .transpose, .sum, .mean, .diag, .softmax,
    .crossEntropy, .squaredError, .pNormPower, .reduce(.sum, dim: 1), .reduce(.mean, dim: 2),
    .reduce(.variance, dim: 1), .reduce(.logSumExp, dim: 2), .reduce(.max, dim: 1),
    .softmaxAlong(dim: 2), .conv2d(stride: 1, padding: 0), .maxPool2d(size: 2, stride: 2),
    .oneHot(classes: 3),
  ]

  @Test("every slip of the catalogue is some op's")
  func everySlipHasAnOp() {
    let listed = Set(Self.ops.flatMap(\.wrongDerivations))
    #expect(Set(Slip.allCases).subtracting(listed).isEmpty)
  }

  @Test(
    "an op's slips are those of its kind",
    arguments: [
      (Op.relu, [Slip.activationSkipped, .derivativeDropped, .activationForDerivative]),
      (
        .tanh,
        [
          .activationSkipped, .derivativeDropped, .activationForDerivative,
          .tanhDerivativeUnsquared,
        ]
      ),
      (.matmul, [.elementwiseForMatrixProduct, .transposeMissing, .transposeExtra]),
      (.reduce(.mean, dim: 1), [.sumForMean, .besselCorrection, .otherAxis]),
      (.exp, []),
    ])
  func slipsOfAnOp(op: Op, slips: [Slip]) {
    #expect(op.wrongDerivations == slips)
  }
}
