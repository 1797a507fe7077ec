import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// The lesson's computation graph as a layered drawing (Sugiyama): layers by longest
/// path from the givens, crossings reduced by barycentres, each edge routed with
/// horizontal and vertical runs through its own channel between two layers and ending
/// in one arrowhead at the box that consumes it.
///
/// Coordinates are cells of an unbounded canvas (x right, y down, both from 0); the
/// painter scrolls a window over it. Pure: the same lesson, values and width give the
/// same drawing.
struct GraphLayout {
  /// What a line of a box shows (so the painter styles it without reading its text).
  enum LineKind {
    case title, expression, value, gradient

    /// One character naming the kind, for remembered lines.
    var tag: String {
      switch self {
      case .title: "t"
      case .expression: "e"
      case .value: "v"
      case .gradient: "g"
      }
    }

    init(tag: Character) {
      switch tag {
      case "t": self = .title
      case "e": self = .expression
      case "g": self = .gradient
      default: self = .value
      }
    }
  }

  struct Box {
    var name: String
    var lines: [String]
    /// The kind of each line of ``lines``.
    var kinds: [LineKind]
    var layer: Int
    /// Top-left corner and size of the frame, in cells.
    var x = 0
    var y = 0
    var width = 0
    var height = 0
  }

  struct Point: Equatable {
    var x: Int
    var y: Int
  }

  /// One edge of the lesson's graph: `from` is read by the expression of `to`.
  struct Edge {
    var from: String
    var to: String
    /// Corners of the route, from the source box's right side to the cell left of the
    /// consumer's frame (where the arrowhead goes); consecutive points share a row or
    /// a column.
    var points: [Point]
  }

  var boxes: [Box]
  var edges: [Edge]
  /// The canvas size in cells.
  var width: Int
  var height: Int

  /// The box of `name`.
  func box(named name: String) -> Box? { boxes.first { $0.name == name } }

  // MARK: - Topology

  /// Nodes (givens, then graph quantities, in file order), edges and layers: what the
  /// drawing and the arrow keys share. Needs no values.
  struct Topology {
    var names: [String]
    /// `edges[k]` = (source, consumer), for every name an expression reads.
    var edges: [(from: String, to: String)]
    var layer: [String: Int]
    /// Each layer's real nodes, top to bottom after crossing reduction.
    var order: [[String]]
    /// Slots per layer (real nodes and the dummies long edges pass through), in order.
    fileprivate var slots: [[Int]]
    fileprivate var slotName: [String?]
    fileprivate var slotLayer: [Int]
    fileprivate var predecessors: [[Int]]
    fileprivate var successors: [[Int]]

    init(_ lesson: Lesson) {
      names = lesson.givens.map(\.name) + lesson.graph.map(\.name)
      let known = Set(names)
      var inputs: [String: [String]] = [:]
      // A given computed from other givens (`X: '[x1, x2]'`) is a node fed by them.
      for given in lesson.givens {
        inputs[given.name] = Self.unique(given.expression.names.filter { known.contains($0) })
          .filter { $0 != given.name }
      }
      for definition in lesson.graph {
        inputs[definition.name] = Self.unique(
          definition.expression.names.filter { known.contains($0) && $0 != definition.name })
      }
      edges = names.flatMap { name in (inputs[name] ?? []).map { (from: $0, to: name) } }

      // Layers: longest path from the nodes nothing feeds (relaxed, so any order works).
      var layer: [String: Int] = [:]
      for name in names { layer[name] = 0 }
      for _ in 0..<names.count {
        var changed = false
        for edge in edges where layer[edge.to]! < layer[edge.from]! + 1 {
          layer[edge.to] = layer[edge.from]! + 1
          changed = true
        }
        if !changed { break }
      }
      // A source sits just left of its first consumer (fewer long edges: `y` beside `J`).
      var consumers: [String: [String]] = [:]
      for edge in edges { consumers[edge.from, default: []].append(edge.to) }
      for name in names where (inputs[name] ?? []).isEmpty {
        if let first = consumers[name]?.compactMap({ layer[$0] }).min() {
          layer[name] = max(0, first - 1)
        }
      }
      self.layer = layer

      // Slots: real nodes, then one dummy per layer an edge skips.
      let layerCount = (layer.values.max() ?? 0) + 1
      var slotName: [String?] = names
      var slotLayer = names.map { layer[$0]! }
      var predecessors = Array(repeating: [Int](), count: names.count)
      var successors = Array(repeating: [Int](), count: names.count)
      let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
      for edge in edges {
        var previous = index[edge.from]!
        for hop in (layer[edge.from]! + 1)..<max(layer[edge.from]! + 1, layer[edge.to]!) {
          slotName.append(nil)
          slotLayer.append(hop)
          predecessors.append([previous])
          successors.append([])
          successors[previous].append(slotName.count - 1)
          previous = slotName.count - 1
        }
        let target = index[edge.to]!
        successors[previous].append(target)
        predecessors[target].append(previous)
      }
      var slots = Array(repeating: [Int](), count: layerCount)
      for slot in slotName.indices { slots[slotLayer[slot]].append(slot) }
      (self.slotName, self.slotLayer, self.predecessors, self.successors) = (
        slotName, slotLayer, predecessors, successors
      )
      self.slots = Self.reduceCrossings(slots, predecessors, successors)
      order = self.slots.map { $0.compactMap { slotName[$0] } }
    }

