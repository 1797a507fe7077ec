import Foundation
import TestSupport
import Testing
import TutorMath

@testable import TutorLessons

/// Issue 22, "Symbols": within one section of the course a symbol keeps one meaning. `y`
/// was a target in one lesson, an output in the next and labels in a third; `p` a
/// pre-activation, predictions, a drop probability and an exponent. Each section of
/// `lessons/course.yaml` now declares its glossary (`symbols:`), and this suite infers
/// the role of every quantity it can from the lessons' graphs and holds the two together.
///
/// Roles are inferred, never guessed from names:
/// - **target**: a given used only where it is subtracted from (or subtracts) another value
///   (`(t − y)²`, `ŷ − t`; not a number: `1 − p` is no comparison), as `crossentropy`'s second argument, or as an entry of a
///   matrix literal of targets (`[t; t₄]`);
/// - **labels**: a given that `onehot` or `lookup` reads as indices;
/// - **exponent**: a given that is the exponent of a power (`|w|^p`, `β₁^k`);
/// - **probabilities**: a quantity defined as a `softmax`;
/// - **prediction**: the quantity a target is subtracted from (or `crossentropy`'s first
///   argument beside a target);
/// - **pre-activation**: a computed quantity an activation or a softmax is applied to.
///
/// A symbol is what the learner reads, from the lesson's `notation`, without indices:
/// `W^{(1)}` and `W_2` are `W`, `h_{t-1}` is `h`; a named subscript makes another symbol
/// (`L_{\mathrm{BCE}}`, `H_{\mathrm{pre}}`).
@Suite("One meaning per symbol in each course section")
struct SymbolGlossaryTests {
  enum Role: String, CaseIterable {
    // In priority order: a quantity with two inferred roles takes the first.
    case labels, exponent, target, probabilities, prediction
    case preActivation = "pre-activation"
  }

  /// How an expression uses a name directly.
  enum Use: Equatable {
    case subtracted(partner: String?)
    case crossEntropyTarget(prediction: String?)
    case crossEntropyPrediction
    case matrixEntry
    case label
    case exponent
    case activationInput
    case other
  }

  static let activations: Set<String> = [
    "relu", "sigmoid", "tanh", "softplus", "silu", "gelu", "leakyrelu", "softmax",
  ]

  // MARK: - Symbols

  /// The symbol a learner reads for a notation: indices (`_1`, `_{t-1}`, `^{(1)}`,
  /// `^2`) and `\mathbf` left out, a named subscript (`_{\mathrm{pre}}`) kept.
  static func symbol(_ tex: String) -> String {
    let characters = Array(tex)
    var result = ""
    var index = 0
    /// The group starting at `start`: `{…}` balanced, a `\command`, or one character.
    func group(at start: Int) -> (text: String, end: Int) {
      guard start < characters.count else { return ("", start) }
      if characters[start] == "{" {
        var depth = 0
        var end = start
        while end < characters.count {
          if characters[end] == "{" { depth += 1 }
          if characters[end] == "}" {
            depth -= 1
            if depth == 0 { break }
          }
          end += 1
        }
        return (String(characters[start..<min(end + 1, characters.count)]), end + 1)
      }
      if characters[start] == "\\" {
        var end = start + 1
        while end < characters.count, characters[end].isLetter { end += 1 }
        return (String(characters[start..<end]), end)
      }
      return (String(characters[start]), start + 1)
    }
    while index < characters.count {
      let character = characters[index]
      if character == "_" || character == "^" {
        let (text, end) = group(at: index + 1)
        let named = text.hasPrefix("{\\mathrm") || text.hasPrefix("{\\text")
        if character == "_" && named { result += "_" + text }
        index = end
        continue
      }
      result.append(character)
      index += 1
    }
    if result.hasPrefix("\\mathbf{"), result.hasSuffix("}") {
      result = String(result.dropFirst("\\mathbf{".count).dropLast())
    }
    return result.trimmingCharacters(in: .whitespaces)
  }

  /// The symbol of a quantity: its notation's, or for a name without notation the name
  /// without its trailing digits (`t2` is `t`).
  static func symbol(of name: String, in lesson: Lesson) -> String {
    if lesson.notation.contains(where: { $0.name == name }) {
      return symbol(lesson.tex(for: name))
    }
    let stem = String(name.reversed().drop(while: \.isNumber).reversed())
    return stem.isEmpty ? name : stem
  }

  // MARK: - Roles

