import Testing

@testable import TutorEngine

/// The language's functions are declared by the op families, beside each op's forward and
/// backward (``Op/languageFunctions``), and build their nodes through ``FunctionArguments``
/// alone: the engine needs no parser to build a call.
struct LanguageFunctionTests {
  /// Arguments already evaluated: unnamed ones as tensors, named ones as numbers.
  struct Given: FunctionArguments {
    var graph = Graph()
    var positional: [Tensor]
    var labelled: [String: Double] = [:]

    var count: Int { positional.count }
    func has(_ label: String) -> Bool { labelled[label] != nil }
    mutating func node(_ position: Int) throws -> Graph.NodeID {
      try graph.constant(positional[position])
    }
    mutating func node(_ label: String) throws -> Graph.NodeID? {
      try labelled[label].map { (value) throws(EngineError) in try graph.constant(Tensor(value)) }
    }
    mutating func integer(_ position: Int, what: String, minimum: Int) throws -> Int {
      Int(positional[position].scalars[0])
    }
    mutating func integer(_ label: String, what: String, minimum: Int) throws -> Int? {
      labelled[label].map { Int($0) }
    }
    mutating func dimension() throws -> Int? { labelled["dim"].map { Int($0) } }
    mutating func stack(dim: Int) throws -> Graph.NodeID {
      throw EngineError.invalidArgument(op: "concat", message: "not in this test")
    }
    func value(of node: Graph.NodeID) -> Tensor { graph.nodes[node.index].value }
    mutating func build(_ body: (inout Graph) throws(EngineError) -> Graph.NodeID) throws
      -> Graph.NodeID
    { try body(&graph) }
    mutating func constant(_ make: (EngineLimits) throws(EngineError) -> Tensor) throws
      -> Graph.NodeID
    { try graph.constant(make(graph.limits)) }
    func usageError(_ message: String, at place: ArgumentPlace) -> any Error {
      EngineError.invalidArgument(op: "call", message: message)
    }
    func shapeError(_ message: String, at place: ArgumentPlace) -> any Error {
      EngineError.invalidArgument(op: "call", message: message)
    }
  }

  static func function(_ name: String) throws -> LanguageFunction {
    try #require(Op.languageFunctions.first { $0.name == name })
  }

  static func call(_ name: String, _ given: Given) throws -> Tensor {
    var arguments: any FunctionArguments = given
    let node = try function(name).build(&arguments)
    return arguments.value(of: node)
  }

  @Test("each name once; the element-wise ones first, as eval --help lists them")
  func names() {
    let names = Op.languageFunctions.map(\.name)
    #expect(Set(names).count == names.count)
    #expect(
      Array(names.prefix(Op.elementwiseFunctions.count)) == Op.elementwiseFunctions.map(\.name))
    #expect(names.contains("conv2d") && names.contains("maxpool2d") && names.contains("sum"))
  }

  @Test("sum(X, dim = 1) is the row of column sums; without dim, the sum of all entries")
  func sum() throws {
    let x = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    #expect(try Self.call("sum", Given(positional: [x], labelled: ["dim": 1])).scalars == [4, 6])
    #expect(try Self.call("sum", Given(positional: [x])).scalars == [10])
  }

  @Test("maxpool2d's stride is its window size unless given")
  func poolStride() throws {
    let x = try Tensor(shape: [3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let size = Tensor(2)
    #expect(try Self.call("maxpool2d", Given(positional: [x, size])).shape == [1, 1])
    let strided = try Self.call("maxpool2d", Given(positional: [x, size], labelled: ["stride": 1]))
    #expect(strided.scalars == [5, 6, 8, 9])
  }

  @Test("max(a, b) with a dim is refused as a usage error")
  func pairwiseRefusesDim() throws {
    let given = Given(positional: [Tensor(1), Tensor(2)], labelled: ["dim": 1])
    #expect(throws: EngineError.self) { try Self.call("max", given) }
  }
}
