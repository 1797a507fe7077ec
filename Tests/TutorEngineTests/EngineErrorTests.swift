import Testing

@testable import TutorEngine

/// Every refusal is a value with a message that names the problem.
@Suite("Engine errors")
struct EngineErrorTests {
  @Test("a shape mismatch names the op and both shapes")
  func shapeMismatch() throws {
    var graph = Graph()
    let a = try graph.input(Tensor(repeating: 1, shape: [2, 3]))
    let b = try graph.input(Tensor(repeating: 1, shape: [2, 2]))
    #expect(throws: EngineError.shapeMismatch(op: "+", lhs: [2, 3], rhs: [2, 2])) {
      try graph.add(a, b)
    }
    #expect(throws: EngineError.shapeMismatch(op: "matrix product @", lhs: [2, 3], rhs: [2, 2])) {
      try graph.matmul(a, b)
    }
    let message = EngineError.shapeMismatch(op: "+", lhs: [2, 3], rhs: [2, 2]).description
    #expect(message == "+: shapes 2×3 and 2×2 do not fit")
  }

  @Test("tensors over the size cap are refused, including overflowing shapes")
  func sizeCap() throws {
    #expect(throws: EngineError.tooLarge(elements: 1_000_001, limit: 1_000_000)) {
      try Tensor(repeating: 0, shape: [1_000_001])
    }
    #expect(throws: EngineError.tooLarge(elements: nil, limit: 1_000_000)) {
      try Tensor(repeating: 0, shape: [Int.max, Int.max])
    }
    var graph = Graph(limits: EngineLimits(maxElements: 100))
    let v = try graph.input(Tensor(repeating: 1, shape: [20, 1]))
    let w = try graph.input(Tensor(repeating: 1, shape: [1, 20]))
    #expect(throws: EngineError.tooLarge(elements: 400, limit: 100)) { try graph.matmul(v, w) }
    #expect(throws: EngineError.tooLarge(elements: 400, limit: 100)) { try graph.unary(.diag, v) }
    #expect(throws: EngineError.tooLarge(elements: 400, limit: 100)) { try graph.add(v, w) }
    let e = try graph.unary(.exp, v)
    let wide = try graph.matmul(w, v)
    #expect(throws: EngineError.tooLarge(elements: 400, limit: 100)) {
      try graph.jacobian(of: e, withRespectTo: v)
    }
    #expect(try graph.value(of: wide) == Tensor(rows: [[20]]))
  }

  @Test("invalid shapes: negative extents, rank above 4, wrong scalar count, ragged rows")
  func invalidShapes() {
    #expect(throws: EngineError.self) { try Tensor(shape: [-1, 2], scalars: []) }
    #expect(throws: EngineError.self) { try Tensor(shape: [1, 1, 1, 1, 1], scalars: [1]) }
    #expect(throws: EngineError.scalarCountMismatch(shape: [2, 2], expected: 4, got: 3)) {
      try Tensor(shape: [2, 2], scalars: [1, 2, 3])
    }
    #expect(throws: EngineError.raggedRows(row: 2, expected: 2, got: 1)) {
      try Tensor(rows: [[1, 2], [3]])
    }
  }

  @Test("products too expensive to run are refused, not started")
  func tooMuchWork() throws {
    var graph = Graph(limits: EngineLimits(maxElements: 1_000_000, maxOperations: 1_000))
    let a = try graph.input(Tensor(repeating: 1, shape: [20, 20]))
    #expect(throws: EngineError.tooMuchWork(op: "matrix product @", operations: 8000, limit: 1000))
    {
      try graph.matmul(a, a)
    }
    let image = try graph.input(Tensor(repeating: 1, shape: [30, 30]))
    let kernel = try graph.input(Tensor(repeating: 1, shape: [5, 5]))
    #expect(throws: EngineError.self) { try graph.conv2d(image, kernel: kernel) }
  }

  @Test("many cheap products add up: the graph's total work is capped too, also on re-evaluation")
  func totalWork() throws {
    var graph = Graph(limits: EngineLimits(maxOperations: 1_000, maxTotalOperations: 4_500))
    let a = try graph.input(Tensor(repeating: 1, shape: [10, 10]))
    var last = a
    // Each 10×10 product is 1,000 multiply-adds: under the per-op cap, four fit the total.
    for _ in 0..<4 { last = try graph.matmul(last, a) }
    #expect(graph.workDone == 4_000)
    #expect(throws: EngineError.self) { try graph.matmul(last, a) }
    // Re-evaluating starts the count again.
    try graph.reevaluate()
    #expect(graph.workDone == 4_000)
    let error = EngineError.tooMuchWork(op: "@", operations: 5_500, limit: 5_000)
    #expect(error.description == "@: too much work (5500 multiply-adds, the limit is 5000)")
  }

  @Test("picks outside the tensor name the 1-based index")
  func pickOutOfRange() throws {
    var graph = Graph()
    let w = try graph.input(Tensor(rows: [[1, 2], [3, 4]]))
    #expect(throws: EngineError.indexOutOfRange(index: [3, 1], shape: [2, 2])) {
      try graph.pick(w, [3, 1])
    }
    #expect(throws: EngineError.indexOutOfRange(index: [0, 1], shape: [2, 2])) {
      try graph.pick(w, [0, 1])
    }
    let message = EngineError.indexOutOfRange(index: [3, 1], shape: [2, 2]).description
    #expect(message.contains("1-based"))
  }

  @Test("only givens can be set, and only to their own shape")
  func settingValues() throws {
    var graph = Graph()
    let x = try graph.input(Tensor(3), name: "x")
    let y = try graph.unary(.exp, x, name: "y")
    let c = try graph.constant(Tensor(1), name: "c")
    #expect(throws: EngineError.notALeaf(node: "y")) { try graph.setValue(Tensor(1), of: y) }
    #expect(throws: EngineError.notALeaf(node: "c")) { try graph.setValue(Tensor(1), of: c) }
    #expect(throws: EngineError.shapeMismatch(op: "set x", lhs: [], rhs: [2, 1])) {
      try graph.setValue(Tensor.column([1, 2]), of: x)
    }
    #expect(throws: EngineError.unknownNode("z")) { try graph.setValues(["z": Tensor(1)]) }
  }

  @Test("gradients need a scalar output; names are unique")
  func queries() throws {
    var graph = Graph()
    let v = try graph.input(Tensor.column([1, 2]), name: "v")
    #expect(throws: EngineError.notScalar(node: "v", shape: [2, 1])) {
      try graph.gradient(of: v, withRespectTo: v)
    }
    #expect(throws: EngineError.duplicateName("v")) { try graph.input(Tensor(1), name: "v") }
    #expect(throws: EngineError.unknownNode("#99")) {
      try graph.value(of: Graph.NodeID(index: 99))
    }
  }

  @Test("convolution parameters out of their domain")
  func convolutionArguments() throws {
    var graph = Graph()
    let image = try graph.input(Tensor(repeating: 1, shape: [3, 3]))
    let kernel = try graph.input(Tensor(repeating: 1, shape: [2, 2]))
    #expect(
      throws: EngineError.invalidArgument(op: "conv2d", message: "stride must be at least 1, got 0")
    ) {
      try graph.conv2d(image, kernel: kernel, stride: 0)
    }
    #expect(throws: EngineError.self) { try graph.conv2d(image, kernel: kernel, padding: -1) }
    #expect(throws: EngineError.self) { try graph.conv2d(image, kernel: kernel, padding: Int.max) }
    let big = try graph.input(Tensor(repeating: 1, shape: [4, 4]))
    #expect(throws: EngineError.self) { try graph.conv2d(kernel, kernel: big) }
    let channels = try graph.input(Tensor(repeating: 1, shape: [2, 3, 3]))
    let filters = try graph.input(Tensor(repeating: 1, shape: [1, 3, 2, 2]))
    #expect(throws: EngineError.shapeMismatch(op: "conv2d", lhs: [2, 3, 3], rhs: [1, 3, 2, 2])) {
      try graph.conv2d(channels, kernel: filters)
    }
  }

  @Test("ops that need a vector or scalar refuse other shapes")
  func unsupportedShapes() throws {
    var graph = Graph()
    let m = try graph.input(Tensor(rows: [[1, 2], [3, 4]]))
    #expect(throws: EngineError.self) { try graph.softmax(m) }
    #expect(throws: EngineError.self) { try graph.unary(.diag, m) }
    #expect(throws: EngineError.self) { try graph.pNormPower(m, p: m) }
    let cube = try graph.input(Tensor(repeating: 1, shape: [2, 2, 2]))
    #expect(throws: EngineError.self) { try graph.unary(.transpose, cube) }
    #expect(throws: EngineError.self) { try graph.reshape(m, to: [3]) }
    #expect(throws: EngineError.self) { try graph.apply(.add, [m]) }
  }
}
