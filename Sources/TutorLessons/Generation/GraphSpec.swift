import TerminalText
import TutorEngine
import TutorMath

/// A computation typed on the command line, `--graph 'h = relu(W @ x); L = sum(h^2)'`
/// with `--set W=[1 2; -1 0]`, turned into a lesson file's text: the minimal form
/// (`given`, `graph`, `loss`) whose steps ``StepGenerator`` writes. Loading that text
/// (``lesson()``) goes the way every lesson file goes.
///
/// The last quantity is the loss. A name the graph reads but never defines is a given;
/// a given without `--set` gets a seeded draw of the one shape the graph allows it
/// (no broadcasting where its shape is free), or an error naming it when the graph
/// allows several.
public struct GraphSpec: Equatable, Sendable {
  /// The quantities, in order: name and expression text.
  public var definitions: [Definition]
  /// The givens in order of first use, each with its value as text of the language.
  public var givens: [Given]
  /// Whether each given's value was drawn (not set).
  public var drawn: Set<String>
  /// The graph as typed, for the file's comment and the id.
  public var source: String

  public struct Definition: Equatable, Sendable {
    public var name: String
    public var expression: String
  }

  public struct Given: Equatable, Sendable {
    public var name: String
    public var value: String
  }

  /// Why a `--graph` or `--set` cannot be read: the message and, when it concerns a place,
  /// the text with a caret under it (``MathError/annotated(source:indent:)``).
  public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--graph` or `--set`.
    public var option: String
    public var error: MathError
    public var text: String
    /// The graph's shapes or values are wrong (exit 65), not the command line's syntax (64).
    public var isData: Bool

    public var description: String {
      "\(option): " + error.annotated(source: text)
    }

    /// Givens of `graph` that no value can be drawn for: set them (exit 65).
    static func unsettable(_ message: String, in graph: String) -> Problem {
      Problem(option: "--graph", error: MathError(.evaluation, message), text: graph, isData: true)
    }
  }

  /// The loss: the last quantity.
  public var loss: String? { definitions.last?.name }

  /// A stable lesson id for this graph and these givens: `prefix-` and 10 hex digits of
  /// an FNV-1a hash of the definitions and the givens' values.
  public func id(prefix: String = "graph") -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    let text =
      definitions.map { "\($0.name)=\($0.expression)" }.joined(separator: ";") + "|"
      + givens.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    return prefix + "-" + String(padded.prefix(10))
  }

  // MARK: - Reading

  /// Reads `graph` (definitions `name = expr` separated by `;` or new lines) and `sets`
  /// (`NAME=EXPR` each); givens left unset are drawn with `seed`.
  public static func parse(graph: String, sets: [String], seed: UInt64 = 1) throws(Problem)
    -> GraphSpec
  {
    var definitions: [Definition] = []
    var positions: [String: SourceRange] = [:]
    var offsets: [Int] = []
    var exprs: [Expr] = []
    for (statement, offset) in statements(graph) {
      let trimmed = statement.trimmingWhitespace()
      guard !trimmed.isEmpty else { continue }
      let assignment: Assignment
      do {
        assignment = try Assignment.parse(statement)
      } catch {
        throw Problem(
          option: "--graph", error: shifted(error, by: offset), text: graph, isData: false)
      }
      let equals =
        statement.firstIndex(of: "=").map { statement.distance(from: statement.startIndex, to: $0) }
        ?? 0
      let start = offset + statement.prefix { $0.isWhitespace }.count
      let nameRange = SourceRange(start, start + assignment.name.count)
      if positions[assignment.name] != nil {
        throw Problem(
          option: "--graph",
          error: MathError(
            .syntax, "`\(assignment.name)` is defined twice; each quantity once", at: nameRange),
          text: graph, isData: false)
      }
      let expressionOffset = offset + equals + 1
      let expr: Expr
      do {
        expr = try Parser.parse(assignment.expression)
      } catch {
        throw Problem(
          option: "--graph", error: shifted(error, by: expressionOffset), text: graph,
          isData: false)
      }
      if case .call(let name, _, _) = expr.kind, name == "grad" || name == "jacobian" {
        throw Problem(
          option: "--graph",
          error: MathError(
            .notAllowed, "a graph computes values; the gradients are what the lesson asks",
            at: shifted(expr.range, by: expressionOffset)),
          text: graph, isData: false)
      }
      positions[assignment.name] = nameRange
      definitions.append(
        Definition(name: assignment.name, expression: assignment.expression.trimmingWhitespace()))
      exprs.append(expr)
      offsets.append(expressionOffset)
    }
    guard !definitions.isEmpty else {
      throw Problem(
        option: "--graph",
        error: MathError(
          .syntax, "the graph is empty; write definitions like `h = relu(W @ x); L = sum(h^2)`",
          at: SourceRange(at: 0)),
        text: graph, isData: false)
    }
    // Names read before they are defined, and the givens.
    var defined: Set<String> = []
    var givenNames: [String] = []
    let allDefined = Set(definitions.map(\.name))
    for (index, definition) in definitions.enumerated() {
      for name in exprs[index].names {
        if name == definition.name || (allDefined.contains(name) && !defined.contains(name)) {
          throw Problem(
            option: "--graph",
            error: MathError(
              .syntax,
              name == definition.name
                ? "`\(name)` is defined from itself; a graph has no cycles"
                : "`\(name)` is used before it is defined; define it earlier",
              at: positions[definition.name]),
            text: graph, isData: false)
        }
        if !allDefined.contains(name), !givenNames.contains(name) { givenNames.append(name) }
      }
      defined.insert(definition.name)
    }
    // The values set on the command line.
    var values: [String: (text: String, value: Tensor)] = [:]
    for set in sets {
      let assignment: Assignment
      do {
        assignment = try Assignment.parse(set)
      } catch {
        throw Problem(option: "--set", error: error, text: set, isData: false)
      }
      let equals = set.firstIndex(of: "=").map { set.distance(from: set.startIndex, to: $0) } ?? 0
      let start = set.prefix { $0.isWhitespace }.count
      let nameRange = SourceRange(start, start + assignment.name.count)
      if allDefined.contains(assignment.name) {
        throw Problem(
          option: "--set",
          error: MathError(
            .notAllowed, "`\(assignment.name)` is computed by the graph; --set gives givens",
            at: nameRange),
          text: set, isData: false)
      }
      guard givenNames.contains(assignment.name) else {
        throw Problem(
          option: "--set",
          error: MathError(
            .unknownName, "the graph does not use `\(assignment.name)`", at: nameRange,
            note: Suggestion.didYouMean(assignment.name, among: givenNames)
              ?? "its givens are " + givenNames.joined(separator: ", ")),
          text: set, isData: false)
      }
      var scratch = Evaluator()
      do throws(MathError) {
        let id = try scratch.evaluate(assignment.expression)
        let value = scratch.value(of: id)
        guard value.scalars.allSatisfy(\.isFinite) else {
          throw MathError(
            .notFinite, "the value is not finite", at: SourceRange(0, assignment.expression.count))
        }
        values[assignment.name] = (assignment.expression.trimmingWhitespace(), value)
      } catch {
        throw Problem(
          option: "--set", error: shifted(error, by: equals + 1), text: set, isData: false)
      }
    }
    let known = values.mapValues(\.value)
    let unknown = givenNames.filter { values[$0] == nil }
    let shapes = try inferShapes(
      unknown, known: known, definitions: definitions, exprs: exprs, graph: graph,
      positions: positions, offsets: offsets)
    var spec = GraphSpec(
      definitions: definitions,
      givens: givenNames.map { Given(name: $0, value: values[$0]?.text ?? "0") },
      drawn: Set(unknown), source: graph)
    try spec.draw(shapes, known: known, exprs: exprs, seed: seed)
    return spec
  }

  /// `graph` split at `;` and new lines outside brackets, with each part's offset.
  static func statements(_ graph: String) -> [(String, Int)] {
    var result: [(String, Int)] = []
    var current = ""
    var start = 0
    var depth = 0
    for (offset, character) in graph.enumerated() {
      if character == "[" || character == "(" { depth += 1 }
      if character == "]" || character == ")" { depth = max(0, depth - 1) }
      if depth == 0, character == ";" || character == "\n" {
        result.append((current, start))
        current = ""
        start = offset + 1
      } else {
        current.append(character)
      }
    }
    result.append((current, start))
    return result
  }

  static func shifted(_ error: MathError, by offset: Int) -> MathError {
    var error = error
    error.range = error.range.map { shifted($0, by: offset) }
    return error
  }

  static func shifted(_ range: SourceRange, by offset: Int) -> SourceRange {
    SourceRange(range.lowerBound + offset, range.upperBound + offset)
  }

  // MARK: - Shapes

  /// The shapes tried for a given left unset: a scalar, then r×c up to 3×3.
  static let candidateShapes: [[Int]] =
    [[]] + (1...3).flatMap { r in (1...3).map { c in [r, c] } }.filter { $0 != [1, 1] }

  /// Each unset given's shape: the one every assignment agrees on among those where
  /// the graph evaluates, its loss is a scalar and no unset given is broadcast.
  static func inferShapes(
    _ unknown: [String], known: [String: Tensor], definitions: [Definition], exprs: [Expr],
    graph: String, positions: [String: SourceRange], offsets: [Int]
  ) throws(Problem) -> [String: [Int]] {
    guard !unknown.isEmpty else {
      // Only the values set: the graph must still evaluate.
      if let problem = evaluate(known, definitions: definitions, exprs: exprs, strict: nil).problem
      {
        throw Problem(
          option: "--graph",
          error: located(problem.error, problem.index, positions, offsets, definitions),
          text: graph, isData: true)
      }
      return [:]
    }
    guard unknown.count <= 4 else {
      throw .unsettable(
        "\(unknown.count) givens have no value (" + unknown.joined(separator: ", ")
          + "); set all but at most 4 with --set NAME=VALUE", in: graph)
    }
    var agreed: [String: Set<[Int]>] = [:]
    var count = 0
    var firstProblem: (error: MathError, index: Int)?
    var choice = Array(repeating: 0, count: unknown.count)
    while true {
      var values = known
      for (k, name) in unknown.enumerated() {
        let shape = candidateShapes[choice[k]]
        values[name] = (try? Tensor(repeating: 0.5, shape: shape)) ?? Tensor(0)
      }
      let outcome = evaluate(values, definitions: definitions, exprs: exprs, strict: Set(unknown))
      if outcome.problem == nil {
        count += 1
        for (k, name) in unknown.enumerated() {
          agreed[name, default: []].insert(candidateShapes[choice[k]])
        }
      } else if firstProblem == nil, let problem = outcome.problem, problem.index >= 0 {
        firstProblem = problem
      }
      // The next combination.
      var k = 0
      while k < choice.count {
        choice[k] += 1
        if choice[k] < candidateShapes.count { break }
        choice[k] = 0
        k += 1
      }
      if k == choice.count { break }
    }
    // A problem no shape can fix (an unknown function or name) is said as it is.
    if count == 0, let problem = firstProblem, problem.error.kind != .shape {
      throw Problem(
        option: "--graph",
        error: located(problem.error, problem.index, positions, offsets, definitions),
        text: graph, isData: problem.error.kind != .unknownName && problem.error.kind != .syntax)
    }
    guard count > 0 else {
      let name = unknown[0]
      throw Problem(
        option: "--graph",
        error: MathError(
          .shape,
          "no shape of \(unknown.map { "`\($0)`" }.joined(separator: ", ")) up to 3×3 fits "
            + "the graph" + (firstProblem.map { ": \($0.error.message)" } ?? ""),
          at: firstOccurrence(of: name, in: graph),
          note: "give \(name) a value with --set \(name)=…"),
        text: graph, isData: true)
    }
    var shapes: [String: [Int]] = [:]
    for name in unknown {
      let options = agreed[name] ?? []
      guard options.count == 1, let shape = options.first else {
        let listed = options.sorted { $0.lexicographicallyPrecedes($1) }.prefix(4)
          .map { $0.isEmpty ? "a scalar" : $0.map(String.init).joined(separator: "×") }
        throw Problem(
          option: "--graph",
          error: MathError(
            .shape,
            "the graph does not determine the shape of `\(name)` (it could be "
              + listed.joined(separator: ", ") + (options.count > 4 ? ", …" : "") + ")",
            at: firstOccurrence(of: name, in: graph),
            note: "give it a value with --set \(name)=…"),
          text: graph, isData: true)
      }
      shapes[name] = shape
    }
    return shapes
  }

  /// The first place `name` is written in `graph` as a whole word.
  static func firstOccurrence(of name: String, in graph: String) -> SourceRange? {
    let characters = Array(graph)
    let target = Array(name)
    guard target.count <= characters.count else { return nil }
    for start in 0...(characters.count - target.count)
    where Array(characters[start..<(start + target.count)]) == target {
      let before = start == 0 ? " " : characters[start - 1]
      let after = start + target.count < characters.count ? characters[start + target.count] : " "
      if !isNameCharacter(before), !isNameCharacter(after) {
        return SourceRange(start, start + target.count)
      }
    }
    return nil
  }

  static func isNameCharacter(_ character: Character) -> Bool {
    character == "_" || character.isLetter || character.isNumber
  }

  static func located(
    _ error: MathError, _ index: Int, _ positions: [String: SourceRange], _ offsets: [Int],
    _ definitions: [Definition]
  ) -> MathError {
    var error = error
    if index >= 0, index < definitions.count {
      error.message = "in `\(definitions[index].name)`: " + error.message
      error.range =
        error.range.map { shifted($0, by: offsets[index]) } ?? positions[definitions[index].name]
    }
    return error
  }

  /// Evaluates the graph at `values`: the first problem (with the index of the definition
  /// it is in, or −1 for the loss), and whether an unset given (`strict`) was broadcast.
  static func evaluate(
    _ values: [String: Tensor], definitions: [Definition], exprs: [Expr], strict: Set<String>?
  ) -> (evaluator: Evaluator?, problem: (error: MathError, index: Int)?) {
    var evaluator = Evaluator()
    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
      do {
        _ = try evaluator.bindInput(name, value)
      } catch {
        return (nil, (error, -2))
      }
    }
    for (index, definition) in definitions.enumerated() {
      do {
        try evaluator.define(definition.name, as: exprs[index], source: definition.expression)
      } catch {
        return (nil, (error, index))
      }
    }
    guard let last = definitions.last, let id = evaluator.bindings[last.name] else {
      return (nil, (MathError(.evaluation, "no loss"), -1))
    }
    guard evaluator.value(of: id).count == 1 else {
      return (
        nil,
        (
          MathError(
            .shape,
            "the last quantity is the loss and must be a scalar; `\(last.name)` is "
              + evaluator.value(of: id).shape.shapeDescription),
          definitions.count - 1
        )
      )
    }
    if let strict, broadcastsUnset(evaluator, strict) {
      return (nil, (MathError(.shape, "an unset given is broadcast"), -3))
    }
    return (evaluator, nil)
  }

  /// Whether an element-wise op of the graph broadcasts a value computed from an unset
  /// given against one of another shape (its shape would then be a guess).
  static func broadcastsUnset(_ evaluator: Evaluator, _ unset: Set<String>) -> Bool {
    let graph = evaluator.graph
    var dependsOnUnset = Array(repeating: false, count: graph.nodes.count)
    let unsetIDs = Set(unset.compactMap { evaluator.bindings[$0]?.index })
    for index in graph.nodes.indices {
      let node = graph.nodes[index]
      dependsOnUnset[index] =
        unsetIDs.contains(index) || node.parents.contains { dependsOnUnset[$0.index] }
      switch node.op {
      case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum:
        let shapes = node.parents.map { graph.nodes[$0.index].value.shape }
        let sizes = node.parents.map { graph.nodes[$0.index].value.count }
        let involved = node.parents.contains { dependsOnUnset[$0.index] }
        // A literal (`h^2`, `x / 2`) broadcasts as written; anything else is a guess.
        let literal = node.parents.contains { graph.nodes[$0.index].op == .constant }
        if involved, !literal, shapes.count == 2, shapes[0] != shapes[1],
          !(sizes[0] == 1 && sizes[1] == 1)
        {
          return true
        }
      case .matmul:
        // A scalar standing in for a 1×1 matrix is a guess too.
        let involved = node.parents.contains { unsetIDs.contains($0.index) }
        if involved, node.parents.contains(where: { graph.nodes[$0.index].value.shape.isEmpty }) {
          return true
        }
      default: break
      }
    }
    return false
  }

  // MARK: - Values

  /// Draws the unset givens at `shapes`: whole numbers from −3 to 3 (no 0), redrawn
  /// until the graph is well posed (finite, off every kink and tie by the engine's rule).
  mutating func draw(
    _ shapes: [String: [Int]], known: [String: Tensor], exprs: [Expr], seed: UInt64
  )
    throws(Problem)
  {
    guard !shapes.isEmpty else { return }
    var generator = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
    let names = givens.map(\.name).filter { shapes[$0] != nil }
    for _ in 0..<500 {
      var values = known
      for name in names {
        let shape = shapes[name] ?? []
        let count = shape.reduce(1, *)
        let scalars = (0..<count).map { _ -> Double in
          let magnitude = Double(1 + Int(generator.nextUnit() * 3))
          return generator.nextUnit() < 0.5 ? -magnitude : magnitude
        }
        values[name] = (try? Tensor(shape: shape, scalars: scalars)) ?? Tensor(0)
      }
      guard
        let evaluator = Self.evaluate(values, definitions: definitions, exprs: exprs, strict: nil)
          .evaluator,
        Self.isWellPosed(evaluator.graph)
      else { continue }
      for index in givens.indices where shapes[givens[index].name] != nil {
        givens[index].value = TensorFormat.inline(values[givens[index].name]!, style: .ascii)
      }
      return
    }
    throw .unsettable(
      "no draw of " + names.joined(separator: ", ")
        + " keeps the graph finite and off its kinks; set them with --set", in: source)
  }

  /// Finite everywhere and off every kink and near-tie (the engine's one rule,
  /// ``Graph/firstNodeOnKink(tolerance:)``), as variants are.
  static func isWellPosed(_ graph: Graph) -> Bool {
    Variants.isUsable(graph)
      && graph.nodes.allSatisfy { node in node.value.scalars.allSatisfy { Swift.abs($0) <= 1000 } }
  }

  // MARK: - Writing

  /// The lesson file: the minimal form, with a comment on how to refine it.
  public func yaml(title: String? = nil) -> String {
    var lines = [
      "# Generated by bptutor from the graph:",
      "#   " + source.replacingNewlines(),
      "# Its steps are generated: each value forward, the loss, each gradient back.",
      "# To refine a step, add `steps:` with that step's id (see `bptutor values`) and",
      "# `generate: true`; a step you write replaces the generated one of that id.",
      "version: 1",
    ]
    if let title { lines.append("title: " + Self.quoted(title)) }
    let names = givens.map(\.name) + definitions.map(\.name)
    let notation = names.compactMap { name in Self.notation(of: name).map { (name, $0) } }
    if !notation.isEmpty {
      lines.append("notation:")
      for (name, tex) in notation { lines.append("  \(name): " + Self.quoted(tex)) }
    }
    lines.append("given:")
    for given in givens { lines.append("  \(given.name): " + Self.quoted(given.value)) }
    lines.append("graph:")
    for definition in definitions {
      lines.append("  \(definition.name): " + Self.quoted(definition.expression))
    }
    if let loss { lines.append("loss: \(loss)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// How a name is shown when it is not shown as itself: a Greek letter's name as the
  /// letter (`mu` → `\mu`), letters then digits as a layer's index (`W1` → `W^{(1)}`).
  static func notation(of name: String) -> String? {
    if Glyphs.greek[name] != nil { return "\\" + name }
    let letters = name.prefix { $0.isLetter }
    let digits = name.dropFirst(letters.count)
    guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
    let base = Glyphs.greek[String(letters)] != nil ? "\\" + letters : String(letters)
    return base + "^{(" + digits + ")}"
  }

  /// Single-quoted YAML (a `'` doubled), which keeps `\`, `#`, `:` and `[` as written.
  public static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }

  /// The lesson itself, loaded from ``yaml(title:)`` as any lesson file is.
  public func lesson(id: String? = nil, title: String? = nil) -> (
    lesson: Lesson?, diagnostics: [LessonDiagnostic]
  ) {
    let id = id ?? self.id()
    return LessonLoader.parse(yaml(title: title), id: id, path: "\(id).yaml")
  }
}

extension String {
  fileprivate func replacingNewlines() -> String {
    String(map { $0 == "\n" ? " " : $0 })
  }

  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(
      separator: replacement)
  }
}
