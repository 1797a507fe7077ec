import Foundation
import Testing
import TutorEngine
import TutorLessons
import TutorMath

@testable import TutorCore

/// Issue 21, must-hold 1: one operation away counts as shown. Walking every lesson, every
/// step, at variant 0 and another, no screen the learner can open — learn, the values
/// panel, hints, option feedback, the graph and each node's details, explore, the exam's
/// questions — at 80×24 or 120×40 draws a value a step not yet earned asks for, nor one
/// a single operation of the lesson's graph away from it (values that equal a given or an
/// earned value excepted: those the learner has).
///
/// The neighbours are worked out here from the lesson's graph, independently of
/// ``Concealment``, as the specification: for an asked value `a` (or an entry of it) its
/// negation, the whole `a`, and the operands of `a`'s definition; for an asked gradient
/// `∂L/∂x`, the gradients of the quantities whose definition reads `x` and of their other
/// operands (the loss's own gradient, the seed 1, excepted).
@Suite("One operation away counts as shown")
struct OneOperationAwayTests {
  /// Every lesson; `BPTUTOR_LESSONS_ONLY=a,b` narrows the walk while debugging a leak.
  static let lessonIDs =
    ProcessInfo.processInfo.environment["BPTUTOR_LESSONS_ONLY"]?.split(separator: ",").map(
      String.init) ?? LessonCatalog.ids(in: Fixtures.lessons)
  /// Variant 0 and one other.
  static let variants = [0, 2]

  /// A value not to be drawn, and why.
  struct Secret {
    var value: Tensor
    var why: String
  }

  /// Entry by entry, whatever the shape, as the tutor compares values.
  static func same(_ a: Tensor, _ b: Tensor) -> Bool {
    a.count == b.count
      && zip(a.scalars, b.scalars).allSatisfy { x, y in
        x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
      }
  }

  /// What step `index` asks for on the graph: (name, is a gradient, is the whole).
  static func ask(_ bound: BoundLesson, _ index: Int) -> (String, Bool, Bool)? {
    guard case .value(let ask) = bound.lesson.steps[index].question,
      case .success(let expr) = ask.parsed
    else { return nil }
    // Only the loss's gradients are on the graph (∂L1/∂w of a side loss is not).
    func gradient(_ expr: Expr) -> String? {
      guard case .call("grad", let arguments, _) = expr.kind, arguments.count == 2,
        case .name(let of) = arguments[0].value.kind, of == bound.lesson.loss?.text,
        case .name(let name) = arguments[1].value.kind
      else { return nil }
      return name
    }
    switch expr.kind {
    case .name(let name): return (name, false, true)
    case .call: return gradient(expr).map { ($0, true, true) }
    case .index(let base, _), .slice(let base, _):
      if case .name(let name) = base.kind { return (name, false, false) }
      return gradient(base).map { ($0, true, false) }
    default: return nil
    }
  }

