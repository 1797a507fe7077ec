import Foundation
import Testing
import TutorEngine
import TutorLessons
import TutorMath

@testable import TutorCore

/// Earn every value: walking each lesson through the pure core, no screen — learn (with
/// the known-values panel), graph, explore — shows a value that a step not yet solved or
/// revealed asks for (values that coincide with a given or an earned one excepted).
@Suite("Earned values only")
struct EarnedValuesTests {
  static let lessonIDs = LessonCatalog.ids(in: Fixtures.lessons)

  /// How a value would read on screen: an inline vector/matrix, or "= n" for a number.
  static func renderings(_ value: Tensor) -> [String] {
    if value.count == 1 { return ["= " + NumberFormat.string(value.scalars[0])] }
    return [TensorFormat.inline(value)]
  }

  /// Every screen the learner can open from the current step, at two sizes.
  static func screens(_ driver: TutorDriver) -> [(String, [String])] {
    var result: [(String, [String])] = []
    for (width, height) in [(80, 24), (120, 40)] {
      var state = driver.state
      result.append(("learn \(width)", TutorApp.view(state, width: width, height: height).lines))
      state.valuesPanelToggled.toggle()
      result.append(("panel \(width)", TutorApp.view(state, width: width, height: height).lines))
      var graph = driver
      graph.press(.function(2))
      result.append(
        ("graph \(width)", TutorApp.view(graph.state, width: width, height: height).lines))
      var explore = driver
      explore.press(.function(3))
      result.append(
        ("explore \(width)", TutorApp.view(explore.state, width: width, height: height).lines))
    }
    return result
  }

  /// The unearned values visible on any screen, as "screen: rendering (step N)".
  static func leaks(_ driver: TutorDriver) -> [String] {
    guard let learn = driver.state.learn else { return ["not learning"] }
    let earned = learn.session.earnedSteps(in: driver.state.progress)
    let bound = learn.bound
    var visible = bound.lesson.givens.compactMap { bound.value(of: $0.name) }
    visible += earned.compactMap { bound.askedValues[$0] }
    var found: [String] = []
    for (name, lines) in screens(driver) {
      // (Explore's own instructions give `x = 2` as an example: not a value.)
      let text = lines.filter { !$0.contains("Type NAME = EXPR") }.joined(separator: "\n")
        .replacingOccurrences(of: "−", with: "-")
      for (index, value) in bound.askedValues.enumerated() {
        guard let value, !earned.contains(index) else { continue }
        if visible.contains(where: { $0.count == value.count && $0.scalars == value.scalars }) {
          continue
        }
        for rendering in renderings(value) where text.contains(rendering) {
          found.append("\(name): \(rendering) (asked by step \(index + 1))")
        }
      }
    }
    return found
  }

  static func opened(_ id: String) throws -> TutorDriver {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound(id), mode: .learn))
    return driver
  }

  @Test("skipping ahead with Ctrl-N shows no unearned value on any screen", arguments: lessonIDs)
  func skippingAhead(id: String) throws {
    var driver = try Self.opened(id)
    let count = driver.state.learn!.lesson.steps.count
    for step in 0..<count {
      #expect(Self.leaks(driver) == [], "\(id) at step \(step + 1)")
      driver.press(.control("n"))
    }
  }

  @Test("solving step by step, each screen shows only what is earned", arguments: lessonIDs)
  func solvingInOrder(id: String) throws {
    var driver = try Self.opened(id)
    let count = driver.state.learn!.lesson.steps.count
    for step in 0..<count {
      #expect(Self.leaks(driver) == [], "\(id) at step \(step + 1)")
      driver.type(UpdateTests.answer(for: driver))
      driver.press(.enter)
      #expect(driver.state.learn?.feedback?.verdict.kind == .correct, "\(id) step \(step + 1)")
      #expect(Self.leaks(driver) == [], "\(id) after solving step \(step + 1)")
      driver.press(.control("n"))
    }
  }

  @Test("revealing a step earns its value: it shows in the panel and the graph")
  func revealEarns() throws {
    var driver = try Self.opened("relu-1-2-2-1")
    var graph = driver
    graph.press(.function(2))
    #expect(
      TutorApp.view(graph.state, width: 120, height: 40).lines.contains { $0.contains("= ?") })
    driver.press(.control("r"))
    let wide = TutorApp.view(driver.state, width: 120, height: 40).lines
    #expect(wide.contains { $0.contains("Known values") })
    #expect(wide.contains { $0.contains("a⁽¹⁾ = [3; -3]") })
    driver.press(.function(2))
    #expect(
      TutorApp.view(driver.state, width: 120, height: 40).lines.contains {
        $0.contains("= [3; -3]")
      })
  }

  @Test("a quantity a step still asks for is ? in the graph even when it equals a given")
  func hiddenByName() throws {
    // At variant 0 the output y = 3 = x: the box of y says ?, the box of x says 3.
    let driver = try Self.opened("relu-1-2-2-1")
    let bound = driver.state.learn!.bound
    let concealment = driver.state.concealment
    let h3 = GraphLayout.lines(bound, "y", expression: nil, false, .unicode, concealment).0
    let x = GraphLayout.lines(bound, "x", expression: nil, false, .unicode, concealment).0
    #expect(h3.contains("= ?"))
    #expect(x.contains("= 3"))
  }

  @Test("a later step's prose names the step that computes a value not yet earned")
  func proseNamesTheStep() throws {
    var driver = try Self.opened("relu-1-2-2-1")
    driver.press(.control("n"))
    let screen = Fixtures.screen(driver).joined(separator: "\n")
    #expect(screen.contains("a⁽¹⁾ = ? (step 1)"))
  }

  @Test("at 80×24 F4 shows the known values in place of the step, and F4 again hides them")
  func panelToggle() throws {
    var driver = try Self.opened("relu-1-2-2-1")
    #expect(!Fixtures.screen(driver).contains { $0.contains("Known values") })
    driver.press(.function(4))
    let panel = Fixtures.screen(driver)
    #expect(panel.contains { $0.contains("Known values") })
    #expect(panel.contains { $0.contains("W⁽¹⁾ = [1; -1]") })
    #expect(panel.contains { $0.contains("F4 values") })
    driver.press(.function(4))
    #expect(!Fixtures.screen(driver).contains { $0.contains("Known values") })
  }
}
