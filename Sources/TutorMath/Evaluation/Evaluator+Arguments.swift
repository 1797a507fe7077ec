import TutorEngine

extension MathFunction {
  /// The language's form of a function an op family declares (``Op/languageFunctions``).
  init(_ function: LanguageFunction) {
    self.init(
      function.name, function.positional, labels: function.labels, usage: function.usage,
      function.summary
    ) { (evaluator: inout Evaluator, call: FunctionCall) throws(MathError) -> Graph.NodeID in
      try evaluator.build(function, call)
    }
  }
}

extension Evaluator {
  /// Builds a call of an op family's function, handing it the call's arguments.
  mutating func build(_ function: LanguageFunction, _ call: FunctionCall) throws(MathError)
    -> Graph.NodeID
  {
    do {
      return try withUnsafeMutablePointer(to: &self) { evaluator in
        var arguments: any FunctionArguments = CallArguments(evaluator: evaluator, call: call)
        return try function.build(&arguments)
      }
    } catch let error as MathError {
      throw error
    } catch {
      throw MathError(.evaluation, String(describing: error), at: call.range)
    }
  }
}

/// A call's arguments for an op family's builder: each evaluated by the evaluator when
/// the builder asks, its errors ``MathError``s at the argument's place in the source.
/// Lives only while the builder runs (it points at the evaluator building the call).
private struct CallArguments: FunctionArguments {
  let evaluator: UnsafeMutablePointer<Evaluator>
  let call: FunctionCall

  var count: Int { call.positional.count }

  func has(_ label: String) -> Bool { call.argument(label) != nil }

  mutating func node(_ position: Int) throws -> Graph.NodeID {
    try evaluator.pointee.node(for: call.positional[position])
  }

  mutating func node(_ label: String) throws -> Graph.NodeID? {
    guard let expr = call.argument(label) else { return nil }
    return try evaluator.pointee.node(for: expr)
  }

  mutating func integer(_ position: Int, what: String, minimum: Int) throws -> Int {
    try evaluator.pointee.integer(call.positional[position], what: what, minimum: minimum)
  }

  mutating func integer(_ label: String, what: String, minimum: Int) throws -> Int? {
    guard let expr = call.argument(label) else { return nil }
    return try evaluator.pointee.integer(expr, what: what, minimum: minimum)
  }

  mutating func dimension() throws -> Int? { try evaluator.pointee.dimension(call) }

  mutating func stack(dim: Int) throws -> Graph.NodeID {
    let entries = call.positional
    return try evaluator.pointee.matrix(
      dim == 1 ? entries.map { [$0] } : [entries], nestedList: false, range: call.range)
  }

  func value(of node: Graph.NodeID) -> Tensor { evaluator.pointee.value(of: node) }

  mutating func build(_ body: (inout Graph) throws(EngineError) -> Graph.NodeID) throws
    -> Graph.NodeID
  {
    try evaluator.pointee.apply(call, body)
  }

  mutating func constant(_ make: (EngineLimits) throws(EngineError) -> Tensor) throws
    -> Graph.NodeID
  {
    let limits = evaluator.pointee.graph.limits
    return try evaluator.pointee.fixed(call.range) { () throws(EngineError) in try make(limits) }
  }

  func usageError(_ message: String, at place: ArgumentPlace) -> any Error {
    call.error(message, at: range(of: place))
  }

  func shapeError(_ message: String, at place: ArgumentPlace) -> any Error {
    MathError(.shape, message, at: range(of: place))
  }

  private func range(of place: ArgumentPlace) -> SourceRange {
    switch place {
    case .call: return call.range
    case .position(let position): return call.positional[position].range
    case .label(let label): return call.argument(label)?.range ?? call.range
    }
  }
}
