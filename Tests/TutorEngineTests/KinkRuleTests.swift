import Testing

@testable import TutorEngine

/// The engine's one kink and tie rule (``Op/sitsOnKink(_:tolerance:)``): exact kinks, and
/// near-ties within rounding, relative to the candidates with a floor of 1 near 0.
@Suite("The kink and tie rule")
struct KinkRuleTests {
  static let cases: [(String, Op, [Tensor], Bool)] = [
    ("relu at 0", .relu, [Tensor(unchecked: [2, 1], [0, 1])], true),
    ("relu at rounding noise", .relu, [Tensor(0.1 + 0.2 - 0.3)], true),
    ("relu off 0", .relu, [Tensor(1e-6)], false),
    ("abs at −0", .abs, [Tensor(-0.0)], true),
    ("leaky relu at 0", .leakyRelu, [Tensor(unchecked: [1, 2], [2, 0])], true),
    ("gelu is smooth at 0", .gelu, [Tensor(0)], false),
    ("max of equal operands", .maximum, [Tensor(unchecked: [1, 2], [2, 1]), Tensor(2)], true),
    (
      "max of distinct operands", .maximum, [Tensor(unchecked: [1, 2], [3, 1]), Tensor(2)], false
    ),
    ("min within rounding", .minimum, [Tensor(7.85), Tensor(7.8500000000000005)], true),
    (
      "pool window tied", .maxPool2d(size: 2, stride: 2),
      [Tensor(unchecked: [2, 2], [1, 4, 4, 0])], true
    ),
    (
      "pool window tied by rounding", .maxPool2d(size: 2, stride: 2),
      [Tensor(unchecked: [2, 2], [1, 7.85, 7.8500000000000005, 0])], true
    ),
    (
      "pool windows apart by a step", .maxPool2d(size: 2, stride: 2),
      [Tensor(unchecked: [2, 2], [1, 7.85, 7.86, 0])], false
    ),
    ("row max tied", .reduce(.max, dim: 2), [Tensor(unchecked: [1, 3], [3, 3, 1])], true),
    ("one entry per lane", .reduce(.max, dim: 1), [Tensor(unchecked: [1, 3], [3, 3, 1])], false),
    ("smooth op", .exp, [Tensor(0)], false),
  ]

  @Test("sitsOnKink", arguments: cases)
  func rule(_ name: String, _ op: Op, _ inputs: [Tensor], _ expected: Bool) {
    #expect(op.sitsOnKink(inputs) == expected, "\(name)")
  }

  @Test("tolerance 0 counts exact kinks only")
  func exactOnly() {
    #expect(!Op.minimum.sitsOnKink([Tensor(7.85), Tensor(7.8500000000000005)], tolerance: 0))
    #expect(Op.minimum.sitsOnKink([Tensor(7.85), Tensor(7.85)], tolerance: 0))
  }

  @Test("a graph names its first node on a kink")
  func firstNode() throws {
    var graph = Graph()
    let a = try graph.input(Tensor(rows: [[1, 7.85], [7.8500000000000005, 0]]), name: "a")
    let r = try graph.relu(a, name: "r")
    let p = try graph.maxPool2d(r, size: 2, name: "p")
    #expect(graph.firstNodeOnKink() == r)
    try graph.setValue(Tensor(rows: [[1, 7.85], [7.8500000000000005, 2]]), of: a)
    try graph.reevaluate()
    #expect(graph.firstNodeOnKink() == p)
    #expect(graph.firstNodeOnKink(tolerance: 0) == nil)
  }
}