  /// Every value not to be drawn when the steps in `earned` are solved or revealed.
  static func secrets(_ bound: BoundLesson, earned: Set<Int>) -> [Secret] {
    let lesson = bound.lesson
    var visible = lesson.givens.compactMap { bound.givenValues[$0.name] }
    visible += earned.compactMap { bound.askedValues[$0] }
    let earnedAsks = earned.compactMap { ask(bound, $0) }
    let givens = Set(lesson.givens.map(\.name))
    var secrets: [Secret] = []
    func add(_ value: Tensor?, _ why: String) {
      guard let value else { return }
      guard !visible.contains(where: { same($0, value) }) else { return }
      secrets.append(Secret(value: value, why: why))
      if value.scalars.contains(where: { $0 != 0 }),
        let negated = try? Tensor(shape: value.shape, scalars: value.scalars.map { -$0 })
      {
        if !visible.contains(where: { same($0, negated) }) {
          secrets.append(Secret(value: negated, why: "minus " + why))
        }
      }
    }
    let loss = lesson.loss?.text
    for (index, value) in bound.askedValues.enumerated() where !earned.contains(index) {
      guard let value else { continue }
      let step = "step \(index + 1)"
      add(value, "the answer of \(step)")
      guard let (name, isGradient, whole) = ask(bound, index) else { continue }
      if !isGradient {
        let earnedValue = earnedAsks.contains { $0.0 == name && !$0.1 && $0.2 }
        if !whole, !givens.contains(name), !earnedValue {
          add(bound.value(of: name), "\(name), whose entry \(step) asks")
        }
        // Operands are one operation away only through a definition of one operation.
        let definition = lesson.graph.first { $0.name == name }
        let single = (try? definition?.expression.expr())?.operationCount == 1
        let operands = single ? definition?.expression.names ?? [] : []
        for operand in operands where !givens.contains(operand) {
          guard !earnedAsks.contains(where: { $0.0 == operand && !$0.1 && $0.2 }) else { continue }
          add(bound.value(of: operand), "\(operand), an operand of \(name) (\(step))")
        }
      } else {
        func addGradient(_ other: String, _ why: String) {
          guard other != loss, !earnedAsks.contains(where: { $0.0 == other && $0.1 && $0.2 })
          else { return }
          add(bound.lossGradients[other], "∂/∂\(other), \(why) (\(step))")
        }
        if !whole { addGradient(name, "whose entry is asked") }
        // A user the loss does not reach (∂L/∂c = 0, a side loss such as L2) passes
        // nothing back: its operands' gradients are 0 whatever ∂L/∂x is.
        for definition in lesson.graph where definition.expression.names.contains(name) {
          guard bound.lossGradients[definition.name]?.scalars.contains(where: { $0 != 0 }) ?? true
          else { continue }
          addGradient(definition.name, "from which ∂/∂\(name) follows")
          for operand in definition.expression.names where operand != name {
            addGradient(operand, "beside \(name) in \(definition.name)")
          }
        }
      }
    }
    return secrets
  }

  /// The numbers drawn on a line, as the screens print them (ASCII minus).
  static func numbers(_ line: String) -> [String] {
    var result: [String] = []
    var current = ""
    let characters = Array(line.replacingOccurrences(of: "−", with: "-"))
    for (k, character) in characters.enumerated() {
      let digitFollows = k + 1 < characters.count && characters[k + 1].isNumber
      if character.isNumber || (character == "." && !current.isEmpty && digitFollows)
        || (character == "-" && current.isEmpty && digitFollows)
        || (character == "e" && !current.isEmpty)
      {
        current.append(character)
      } else {
        if !current.isEmpty { result.append(current) }
        current = ""
      }
    }
    if !current.isEmpty { result.append(current) }
    return result
  }

  /// A drawn screen, read once for every secret searched in it: its lines with ASCII
  /// minus (as bytes, for a fast search), and the numbers inside each bracket of a matrix
  /// block, line by line.
  struct Drawn {
    var text: [CChar]
    var segments: [[(column: Int, tokens: [String])]]

    init(_ lines: [String]) {
      let lines = lines.map { $0.replacingOccurrences(of: "−", with: "-") }
      text = lines.joined(separator: "\n").utf8CString.map { $0 }
      segments = lines.map(OneOperationAwayTests.bracketed)
    }

    /// The offsets just past each occurrence of `pattern` (C's `strstr`: the screen's
    /// text has no NUL).
    func ends(of pattern: String) -> [Int] {
      guard !pattern.isEmpty else { return [] }
      var result: [Int] = []
      text.withUnsafeBufferPointer { haystack in
        pattern.withCString { needle in
          let start = haystack.baseAddress!
          var from = start
          while let found = strstr(from, needle) {
            let offset = start.distance(to: UnsafePointer(found))
            result.append(offset + pattern.utf8.count)
            from = start + offset + 1
          }
        }
      }
      return result
    }
  }

  /// A value as the screens print it: its entries, inline and row by row.
  struct Pattern {
    var value: Tensor
    var entries: [String]
    var inline: String
    var rows: [[String]]

    init(_ value: Tensor) {
      self.value = value
      let entries = value.scalars.map {
        NumberFormat.string($0).replacingOccurrences(of: "−", with: "-")
      }
      self.entries = entries
      inline = TensorFormat.inline(value).replacingOccurrences(of: "−", with: "-")
      let columns = value.shape.last ?? 1
      rows = stride(from: 0, to: entries.count, by: max(columns, 1)).map {
        Array(entries[$0..<min($0 + columns, entries.count)])
      }
    }
  }

  /// Whether `value` is drawn in `lines`: a number as `= n` (not part of a longer
  /// number), a tensor inline (`[1, 2]`) or as a block, row by row on successive lines.
  static func drawn(_ value: Tensor, in lines: [String]) -> Bool {
    drawn(Pattern(value), in: Drawn(lines))
  }