    private static func unique(_ names: [String]) -> [String] {
      var seen: Set<String> = []
      return names.filter { seen.insert($0).inserted }
    }

    /// Barycentre sweeps, down then up, four times; the order with fewest crossings wins.
    private static func reduceCrossings(
      _ initial: [[Int]], _ predecessors: [[Int]], _ successors: [[Int]]
    ) -> [[Int]] {
      var slots = initial
      var best = slots
      var bestCrossings = crossings(slots, successors)
      func sweep(_ layers: [Int], neighbours: [[Int]], fixed: (Int) -> Int) {
        for layer in layers {
          let adjacent = slots[fixed(layer)]
          var position = [Int: Int]()
          for (offset, slot) in adjacent.enumerated() { position[slot] = offset }
          let keyed = slots[layer].enumerated().map { offset, slot -> (Double, Int, Int) in
            let places = neighbours[slot].compactMap { position[$0] }
            let centre =
              places.isEmpty ? Double(offset) : Double(places.reduce(0, +)) / Double(places.count)
            return (centre, offset, slot)
          }
          slots[layer] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        }
      }
      guard slots.count > 1 else { return slots }
      for _ in 0..<4 {
        sweep(Array(1..<slots.count), neighbours: predecessors) { $0 - 1 }
        sweep(Array((0..<(slots.count - 1)).reversed()), neighbours: successors) { $0 + 1 }
        let count = crossings(slots, successors)
        if count < bestCrossings {
          best = slots
          bestCrossings = count
        }
        if count == 0 { break }
      }
      return best
    }

    /// Pairs of edges between adjacent layers whose ends are in opposite orders.
    static func crossings(_ slots: [[Int]], _ successors: [[Int]]) -> Int {
      var total = 0
      for layer in 0..<max(0, slots.count - 1) {
        var position = [Int: Int]()
        for (offset, slot) in slots[layer + 1].enumerated() { position[slot] = offset }
        var pairs: [(Int, Int)] = []
        for (offset, slot) in slots[layer].enumerated() {
          for next in successors[slot] { if let p = position[next] { pairs.append((offset, p)) } }
        }
        for i in pairs.indices {
          for j in (i + 1)..<pairs.count
          where (pairs[i].0 - pairs[j].0) * (pairs[i].1 - pairs[j].1) < 0 {
            total += 1
          }
        }
      }
      return total
    }
  }

  // MARK: - Drawing