  /// The name an expression stands for when it is a name, an entry or a slice of one.
  static func name(of expr: Expr) -> String? {
    switch expr.kind {
    case .name(let name): return name
    case .index(let base, _), .slice(let base, _): return name(of: base)
    default: return nil
    }
  }

  /// Every direct use of a name in `expr`, with how it is used.
  static func uses(in expr: Expr, into uses: inout [String: [Use]]) {
    func record(_ operand: Expr, _ use: Use) {
      if let name = name(of: operand) {
        uses[name, default: []].append(use)
        if case .name = operand.kind { return }
      }
      Self.uses(inSubexpressionsOf: operand, into: &uses)
    }
    switch expr.kind {
    case .name(let name):
      uses[name, default: []].append(.other)
    case .chain(let first, let links):
      let terms = [first] + links.map(\.operand)
      let additive = links.allSatisfy { $0.op == .add || $0.op == .subtract }
      for (position, term) in terms.enumerated() {
        guard additive else {
          record(term, .other)
          continue
        }
        let subtracted = position > 0 && links[position - 1].op == .subtract
        let subtracts = position == 0 && links.first?.op == .subtract
        // `1 − p` compares p with no value: a probability's complement, not a target.
        let beside = subtracted ? terms[position - 1] : terms[min(1, terms.count - 1)]
        if case .number = beside.kind, subtracted || subtracts {
          record(term, .other)
        } else if subtracted {
          record(term, .subtracted(partner: position == 1 ? name(of: terms[0]) : nil))
        } else if subtracts {
          record(term, .subtracted(partner: name(of: terms[1])))
        } else {
          record(term, .other)
        }
      }
    case .power(let base, let exponent):
      record(base, .other)
      if case .name = exponent.kind {
        record(exponent, .exponent)
      } else {
        record(exponent, .other)
      }
    case .call(let function, let arguments, _):
      let values = arguments.map(\.value)
      for (position, value) in values.enumerated() {
        switch (function, position) {
        case ("onehot", 0), ("lookup", 1): record(value, .label)
        case ("crossentropy", 0): record(value, .crossEntropyPrediction)
        case ("crossentropy", 1):
          record(value, .crossEntropyTarget(prediction: name(of: values[0])))
        case (let f, 0) where activations.contains(f): record(value, .activationInput)
        default: record(value, .other)
        }
      }
    case .matrix(let rows, _):
      for entry in rows.flatMap({ $0 }) { record(entry, .matrixEntry) }
    default:
      Self.uses(inSubexpressionsOf: expr, into: &uses)
    }
  }

  static func uses(inSubexpressionsOf expr: Expr, into uses: inout [String: [Use]]) {
    switch expr.kind {
    case .name, .number: return
    case .chain, .power, .call, .matrix: Self.uses(in: expr, into: &uses)
    case .negate(let inner), .transpose(let inner): Self.uses(in: inner, into: &uses)
    case .index(let base, let indices):
      if case .name = base.kind {} else { Self.uses(in: base, into: &uses) }
      for index in indices { Self.uses(in: index, into: &uses) }
    case .slice(let base, let subscripts):
      if case .name = base.kind {} else { Self.uses(in: base, into: &uses) }
      for bound in subscripts.flatMap(\.bounds) { Self.uses(in: bound, into: &uses) }
    }
  }

  /// The role of every quantity of `lesson` (givens and graph) this suite can infer.
  static func roles(of lesson: Lesson) -> [String: Role] {
    let givens = Set(lesson.givens.map(\.name))
    let computed = Set(lesson.graph.map(\.name))
    var uses: [String: [Use]] = [:]
    for definition in lesson.graph {
      if let expr = try? definition.expression.expr() { Self.uses(in: expr, into: &uses) }
    }
    var candidates: [String: Set<Role>] = [:]
    for name in givens {
      let all = uses[name] ?? []
      if all.contains(.label) { candidates[name, default: []].insert(.labels) }
      if all.contains(.exponent) { candidates[name, default: []].insert(.exponent) }
      let targetLike = all.allSatisfy { use in
        switch use {
        case .subtracted, .crossEntropyTarget, .matrixEntry: return true
        default: return false
        }
      }
      let compared = all.contains { use in
        switch use {
        case .subtracted, .crossEntropyTarget: return true
        default: return false
        }
      }
      guard targetLike, compared else { continue }
      candidates[name, default: []].insert(.target)
      for use in all {
        let partner: String?
        switch use {
        case .subtracted(let name), .crossEntropyTarget(let name): partner = name
        default: partner = nil
        }
        if let partner, computed.contains(partner) {
          candidates[partner, default: []].insert(.prediction)
        }
      }
    }
    for definition in lesson.graph {
      guard let expr = try? definition.expression.expr() else { continue }
      if case .call("softmax", _, _) = expr.kind {
        candidates[definition.name, default: []].insert(.probabilities)
      }
      if (uses[definition.name] ?? []).contains(.activationInput) {
        candidates[definition.name, default: []].insert(.preActivation)
      }
    }
    return candidates.compactMapValues { roles in Role.allCases.first(where: roles.contains) }
  }