  static func drawn(_ pattern: Pattern, in screen: Drawn) -> Bool {
    let value = pattern.value
    if value.count == 1 {
      // 0 and ±1 are printed as facts far more often than as values (∂L/∂L = 1, the
      // derivative of a copy, ReLU′ = 0): by number they are not searched; by name, as
      // every value, the graph and placeholders hide them.
      guard abs(value.scalars[0]) != 1, value.scalars[0] != 0 else { return false }
      let text = screen.text
      func isDigit(_ k: Int) -> Bool { k < text.count && (48...57).contains(text[k]) }
      return screen.ends(of: "= " + pattern.entries[0]).contains { end in
        // Not part of a longer number.
        !(isDigit(end) || (end < text.count && text[end] == 46 && isDigit(end + 1)))
      }
    }
    if !screen.ends(of: pattern.inline).isEmpty { return true }
    let rows = pattern.rows
    // A block: each row inside ⎡ ⎤, ⎢ ⎥ or ⎣ ⎦ brackets at one column, on successive lines.
    let segments = screen.segments
    guard rows.count >= 2, rows.count <= segments.count else { return false }
    return (0...(segments.count - rows.count)).contains { top in
      segments[top].contains { column, tokens in
        tokens == rows[0]
          && rows.indices.dropFirst().allSatisfy { r in
            segments[top + r].contains { $0.column == column && $0.tokens == rows[r] }
          }
      }
    }
  }

  /// The numbers inside each bracket of a drawn matrix block on `line`, by the column
  /// (in characters) of the opening bracket.
  static func bracketed(_ line: String) -> [(column: Int, tokens: [String])] {
    guard line.unicodeScalars.contains(where: { (0x23A1...0x23A6).contains($0.value) }) else {
      return []
    }
    let characters = Array(line)
    let opening: Set<Character> = ["⎡", "⎢", "⎣"]
    let closing: Set<Character> = ["⎤", "⎥", "⎦"]
    var result: [(column: Int, tokens: [String])] = []
    var k = 0
    while k < characters.count {
      if opening.contains(characters[k]),
        let end = characters[(k + 1)...].firstIndex(where: closing.contains)
      {
        result.append((k, numbers(String(characters[(k + 1)..<end]))))
        k = end + 1
      } else {
        k += 1
      }
    }
    return result
  }

  /// Every screen the learner can open at the driver's step, at two sizes.
  static func screens(_ driver: TutorDriver) -> [(String, [String])] {
    var result: [(String, [String])] = []
    for (width, height) in [(80, 24), (120, 40)] {
      func view(_ name: String, _ driver: TutorDriver) {
        result.append(
          (
            "\(name) \(width)×\(height)",
            TutorApp.view(driver.state, width: width, height: height).lines
          ))
      }
      view("learn", driver)
      var panel = driver
      panel.press(.function(4))
      view("values panel", panel)
      let learn = driver.state.learn!
      var hints = driver
      for number in 0..<learn.step.hints.count {
        hints.press(.tab)
        view("hint \(number + 1)", hints)
      }
      if case .choice(let choices) = learn.step.question {
        for option in 1...choices.count {
          var picked = driver
          picked.type("\(option)")
          picked.press(.enter)
          view("option \(option)", picked)
        }
      }
      var graph = driver
      graph.press(.function(2))
      view("graph", graph)
      graph.press(.enter)
      // Each node's details (the full blocks, the same at any width): at 120×40.
      let nodes = learn.bound.lesson.givens.count + learn.bound.lesson.graph.count
      for _ in 0..<(width == 120 ? nodes : 1) {
        view("graph details of \(graph.state.graph?.selection ?? "?")", graph)
        graph.press(.tab)
      }
      var explore = driver
      explore.press(.function(3))
      view("explore", explore)
    }
    return result.map { name, lines in
      // (Explore's own instructions give `x = 2` as an example: not a value.)
      (name, lines.filter { !$0.contains("Type NAME = EXPR") })
    }
  }

  /// What is drawn that should not be, as "screen: why".
  static func leaks(_ screens: [(String, [String])], _ secrets: [Secret]) -> [String] {
    var found: [String] = []
    let patterns = secrets.map { Pattern($0.value) }
    for (name, lines) in screens {
      let screen = Drawn(lines)
      for (secret, pattern) in zip(secrets, patterns) where drawn(pattern, in: screen) {
        found.append("\(name): \(TensorFormat.inline(secret.value)) is \(secret.why)")
      }
    }
    return found
  }