  /// The drawing of `bound`'s graph: boxes with name, expression, value and (when
  /// `showGradients`) the loss gradient, each value through `concealment` (`?` until
  /// earned); box lines at most `boxWidth` cells.
  init(
    _ bound: BoundLesson, topology: Topology, showGradients: Bool, style: MathStyle,
    concealment: Concealment, boxWidth: Int
  ) {
    let lesson = bound.lesson
    let ellipsis = style == .ascii ? "..." : "…"
    // The expression of each quantity, and of each given computed from other givens.
    var definitions = Dictionary(
      lesson.graph.map { ($0.name, $0.expression.text) }, uniquingKeysWith: { a, _ in a })
    for given in lesson.givens where topology.edges.contains(where: { $0.to == given.name }) {
      definitions[given.name] = given.expression.text
    }
    var boxOf: [String: Box] = [:]
    let presenter = LessonPresenter(bound)
    for name in topology.names {
      // Remembered per binding: a box's text changes only with the concealment.
      let tagged = presenter.remembered(
        "graph box \(name) \(showGradients)", width: boxWidth, style: style,
        concealment: concealment
      ) {
        let (lines, kinds) = Self.lines(
          bound, name, expression: definitions[name], showGradients, style, concealment)
        return zip(lines, kinds).map { line, kind in
          kind.tag + TextWidth.truncated(line, to: boxWidth, ellipsis: ellipsis)
        }
      }
      let cut = tagged.map { String($0.dropFirst()) }
      let kinds = tagged.map { LineKind(tag: $0.first ?? "v") }
      boxOf[name] = Box(
        name: name, lines: cut, kinds: kinds, layer: topology.layer[name] ?? 0,
        width: (cut.map(TextWidth.cells(of:)).max() ?? 0) + 4, height: cut.count + 2)
    }
    let slotCount = topology.slotName.count
    // In-ports: each incoming edge enters its box on its own row; boxes grow to fit them.
    for (slot, name) in topology.slotName.enumerated() {
      guard let name, var box = boxOf[name] else { continue }
      box.height = max(box.height, topology.predecessors[slot].count + 2)
      boxOf[name] = box
    }

    // Rows, layer by layer: each slot as near as it may be to the middle of what feeds
    // it, below the one above it.
    var top = Array(repeating: 0, count: slotCount)
    var inRow = [[Int: Int]](repeating: [:], count: slotCount)  // predecessor slot → row
    func outRow(_ slot: Int) -> Int { top[slot] + (topology.slotName[slot] == nil ? 0 : 1) }
    func slotHeight(_ slot: Int) -> Int {
      topology.slotName[slot].flatMap { boxOf[$0]?.height } ?? 1
    }
    for layer in topology.slots {
      var cursor = 0
      for slot in layer {
        let sources = topology.predecessors[slot].sorted { outRow($0) < outRow($1) }
        var wanted = cursor
        if !sources.isEmpty {
          let middle = Double(sources.map(outRow).reduce(0, +)) / Double(sources.count)
          let isDummy = topology.slotName[slot] == nil
          let offset = isDummy ? 0 : 1 + (sources.count - 1) / 2
          wanted = max(cursor, Int(middle.rounded()) - offset)
        }
        top[slot] = wanted
        let firstPort = top[slot] + (topology.slotName[slot] == nil ? 0 : 1)
        for (k, source) in sources.enumerated() { inRow[slot][source] = firstPort + k }
        cursor = top[slot] + slotHeight(slot) + 1
      }
    }

    // Columns: as wide as their widest box; gaps as wide as their channels need.
    let layerCount = topology.slots.count
    let columnWidth = (0..<layerCount).map { layer in
      max(1, topology.order[layer].compactMap { boxOf[$0]?.width }.max() ?? 1)
    }
    // Channel groups per gap: one per source slot whose edges do not run straight.
    var groups = [[Int]](repeating: [], count: layerCount)
    for (layer, slots) in topology.slots.enumerated() where layer + 1 < layerCount {
      var bent: [Int] = []
      for slot in slots where !topology.successors[slot].isEmpty {
        let targets = topology.successors[slot]
        if targets.count == 1, inRow[targets[0]][slot] == outRow(slot) { continue }
        bent.append(slot)
      }
      groups[layer] = Self.channelOrder(bent, topology, outRow: outRow, inRow: inRow)
    }
    // A channel per group, then one cell of line and the arrowhead.
    let gapWidth = groups.map { $0.count + 2 }
    var columnX = Array(repeating: 1, count: layerCount)
    for layer in 1..<max(1, layerCount) {
      columnX[layer] = columnX[layer - 1] + columnWidth[layer - 1] + gapWidth[layer - 1]
    }

    // Routes: every slot-to-slot hop, joined into one polyline per edge of the lesson.
    var channel = [Int: Int]()  // source slot → x of its vertical run
    for (layer, group) in groups.enumerated() {
      for (k, slot) in group.enumerated() {
        channel[slot] = columnX[layer] + columnWidth[layer] + 1 + k
      }
    }
    func startX(_ slot: Int) -> Int {
      if let name = topology.slotName[slot], let box = boxOf[name] {
        return columnX[box.layer] + box.width
      }
      return columnX[topology.slotLayer[slot]]
    }
    func endX(_ slot: Int) -> Int {
      columnX[topology.slotLayer[slot]] - (topology.slotName[slot] == nil ? 0 : 1)
    }
    var routes: [Edge] = []
    let index = Dictionary(
      uniqueKeysWithValues: topology.names.enumerated().map { ($1, $0) })
    for edge in topology.edges {
      var slot = index[edge.from]!
      let target = index[edge.to]!
      var points: [Point] = []
      // Follow the chain of dummies to the consumer.
      while true {
        let next =
          topology.successors[slot].first { $0 == target }
          ?? topology.successors[slot].first { candidate in
            topology.slotName[candidate] == nil && Self.leadsTo(candidate, target, topology)
          }
        guard let next else { break }
        let from = Point(x: startX(slot), y: outRow(slot))
        let to = Point(x: endX(next), y: inRow[next][slot] ?? outRow(slot))
        points.append(from)
        if let x = channel[slot] {
          points.append(Point(x: x, y: from.y))
          points.append(Point(x: x, y: to.y))
        }
        points.append(to)
        if next == target { break }
        slot = next
      }
      routes.append(Edge(from: edge.from, to: edge.to, points: points))
    }

    boxes = topology.names.compactMap { name -> Box? in
      guard var box = boxOf[name], let slot = index[name] else { return nil }
      box.x = columnX[box.layer]
      box.y = top[slot]
      return box
    }
    edges = routes
    width =
      (0..<layerCount).map { columnX[$0] + columnWidth[$0] }.max().map { $0 + 1 } ?? 1
    height = (boxes.map { $0.y + $0.height }.max() ?? 0)
  }

