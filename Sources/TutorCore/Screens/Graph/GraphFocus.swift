import TutorLessons

/// What the graph view highlights for a step: the node its `ask` reads and, on a
/// backward step, every node and edge on a path from that node to the loss.
struct GraphFocus: Equatable {
  /// The nodes the step asks about (for `grad(J, W1)`, `W1`; for `O[1, 2]`, `O`).
  var current: Set<String> = []
  /// Nodes on a path from a current node to the loss (current and loss included), on a
  /// backward step; empty otherwise.
  var path: Set<String> = []

  init() {}

  init(_ lesson: Lesson, topology: GraphLayout.Topology, step index: Int) {
    guard lesson.steps.indices.contains(index) else { return }
    let known = Set(topology.names)
    var read: [String]
    switch lesson.steps[index].question {
    case .value(let ask): read = ask.names
    case .formula(_, _, let agreement): read = agreement?.value.names ?? []
    case .choice: read = []
    }
    read = read.filter { known.contains($0) }
    let loss = lesson.loss?.text
    // `grad(J, W1)` reads the loss too; the node asked about is the other one.
    if read.contains(where: { $0 != loss }) { read.removeAll { $0 == loss } }
    current = Set(read)
    guard lesson.asksDerivative(step: index), let loss, known.contains(loss) else { return }
    var consumers: [String: [String]] = [:]
    var inputs: [String: [String]] = [:]
    for edge in topology.edges {
      consumers[edge.from, default: []].append(edge.to)
      inputs[edge.to, default: []].append(edge.from)
    }
    func reach(_ start: Set<String>, _ next: [String: [String]]) -> Set<String> {
      var seen = start
      var stack = Array(start)
      while let name = stack.popLast() {
        for other in next[name] ?? [] where seen.insert(other).inserted { stack.append(other) }
      }
      return seen
    }
    let below = reach(current, consumers)
    let above = reach([loss], inputs)
    path = below.intersection(above)
    if !path.isEmpty { path.formUnion(current) }
  }

  /// Whether the edge `from → to` lies on the highlighted path.
  func onPath(_ from: String, _ to: String) -> Bool {
    path.contains(from) && path.contains(to)
  }
}
