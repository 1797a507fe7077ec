import CKernels

/// Recording a graph's step as instructions, once: the forward in graph order and the
/// backward in the order of the plain walk (``Graph/reverse(from:seed:relevant:continuing:)``),
/// which contribution writes and which adds decided here rather than at run time.
extension TrainingPlan {
  /// One instruction: plain data (no references), so running the list retains nothing.
  struct Instruction {
    enum Kind: UInt8 {
      // forward
      case matmul, add, subtract, multiply, relu, biasRelu, denseRelu, sum, mean, sums, general
      // backward
      case seed, productLeft, productRight, reduceSame, reduceAll, reduceRows
      case multiplyGradient, reluGradient, spreadSum, spreadMean, spreadSumSquare
      case biasReluGradient
      case generalGradient
    }

    var kind: Kind
    var pattern: Broadcast.Pattern = .same
    /// Add into the target instead of writing it (and, for a fused pair, the second target).
    var accumulate = false
    var accumulateSecond = false
    var accumulateThird = false
    var sign = 1.0
    /// The node, for the general instructions (backward, `k` is its entry in `general`).
    var node = 0
    var m = 0
    var k = 0
    var n = 0
    /// Buffers: before layout a ``Slot`` code, after it an offset into the arena (−1: none).
    var out = -1
    var a = -1
    var b = -1
    var c = -1
    var d = -1
    var e = -1
    var f = -1

    /// The instruction with every slot code replaced by its offset.
    func resolved(_ values: [Int], _ gradients: [Int]) -> Instruction {
      var copy = self
      func place(_ code: Int) -> Int {
        code < 0 ? -1 : (code % 2 == 0 ? values[code / 2] : gradients[code / 2])
      }
      (copy.out, copy.a, copy.b, copy.c, copy.d, copy.e, copy.f) = (
        place(out), place(a), place(b), place(c), place(d), place(e), place(f)
      )
      return copy
    }
  }

  /// A node's value or gradient buffer, before the arena is laid out.
  enum Slot {
    static func value(_ index: Int) -> Int { 2 * index }
    static func gradient(_ index: Int) -> Int { 2 * index + 1 }
  }

  /// Which parents a general backward needs and which of their buffers it adds into.
  struct GeneralGradient {
    var needed: [Bool]
    var accumulate: [Bool]
  }

  struct Compiler {
    let nodes: [Graph.Node]
    var forward: [Instruction] = []
    var backward: [Instruction] = []
    var general: [GeneralGradient] = []
    var fallback: Set<Int> = []
    /// Add nodes fused with the relu right after them (forward and backward).
    var fusedAdds: Set<Int> = []
    /// The instructions a layer fused with its product (``Instruction/Kind/denseRelu``)
    /// stands for: its product and its add-bias-and-relu, run only when someone reads the
    /// product's or the sum's value (the step itself never does).
    var deferred: [Instruction] = []
    /// Nodes whose gradient shares the buffer of another's (by index): the operand of a
    /// fused add whose only reader is that add has the add's gradient, as has an operand of
    /// an add (or the left of a subtraction) of its shape whose only reader that is; none is
    /// copied.
    var sharedGradient: [Int: Int] = [:]
    /// Products whose weight gradient ran with their fused add's backward (see
    /// ``ck_relu_backward_weights``), by the product's index.
    var fusedWeightGradients: Set<Int> = []
    /// Squares `q ⊙ q` whose backward ran with the sum reading them (`spreadSumSquare`).
    var foldedSquares: Set<Int> = []
    var consumers: [Int]

    init(nodes: [Graph.Node]) {
      self.nodes = nodes
      var consumers = [Int](repeating: 0, count: nodes.count)
      for node in nodes { for parent in node.parents { consumers[parent.index] += 1 } }
      self.consumers = consumers
    }

    private func count(_ index: Int) -> Int { nodes[index].value.scalars.count }
    private func shape(_ index: Int) -> [Int] { nodes[index].value.shape }

    /// The `1×n` bias added to every row of an `m×n` matrix just before a relu that is the
    /// sum's only reader: the pair the plan fuses.
    private func fusesWithNextRelu(_ index: Int) -> Bool {
      let node = nodes[index]
      guard node.op == .add, index + 1 < nodes.count, consumers[index] == 1,
        nodes[index + 1].op == .relu, nodes[index + 1].parents == [Graph.NodeID(index: index)]
      else { return false }
      let (a, b) = (node.parents[0].index, node.parents[1].index)
      return a != b
        && Broadcast.Pattern(outShape: shape(index), shape(a), shape(b)) == .row
    }

    /// A product read only by its fused bias add, short enough in k for ``ck_dense_relu``
    /// to repeat the product's sums.
    private func fusesWithProduct(_ index: Int) -> Bool {
      let node = nodes[index]
      guard node.op == .matmul, consumers[index] == 1 else { return false }
      let k = nodes[node.parents[0].index].value.matrixExtents.columns
      return k >= 1 && k <= Int(CK_DENSE_MAX_K)
    }

