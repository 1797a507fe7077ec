/// Compares the engine's analytic derivatives with central differences.
///
/// For every entry j of every checked input, the numeric derivative of every
/// output entry i is `(f(x + h eⱼ) − f(x − h eⱼ)) / 2h` with `h = 1e-6`; the
/// analytic one is the Jacobian entry (i, j). An entry passes when
/// `|analytic − numeric| ≤ atol + rtol·|numeric|` with `atol = 1e-5` and
/// `rtol = 1e-3` (PyTorch's `gradcheck` defaults).
///
/// An input entry whose ±h nudge moves a relu, abs or sign input across 0, or
/// breaks a tie that a `max`, `min` or max pooling decides, sits on a kink: the
/// derivative there is a convention, not a limit, so the entry is listed in
/// ``Report/kinks`` instead of being judged.
public struct GradientCheck: Sendable {
  /// The finite-difference step.
  public var step = 1e-6
  /// The absolute tolerance.
  public var absoluteTolerance = 1e-5
  /// The relative tolerance (relative to the numeric derivative).
  public var relativeTolerance = 1e-3

  /// Creates a check with PyTorch's default tolerances.
  public init() {}

  /// One compared derivative.
  public struct Entry: Equatable, Sendable {
    /// The input's name (or a description of its node).
    public let input: String
    /// The 1-based row-major position of the input entry.
    public let inputEntry: Int
    /// The 1-based row-major position of the output entry.
    public let outputEntry: Int
    /// The engine's derivative.
    public let analytic: Double
    /// The central-difference estimate.
    public let numeric: Double
    /// `|analytic − numeric|`.
    public var error: Double { Swift.abs(analytic - numeric) }
  }

  /// An input entry that sits on a kink.
  public struct Kink: Equatable, Sendable {
    /// The input's name (or a description of its node).
    public let input: String
    /// The 1-based row-major position of the input entry.
    public let inputEntry: Int
    /// The node whose branch changes: a relu, abs or sign input crossing 0, or a
    /// maximum changing hands (name or description).
    public let at: String
  }

  /// What a check found.
  public struct Report: Sendable {
    /// True when every judged entry is within tolerance.
    public let passed: Bool
    /// The entry with the largest error relative to its allowance.
    public let worst: Entry?
    /// Entries outside tolerance.
    public let failures: [Entry]
    /// Input entries that sit on a kink and were not judged.
    public let kinks: [Kink]
    /// How many derivatives were compared.
    public let comparedCount: Int
  }

  /// Checks `∂output/∂input` for each of `inputs` at the graph's current values.
  public func run(on graph: Graph, output: Graph.NodeID, inputs: [Graph.NodeID])
    throws(EngineError) -> Report
  {
    let mask = graph.ancestors(of: output)
    let kinkNodes = graph.nodes.indices.filter { mask[$0] && graph.nodes[$0].op.hasKinks }
    let baseSignature = signature(of: graph, at: kinkNodes)
    var failures: [Entry] = []
    var kinks: [Kink] = []
    var worst: (entry: Entry, ratio: Double)?
    var compared = 0

    for input in inputs {
      let analytic = try graph.jacobian(of: output, withRespectTo: input)
      let columns = try graph.value(of: input).count
      let name = graph.label(of: input)
      var probe = graph
      let original = try graph.value(of: input)
      for column in 0..<columns {
        var shifted = original
        shifted.scalars[column] = original.scalars[column] + step
        probe.nodes[input.index].value = shifted
        try probe.reevaluate(only: mask)
        let plus = probe.nodes[output.index].value.scalars
        let plusSignature = signature(of: probe, at: kinkNodes)
        shifted.scalars[column] = original.scalars[column] - step
        probe.nodes[input.index].value = shifted
        try probe.reevaluate(only: mask)
        let minus = probe.nodes[output.index].value.scalars
        let minusSignature = signature(of: probe, at: kinkNodes)

        if let crossed = firstDifference(baseSignature, plusSignature, minusSignature) {
          kinks.append(
            Kink(
              input: name, inputEntry: column + 1,
              at: graph.label(of: Graph.NodeID(index: kinkNodes[crossed]))))
          continue
        }
        for row in plus.indices {
          let numeric = (plus[row] - minus[row]) / (2 * step)
          let entry = Entry(
            input: name, inputEntry: column + 1, outputEntry: row + 1,
            analytic: analytic.scalars[row * columns + column], numeric: numeric)
          compared += 1
          let allowance = absoluteTolerance + relativeTolerance * Swift.abs(numeric)
          let ratio = entry.error / allowance
          let ok = ratio <= 1 || (entry.analytic == entry.numeric)
          if !ok { failures.append(entry) }
          let score = ratio.isNaN ? .infinity : ratio
          if worst == nil || score > worst!.ratio { worst = (entry, score) }
        }
      }
      probe.nodes[input.index].value = original
    }
    return Report(
      passed: failures.isEmpty, worst: worst?.entry, failures: failures, kinks: kinks,
      comparedCount: compared)
  }

  /// For each kink node, the branch it takes entry by entry (see ``Op/branches(_:)``).
  private func signature(of graph: Graph, at kinkNodes: [Int]) -> [[Int]] {
    kinkNodes.map { index in
      let node = graph.nodes[index]
      return node.op.branches(node.parents.map { graph.nodes[$0.index].value })
    }
  }

  /// The position of the first kink node that takes another branch in one of the
  /// nudged evaluations: a relu input that crosses 0 or leaves it, a maximum that
  /// changes hands.
  private func firstDifference(_ base: [[Int]], _ plus: [[Int]], _ minus: [[Int]]) -> Int? {
    base.indices.first { base[$0] != plus[$0] || base[$0] != minus[$0] }
  }
}