  /// Whether following dummies from `slot` reaches `target`.
  private static func leadsTo(_ slot: Int, _ target: Int, _ topology: Topology) -> Bool {
    var current = slot
    while topology.slotName[current] == nil {
      guard let next = topology.successors[current].first else { return false }
      current = next
    }
    return current == target
  }

  /// Channels left to right: by source row, except that a source whose row is also a
  /// row where another group's edge arrives goes left of it (so the two runs on that row
  /// never overlap).
  private static func channelOrder(
    _ groups: [Int], _ topology: Topology, outRow: (Int) -> Int, inRow: [[Int: Int]]
  ) -> [Int] {
    var remaining = groups.sorted { outRow($0) < outRow($1) }
    var result: [Int] = []
    func arrivals(_ slot: Int) -> Set<Int> {
      Set(topology.successors[slot].compactMap { inRow[$0][slot] })
    }
    while !remaining.isEmpty {
      // The first group no other remaining group must precede.
      let pick =
        remaining.firstIndex { candidate in
          !remaining.contains { other in
            other != candidate && arrivals(candidate).contains(outRow(other))
          }
        } ?? 0
      result.append(remaining.remove(at: pick))
    }
    return result
  }

  static func lines(
    _ bound: BoundLesson, _ name: String, expression: String?, _ showGradients: Bool,
    _ style: MathStyle, _ concealment: Concealment
  ) -> ([String], [LineKind]) {
    func shown(_ value: Tensor, _ visible: Bool) -> String {
      visible ? TensorFormat.value(value, style: style) : "?"
    }
    var lines: [(String, LineKind)] = [
      (LessonPresenter.label(of: name, in: bound.lesson, style: style), .title)
    ]
    if let expression { lines.append((expression.trimmingWhitespace(), .expression)) }
    if let value = bound.value(of: name) {
      lines.append(("= " + shown(value, concealment.showsValue(of: name, value)), .value))
    }
    if showGradients, let gradient = bound.lossGradients[name],
      let tex = bound.gradientTeX(of: name)
    {
      let visible = concealment.showsGradient(of: name, gradient)
      lines.append(
        (MathRenderer.inline(tex, style: style) + " = " + shown(gradient, visible), .gradient))
    }
    return (lines.map(\.0), lines.map(\.1))
  }
}