    mutating func compileForward() {
      var index = 0
      while index < nodes.count {
        defer { index += 1 }
        let node = nodes[index]
        if node.parents.isEmpty { continue }
        let parents = node.parents.map(\.index)
        var i = Instruction(kind: .general, node: index, out: Slot.value(index))
        switch node.op {
        case .matmul:
          let (m, k) = nodes[parents[0]].value.matrixExtents
          i.kind = .matmul
          (i.m, i.k, i.n) = (m, k, nodes[parents[1]].value.matrixExtents.columns)
          (i.a, i.b) = (Slot.value(parents[0]), Slot.value(parents[1]))
        case .add where fusesWithNextRelu(index):
          i.kind = .biasRelu
          (i.m, i.n) = (shape(index)[0], shape(index)[1])
          (i.a, i.b, i.c) = (Slot.value(parents[0]), Slot.value(parents[1]), Slot.value(index + 1))
          fusedAdds.insert(index)
          index += 1
          if let product = forward.lastIndex(where: {
            $0.kind == .matmul && $0.out == Slot.value(parents[0])
          }), fusesWithProduct(parents[0]) {
            // The whole layer in one pass storing only h; the product and the sum are
            // recomputed from these two when read (nothing in the step reads them).
            deferred += [forward.remove(at: product), i]
            let p = deferred[deferred.count - 2]
            i = Instruction(
              kind: .denseRelu, node: index, m: p.m, k: p.k, n: p.n, out: Slot.value(index),
              a: p.a, b: p.b, c: Slot.value(parents[1]))
          }
        case .add, .subtract, .multiply:
          guard
            let pattern = Broadcast.Pattern(
              outShape: shape(index), shape(parents[0]), shape(parents[1])), count(index) > 0
          else { break }
          i.kind = node.op == .add ? .add : (node.op == .subtract ? .subtract : .multiply)
          i.pattern = pattern
          (i.m, i.n) = (count(index), shape(index).last ?? 1)
          (i.a, i.b) = (Slot.value(parents[0]), Slot.value(parents[1]))
        case .relu:
          i.kind = .relu
          i.m = count(index)
          i.a = Slot.value(parents[0])
        case .sum, .mean:
          guard count(parents[0]) > 0 else { break }
          i.kind = node.op == .sum ? .sum : .mean
          i.m = count(parents[0])
          i.a = Slot.value(parents[0])
        default:
          break
        }
        if i.kind == .general { fallback.insert(index) }
        forward.append(i)
      }
    }

    /// `q` when `index` is `q ⊙ q` read only by the sum `reader` right after it (nothing in
    /// between adds to ∂q, so its backward can run with the sum's), else nil.
    private func squaresOperand(of index: Int, readBy reader: Int) -> Int? {
      let node = nodes[index]
      guard node.op == .multiply, index == reader - 1, consumers[index] == 1,
        node.parents.count == 2, node.parents[0] == node.parents[1]
      else { return nil }
      return node.parents[0].index
    }