  static func opened(_ id: String, variant: Int, mode: OpenMode = .learn) throws -> TutorDriver {
    var driver = Fixtures.driver()
    let lesson = LessonLoader.load(path: Fixtures.lessons + "/\(id).yaml").lesson!
    driver.send(.lessonOpened(try BoundLesson(lesson: lesson, variant: variant), mode: mode))
    return driver
  }

  @Test(
    "solving step by step, nothing one operation from an unearned answer is drawn",
    arguments: lessonIDs, variants)
  func solvingInOrder(id: String, variant: Int) throws {
    var driver = try Self.opened(id, variant: variant)
    let count = driver.state.learn!.lesson.steps.count
    var found: [String] = []
    for step in 0..<count {
      let learn = driver.state.learn!
      let earned = learn.session.earnedSteps(in: driver.state.progress)
      #expect(earned == Set(0..<step), "\(id) step \(step + 1): earned \(earned.sorted())")
      found += Self.leaks(Self.screens(driver), Self.secrets(learn.bound, earned: earned))
        .map { "step \(step + 1), \($0)" }
      driver.type(UpdateTests.answer(for: driver))
      driver.press(.enter)
      driver.press(.control("n"))
    }
    #expect(found == [], "\(id) variant \(variant):\n\(found.joined(separator: "\n"))")
  }

  @Test(
    "skipping ahead, nothing one operation from an unearned answer is drawn",
    arguments: lessonIDs)
  func skippingAhead(id: String) throws {
    var driver = try Self.opened(id, variant: 0)
    let count = driver.state.learn!.lesson.steps.count
    var found: [String] = []
    for step in 0..<count {
      let bound = driver.state.learn!.bound
      found += Self.leaks(Self.screens(driver), Self.secrets(bound, earned: []))
        .map { "step \(step + 1), \($0)" }
      driver.press(.control("n"))
    }
    #expect(found == [], "\(id):\n\(found.joined(separator: "\n"))")
  }

  @Test(
    "an exam's questions draw nothing one operation from an answer",
    arguments: lessonIDs, variants)
  func examQuestions(id: String, variant: Int) throws {
    var driver = try Self.opened(id, variant: variant, mode: .exam)
    let bound = try #require(driver.state.exam?.bound)
    let secrets = Self.secrets(bound, earned: [])
    var found: [String] = []
    for step in 0..<bound.lesson.steps.count {
      var screens: [(String, [String])] = []
      for (width, height) in [(80, 24), (120, 40)] {
        screens.append(
          (
            "exam \(width)×\(height)",
            TutorApp.view(driver.state, width: width, height: height).lines
          ))
      }
      found += Self.leaks(screens, secrets).map { "step \(step + 1), \($0)" }
      driver.press(.enter)  // an empty line skips
      if driver.state.exam?.stepIndex != step + 1 { break }
    }
    #expect(found == [], "\(id) variant \(variant):\n\(found.joined(separator: "\n"))")
  }

  @Test("the check can fail: ∂L/∂T beside an asked ∂L/∂P is caught when drawn")
  func checkCanFail() throws {
    // maxpool-conv step 5 asks ∂L/∂P; L reads P − T, so ∂L/∂T = −∂L/∂P is a secret.
    let bound = try Fixtures.bound("maxpool-conv")
    let secrets = Self.secrets(bound, earned: Set(0..<4))
    let gradientT = try #require(bound.lossGradients["T"])
    #expect(secrets.contains { Self.same($0.value, gradientT) })
    let drawnT = ["∂L/∂T = " + TensorFormat.inline(gradientT)]
    #expect(Self.leaks([("a screen", drawnT)], secrets) != [])
    // A matrix drawn as a block, row under row: step 6's ∂L/∂O.
    let dLdO = try #require(bound.askedValues[5])
    let block = TensorFormat.block(dLdO).map { "  value  " + $0 }
    #expect(Self.leaks([("a block", block)], secrets) != [])
    // And the tutor's own concealment hides it.
    let concealment = Concealment(bound, earned: Set(0..<4))
    #expect(!concealment.showsGradient(of: "T", gradientT))
    #expect(!concealment.shows(gradientT))
  }
}