  // MARK: - The glossary against the lessons

  /// What breaks "one meaning per symbol" in `course` over `lessons` (by id), one line each.
  static func problems(course: Course, lessons: [String: Lesson]) -> [String] {
    var problems: [String] = []
    for section in course.sections {
      var used: Set<String> = []
      var inferred: [String: [(role: Role, quantity: String)]] = [:]
      for entry in section.lessons {
        guard let lesson = lessons[entry.id] else { continue }
        let roles = roles(of: lesson)
        for name in lesson.givens.map(\.name) + lesson.graph.map(\.name) {
          let symbol = symbol(of: name, in: lesson)
          used.insert(symbol)
          if let role = roles[name] {
            inferred[symbol, default: []].append((role, "\(lesson.id): \(name)"))
          }
        }
      }
      let glossary = Dictionary(
        section.symbols.map { ($0.symbol, $0.role) }, uniquingKeysWith: { first, _ in first })
      for (symbol, uses) in inferred.sorted(by: { $0.key < $1.key }) {
        let roles = Role.allCases.filter { role in uses.contains { $0.role == role } }
        if roles.count > 1 {
          let list = roles.map { role in
            "\(role.rawValue) ("
              + uses.filter { $0.role == role }.map(\.quantity)
              .joined(separator: ", ") + ")"
          }
          problems.append("\(section.title): `\(symbol)` is " + list.joined(separator: " and "))
          continue
        }
        guard let role = roles.first else { continue }
        switch glossary[symbol] {
        case nil:
          problems.append(
            "\(section.title): `\(symbol)` means \(role.rawValue) (\(uses[0].quantity)) "
              + "but is not in the section's `symbols`")
        case let declared?
        where declared != role.rawValue && !declared.hasPrefix(role.rawValue + " ("):
          problems.append(
            "\(section.title): `\(symbol)` is declared \(declared) but means "
              + "\(role.rawValue) (\(uses[0].quantity))")
        default: break
        }
      }
      for entry in section.symbols where !used.contains(entry.symbol) {
        problems.append(
          "\(section.title): `\(entry.symbol)` is in `symbols` but no lesson of the section "
            + "uses it")
      }
    }
    return problems
  }

  static func lessons(in directory: String, ids: [String]) throws -> [String: Lesson] {
    var lessons: [String: Lesson] = [:]
    for id in ids {
      let loaded = LessonLoader.load(path: directory + "/\(id).yaml")
      let lesson: Lesson = try #require(loaded.lesson, "\(id): \(loaded.diagnostics)")
      lessons[id] = lesson
    }
    return lessons
  }

  // MARK: - Tests

