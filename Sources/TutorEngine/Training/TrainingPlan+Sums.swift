/// Ordered sums run two at a time: each `sum` or `mean` still adds its entries left to
/// right from 0 (the same bits as ``orderedSum(_:count:)``), but two independent chains
/// of additions advance together, so the step waits on the longer one rather than on both.
extension TrainingPlan {
  /// The sums of one group, split into two lanes run side by side (each lane in order).
  struct SumLanes {
    var first: [Instruction] = []
    var second: [Instruction] = []
  }

  /// Gathers into the first `sum` or `mean` of `code` the later ones that can run there:
  /// those whose entries are a leaf's, or made by an instruction that reads only leaves
  /// (moved up with them). Nothing in a forward pass writes a buffer twice, so computing a
  /// value earlier than its readers changes no result. Stops at a general instruction
  /// (what it reads is not recorded). Returns the new code and the group (`k` indexes it).
  static func groupingSums(_ code: [Instruction]) -> ([Instruction], [SumLanes]) {
    guard let anchor = code.firstIndex(where: { $0.kind == .sum || $0.kind == .mean })
    else { return (code, []) }
    var written = Set<Int>()
    for i in code {
      written.insert(i.out)
      if i.kind == .biasRelu { written.insert(i.c) }
    }
    func readsOnlyLeaves(_ i: Instruction) -> Bool {
      switch i.kind {
      case .add, .subtract, .multiply: !written.contains(i.a) && !written.contains(i.b)
      case .relu: !written.contains(i.a)
      default: false
      }
    }
    var moved = Set<Int>()
    var sums = [anchor]
    var hoisted: [Int] = []
    for position in (anchor + 1)..<code.count {
      let i = code[position]
      if i.kind == .general { break }
      guard i.kind == .sum || i.kind == .mean else { continue }
      if !written.contains(i.a) {
        sums.append(position)
      } else if let maker = code[anchor..<position].lastIndex(where: { $0.out == i.a }),
        maker > anchor, readsOnlyLeaves(code[maker]), !moved.contains(maker)
      {
        hoisted.append(maker)
        moved.insert(maker)
        sums.append(position)
      }
    }
    guard sums.count > 1 else { return (code, []) }
    moved.formUnion(sums)
    // Longest first into the lighter lane.
    var lanes = SumLanes()
    var load = (0, 0)
    for position in sums.sorted(by: { code[$0].m > code[$1].m }) {
      if load.0 <= load.1 {
        lanes.first.append(code[position])
        load.0 += code[position].m
      } else {
        lanes.second.append(code[position])
        load.1 += code[position].m
      }
    }
    var group = Instruction(kind: .sums)
    group.k = 0
    var result: [Instruction] = []
    for position in code.indices {
      if position == anchor {
        result += hoisted.sorted().map { code[$0] }
        result.append(group)
      } else if !moved.contains(position) {
        result.append(code[position])
      }
    }
    return (result, [lanes])
  }

  /// Runs the two lanes of `lanes` side by side, each sum from 0 in its entries' order.
  @inline(__always)
  func runSums(_ lanes: SumLanes) {
    var (one, two) = (0, 0)
    var (i1, i2) = (0, 0)
    var (s1, s2) = (0.0, 0.0)
    func finish(_ i: Instruction, _ total: Double) {
      arena[i.out] = i.kind == .mean ? total / Double(i.m) : total
    }
    while one < lanes.first.count && two < lanes.second.count {
      let (x, y) = (lanes.first[one], lanes.second[two])
      let steps = min(x.m - i1, y.m - i2)
      let (p, q) = (UnsafePointer(arena + x.a + i1), UnsafePointer(arena + y.a + i2))
      for t in 0..<steps {
        s1 += p[t]
        s2 += q[t]
      }
      (i1, i2) = (i1 + steps, i2 + steps)
      if i1 == x.m {
        finish(x, s1)
        (one, i1, s1) = (one + 1, 0, 0)
      }
      if i2 == y.m {
        finish(y, s2)
        (two, i2, s2) = (two + 1, 0, 0)
      }
    }
    for (lane, start, offset, partial) in [
      (lanes.first, one, i1, s1), (lanes.second, two, i2, s2),
    ] where start < lane.count {
      var sum = partial
      var from = offset
      for i in lane[start...] {
        let p = UnsafePointer(arena + i.a)
        for t in from..<i.m { sum += p[t] }
        finish(i, sum)
        (sum, from) = (0, 0)
      }
    }
  }
}