    /// Records the backward walk from `output`; returns which nodes it writes a gradient to.
    mutating func compileBackward(from output: Int, relevant: [Bool]) -> [Bool] {
      var written = [Bool](repeating: false, count: nodes.count)
      guard relevant[output] else { return written }
      backward.append(Instruction(kind: .seed, m: count(output), out: Slot.gradient(output)))
      written[output] = true
      var index = output
      while index >= 0 {
        defer { index -= 1 }
        guard written[index], !foldedSquares.contains(index) else { continue }
        let node = nodes[index]
        let parents = node.parents.map(\.index)
        if parents.isEmpty { continue }
        let g = Slot.gradient(index)
        switch node.op {
        case .matmul:
          let (a, b) = (parents[0], parents[1])
          let (m, k) = nodes[a].value.matrixExtents
          let n = nodes[b].value.matrixExtents.columns
          if relevant[a] {
            backward.append(
              Instruction(
                kind: .productLeft, accumulate: written[a], m: m, k: k, n: n,
                out: Slot.gradient(a), a: g, b: Slot.value(b)))
            written[a] = true
          }
          if relevant[b] && !fusedWeightGradients.contains(index) {
            backward.append(
              Instruction(
                kind: .productRight, accumulate: written[b], m: m, k: k, n: n,
                out: Slot.gradient(b), a: Slot.value(a), b: g))
            written[b] = true
          }
        case .relu where fusedAdds.contains(index - 1) && relevant[index - 1]:
          // The fused pair's backward: relu's, then the add's, as the walk visits them.
          let add = index - 1
          let (x, bias) = (nodes[add].parents[0].index, nodes[add].parents[1].index)
          // relu′ read from h, not z: h > 0 exactly where z > 0 (NaN gives 0 in both), and
          // a layer fused with its product stores only h.
          var i = Instruction(
            kind: .biasReluGradient, m: shape(add)[0], n: shape(add)[1],
            out: Slot.gradient(add), a: g, b: Slot.value(index))
          written[add] = true
          if relevant[x] {
            (i.c, i.accumulate) = (Slot.gradient(x), written[x])
            if !written[x] && consumers[x] == 1 && x != bias { sharedGradient[x] = add }
            written[x] = true
          }
          if relevant[bias] {
            (i.d, i.accumulateSecond) = (Slot.gradient(bias), written[bias])
            written[bias] = true
          }
          if sharedGradient[x] == add, x == add - 1, nodes[x].op == .matmul {
            // A product A·W right before the add, its gradient the add's: with A at most
            // four columns wide, Aᵀ·∂z is summed in the same pass (in registers, in the
            // product's order), and the product's own backward skips it.
            let (a, w) = (nodes[x].parents[0].index, nodes[x].parents[1].index)
            let ka = nodes[a].value.matrixExtents.columns
            if a != w, relevant[w], (2...Int(CK_BACKWARD_MAX_A)).contains(ka),
              shape(add)[0] <= Int(CK_DENSE_MAX_K)
            {
              (i.e, i.f, i.k, i.accumulateThird) = (Slot.value(a), Slot.gradient(w), ka, written[w])
              written[w] = true
              fusedWeightGradients.insert(x)
            }
          }
          backward.append(i)
          index -= 1  // the add is done
        case .add, .subtract:
          // Each parent's share summed back over its broadcast axes, by a loop the plan has
          // when every relevant parent fits one, else the whole node the general way.
          let gShape = shape(index)
          var steps: [Instruction] = []
          var shares: [Int] = []
          var after = written
          var fits = true
          for (position, p) in parents.enumerated() where relevant[p] {
            var i = Instruction(
              kind: .reduceSame, accumulate: after[p], out: Slot.gradient(p), a: g)
            i.sign = node.op == .subtract && position == 1 ? -1 : 1
            if count(p) == count(index) && i.sign == 1 && !after[p] && consumers[p] == 1 {
              // The parent's gradient is this node's, and nothing else adds to it: the same
              // buffer, nothing copied.
              shares.append(p)
              after[p] = true
              continue
            } else if count(p) == count(index) {
              i.m = count(p)
            } else if count(p) == 1 {
              (i.kind, i.m) = (.reduceAll, count(index))
            } else if gShape.count == 2 && shape(p) == [1, gShape[1]] {
              (i.kind, i.m, i.n) = (.reduceRows, gShape[0], gShape[1])
            } else {
              fits = false
              break
            }
            steps.append(i)
            after[p] = true
          }
          if fits {
            backward += steps
            written = after
            for p in shares { sharedGradient[p] = index }
          } else {
            appendGeneral(index, relevant: relevant, written: &written)
          }
        case .relu:
          let p = parents[0]
          guard relevant[p] else { break }
          backward.append(
            Instruction(
              kind: .reluGradient, accumulate: written[p], m: count(p), out: Slot.gradient(p),
              a: g, b: Slot.value(p)))
          written[p] = true
        case .sum where squaresOperand(of: parents[0], readBy: index).map({ relevant[$0] }) == true:
          // Σ q ⊙ q: the sum's spread and the square's two products in one loop, in the
          // walk's order (∂(q⊙q) written, then ∂q written or added to, then added to again).
          let (square, q) = (parents[0], squaresOperand(of: parents[0], readBy: index)!)
          backward.append(
            Instruction(
              kind: .spreadSumSquare, accumulate: written[q], m: count(q),
              out: Slot.gradient(square), a: g, b: Slot.value(q), c: Slot.gradient(q)))
          (written[square], written[q]) = (true, true)
          foldedSquares.insert(square)
        case .sum, .mean:
          let p = parents[0]
          guard relevant[p] else { break }
          backward.append(
            Instruction(
              kind: node.op == .sum ? .spreadSum : .spreadMean, accumulate: written[p],
              m: count(p), out: Slot.gradient(p), a: g))
          written[p] = true
        case .multiply where parents.allSatisfy({ count($0) == count(index) }):
          for (position, p) in parents.enumerated() where relevant[p] {
            backward.append(
              Instruction(
                kind: .multiplyGradient, accumulate: written[p], m: count(p),
                out: Slot.gradient(p), a: g, b: Slot.value(parents[1 - position])))
            written[p] = true
          }
        default:
          appendGeneral(index, relevant: relevant, written: &written)
        }
      }
      return written
    }

    /// A node's backward through its family, writing each parent the family returns a
    /// gradient for (some return one where it is not needed; the plain walk writes it too,
    /// and goes on from it), as the plain walk's default does.
    private mutating func appendGeneral(_ index: Int, relevant: [Bool], written: inout [Bool]) {
      let node = nodes[index]
      let parents = node.parents.map(\.index)
      var entry = GeneralGradient(needed: parents.map { relevant[$0] }, accumulate: [])
      // Which gradients come back depends on the op and `needed`, not on the values.
      let returned = node.op.backward(
        parents.map { nodes[$0].value }, output: node.value,
        upstream: Tensor.zeros(like: node.value), needed: entry.needed
      ).map { $0 != nil }
      for (p, comes) in zip(parents, returned) {
        entry.accumulate.append(written[p])
        if comes { written[p] = true }
      }
      backward.append(Instruction(kind: .generalGradient, node: index, k: general.count))
      general.append(entry)
      fallback.insert(index)
    }
  }
}