  @Test("every section of the course keeps one meaning per symbol, as its glossary declares")
  func repositoryCourse() throws {
    let course = try #require(
      CourseLoader.load(path: Repository.lessons + "/" + Course.fileName).course)
    #expect(course.sections.allSatisfy { !$0.symbols.isEmpty }, "every section has a glossary")
    let lessons = try Self.lessons(in: Repository.lessons, ids: course.lessonIDs)
    let problems = Self.problems(course: course, lessons: lessons)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test("across the sections, t and T are always targets and p is only an exponent")
  func conventions() throws {
    let course = try #require(
      CourseLoader.load(path: Repository.lessons + "/" + Course.fileName).course)
    let glossary = course.sections.flatMap(\.symbols)
    for entry in glossary where entry.symbol == "t" || entry.symbol == "T" {
      #expect(entry.role == "target", "\(entry.symbol) at line \(entry.location.line)")
    }
    for entry in glossary where entry.symbol == "p" {
      #expect(entry.role == "exponent", "p at line \(entry.location.line)")
    }
  }

  /// Two lessons as they were before issue 22: relu-1-2-2-1's target `y` beside
  /// residual-block's output `y`, in one section.
  static let oldFoundations = (
    relu: """
    version: 1
    title: old relu
    summary: s
    source: s
    given:
      x: 3
      y: 6
      W1: '[1; -1]'
      W2: '[1 -1; -1 1]'
      W3: '[1, 1]'
    graph:
      a1: W1 * x
      h1: relu(a1)
      a2: W2 @ h1
      h2: relu(a2)
      h3: W3 @ h2
      J: (y - h3)^2
    loss: J
    """,
    residual: """
    version: 1
    title: old residual
    summary: s
    source: s
    given:
      x: '[1; 2]'
      W1: '[1 0; 0 1]'
      W2: '[1 0; 0 1]'
      t: '[0; 1]'
    graph:
      a: W1 @ x
      h: relu(a)
      F: W2 @ h
      y: x + F
      L: sum((y - t)^2) / 2
    loss: L
    """
  )

  @Test("the lessons as they were fail: `y` is a target in one lesson and a prediction in the next")
  func oldLessonsFail() throws {
    let relu = try #require(LessonLoader.parse(Self.oldFoundations.relu, id: "relu", path: "r").0)
    let residual = try #require(
      LessonLoader.parse(Self.oldFoundations.residual, id: "residual", path: "s").0)
    #expect(Self.roles(of: relu)["y"] == .target)
    #expect(Self.roles(of: relu)["h3"] == .prediction)
    #expect(Self.roles(of: relu)["a1"] == .preActivation)
    #expect(Self.roles(of: residual)["y"] == .prediction)
    let course = try #require(
      CourseLoader.parse(
        """
        version: 1
        sections:
          - title: Foundations
            symbols: {t: target, y: prediction, a: pre-activation, h: prediction}
            lessons: [relu, residual]
        """, path: "course.yaml"
      ).course)
    let problems = Self.problems(course: course, lessons: ["relu": relu, "residual": residual])
    #expect(
      problems == ["Foundations: `y` is target (relu: y) and prediction (residual: y)"],
      "\(problems)")
  }

  @Test("a glossary that contradicts a lesson, misses a symbol or names an unused one fails")
  func glossaryMismatches() throws {
    let relu = try #require(LessonLoader.parse(Self.oldFoundations.relu, id: "relu", path: "r").0)
    let course = try #require(
      CourseLoader.parse(
        """
        version: 1
        sections:
          - title: Start
            symbols: {y: prediction, q: keep probability}
            lessons: [relu]
        """, path: "course.yaml"
      ).course)
    let problems = Self.problems(course: course, lessons: ["relu": relu])
    #expect(
      problems == [
        "Start: `a` means pre-activation (relu: a1) but is not in the section's `symbols`",
        "Start: `h` means prediction (relu: h3) but is not in the section's `symbols`",
        "Start: `y` is declared prediction but means target (relu: y)",
        "Start: `q` is in `symbols` but no lesson of the section uses it",
      ], "\(problems)")
  }

  @Test("a probability's complement 1 − q is no target; an exponent and labels are read as such")
  func otherRoles() throws {
    let text = """
      version: 1
      title: roles
      summary: s
      source: s
      given:
        q: 0.8
        h: '[1; 2]'
        k: 2
        y: '[2; 1]'
      graph:
        c: (1 - q) * h^k
        L: sum(onehot(y, 2) * c')
      loss: L
      """
    let lesson = try #require(LessonLoader.parse(text, id: "roles", path: "r").0)
    let roles = Self.roles(of: lesson)
    #expect(roles["q"] == nil && roles["h"] == nil)
    #expect(roles["k"] == .exponent && roles["y"] == .labels)
  }

  @Test(
    "a symbol is the notation without indices",
    arguments: [
      ("W^{(1)}", "W"), ("w_2", "w"), ("h_{t-1}", "h"), ("\\hat{y}", "\\hat{y}"),
      ("\\sigma^2", "\\sigma"), ("H_{\\mathrm{pre}}", "H_{\\mathrm{pre}}"),
      ("\\tilde{x}^{(1)}", "\\tilde{x}"), ("\\mathbf{a}", "a"), ("\\hat{m}_1", "\\hat{m}"),
      ("y_{\\text{test}}", "y_{\\text{test}}"), ("t_{1:4}", "t"),
    ])
  func symbols(tex: String, symbol: String) {
    #expect(Self.symbol(tex) == symbol)
  }
}
