import TerminalText
import Testing
import TutorEngine
import TutorLessons
import TutorMath

@testable import TutorCore

/// The graph view: a layered drawing of every lesson's DAG, values earned only.
@Suite("Graph view")
struct GraphViewTests {
  static let lessonIDs = LessonCatalog.ids(in: Fixtures.lessons)

  static func graph(_ id: String, steps: Int = 0, mathStyle: MathStyle = .unicode) throws
    -> TutorDriver
  {
    var driver = Fixtures.driver(mathStyle: mathStyle)
    driver.send(.lessonOpened(try Fixtures.bound(id), mode: .learn))
    for _ in 0..<steps { driver.press(.control("n")) }
    driver.press(.function(2))
    return driver
  }

  static func layout(_ bound: BoundLesson, width: Int = 34) -> GraphLayout {
    GraphLayout(
      bound, topology: GraphLayout.Topology(bound.lesson), showGradients: true, style: .unicode,
      concealment: .none, boxWidth: width)
  }

  @Test("relu-1-2-2-1 at 80×24 and 120×40: every edge drawn, unearned values `?`")
  func reluGolden() throws {
    let driver = try Self.graph("relu-1-2-2-1")
    Snapshot.assert(Fixtures.screen(driver), named: "graph-relu-80x24")
    let wide = Fixtures.screen(driver, width: 120, height: 40)
    Snapshot.assert(wide, named: "graph-relu-120x40")
    let text = wide.joined(separator: "\n")
    // Every quantity is computed by the learner: none of their values is shown yet, not
    // even h⁽³⁾ = 3, which equals the given x = 3 (hidden by name in the graph).
    #expect(text.components(separatedBy: "= ?").count - 1 == 6)
    #expect(text.contains("= 3"))  // x itself
    // One arrowhead per edge: x, W1 → a1 → h1; W2, h1 → a2 → h2; W3, h2 → h3; y, h3 → J.
    #expect(text.filter { $0 == "▶" }.count == 10)
    #expect(!text.contains("columns"), "the whole drawing fits at 120×40")
  }

  @Test("softmax-jacobian at 80×24 and 120×40")
  func softmaxGolden() throws {
    let driver = try Self.graph("softmax-jacobian")
    Snapshot.assert(Fixtures.screen(driver), named: "graph-softmax-80x24")
    let wide = Fixtures.screen(driver, width: 120, height: 40)
    Snapshot.assert(wide, named: "graph-softmax-120x40")
    // z → σ, σ → L, t → L, z → σ^β, β → σ^β, v → ℓ, σ → ℓ.
    #expect(wide.joined().filter { $0 == "▶" }.count == 7)
    #expect(wide.contains { $0.contains("= ?") })
  }

  @Test(
    "every edge of every lesson's graph is routed, from its source to its consumer",
    arguments: lessonIDs)
  func everyEdge(id: String) throws {
    let bound = try Fixtures.bound(id)
    let layout = Self.layout(bound)
    let lesson = bound.lesson
    let nodes = Set(bound.names)
    var expected: Set<String> = []
    for definition in lesson.graph {
      for name in definition.expression.names where nodes.contains(name) {
        expected.insert(name + "→" + definition.name)
      }
    }
    for given in lesson.givens {
      for name in given.expression.names where nodes.contains(name) && name != given.name {
        expected.insert(name + "→" + given.name)
      }
    }
    let drawn = layout.edges.map { $0.from + "→" + $0.to }
    #expect(Set(drawn) == expected)
    #expect(drawn.count == expected.count, "one route per edge")
    #expect(layout.boxes.count == nodes.count)
    for edge in layout.edges {
      let source = try #require(layout.box(named: edge.from))
      let target = try #require(layout.box(named: edge.to))
      let start = try #require(edge.points.first)
      let end = try #require(edge.points.last)
      #expect(start.x == source.x + source.width, "\(edge.from)→\(edge.to) leaves its source")
      #expect(start.y > source.y && start.y < source.y + source.height - 1)
      #expect(end.x == target.x - 1, "\(edge.from)→\(edge.to) ends left of its consumer")
      #expect(end.y > target.y && end.y < target.y + target.height - 1)
      for (a, b) in zip(edge.points, edge.points.dropFirst()) {
        #expect(a.x == b.x || a.y == b.y, "runs are horizontal or vertical")
      }
      #expect(target.layer > source.layer)
    }
    // No two edges arrive on the same row of a box: one arrowhead each.
    let ends = layout.edges.compactMap(\.points.last).map { "\($0.x),\($0.y)" }
    #expect(Set(ends).count == ends.count)
    // Boxes never overlap.
    for (i, a) in layout.boxes.enumerated() {
      for b in layout.boxes[(i + 1)...] {
        let apart =
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y
          || b.y + b.height <= a.y
        #expect(apart, "\(a.name) and \(b.name) overlap")
      }
    }
  }

  @Test("layers follow the longest path from the givens; a source sits left of its consumer")
  func layers() throws {
    let topology = GraphLayout.Topology(try Fixtures.bound("relu-1-2-2-1").lesson)
    #expect(topology.layer["x"] == 0)
    #expect(topology.layer["a1"] == 1)
    #expect(topology.layer["J"] == 6)
    #expect(topology.layer["y"] == 5)
    #expect(topology.layer["W3"] == 4)
  }

  @Test("a backward step highlights its node and the path from the loss")
  func backwardFocus() throws {
    let bound = try Fixtures.bound("relu-1-2-2-1")
    let topology = GraphLayout.Topology(bound.lesson)
    let step = try #require(bound.lesson.steps.firstIndex { $0.id == "dJ-dh2" })
    let focus = GraphFocus(bound.lesson, topology: topology, step: step)
    #expect(focus.current == ["h2"])
    #expect(focus.path == ["h2", "y", "J"])
    #expect(focus.onPath("h2", "y") && !focus.onPath("W3", "y"))
    let forward = GraphFocus(bound.lesson, topology: topology, step: 0)
    #expect(forward.current == ["a1"] && forward.path.isEmpty)
    // On screen: the current node framed double, the selection marked.
    let driver = try Self.graph("relu-1-2-2-1", steps: step)
    let screen = Fixtures.screen(driver, width: 120, height: 40)
    #expect(screen.contains { $0.contains("╔") && $0.contains("╗") })
    #expect(screen.contains { $0.contains("›h⁽²⁾") })
  }

  @Test("arrow keys move the selection along edges; Enter shows the node in full, `?` unearned")
  func selection() throws {
    var driver = try Self.graph("relu-1-2-2-1")
    #expect(
      driver.state.graph!.selection(
        in: driver.state, topology: .init(driver.state.activeBound!.lesson))
        == "a1")
    driver.press(.right)
    #expect(driver.state.graph?.selection == "h1")
    driver.press(.left)
    #expect(driver.state.graph?.selection == "a1")
    driver.press(.left)
    #expect(["x", "W1"].contains(driver.state.graph?.selection))
    driver.press(.end)
    #expect(driver.state.graph?.selection == "J")
    driver.press(.enter)
    #expect(driver.state.screen == .graph && driver.state.graph?.showsDetails == true)
    let details = Fixtures.screen(driver).joined(separator: "\n")
    #expect(details.contains("J (J) = (t - y)^2"))
    #expect(details.contains("value = ?"))
    // The window follows the selection to the right edge of the drawing.
    #expect(details.contains("columns"))
    driver.press(.escape)
    #expect(driver.state.screen == .learn)
  }

  @Test("Enter on an earned node shows its value as a block")
  func earnedDetails() throws {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .learn))
    driver.press(.control("r"))
    driver.press(.function(2))
    driver.press(.enter)
    let screen = Fixtures.screen(driver, width: 120, height: 40)
    #expect(screen.contains { $0.contains("a⁽¹⁾ (a1) = W1 * x") })
    #expect(screen.contains { $0.contains("⎡  3 ⎤") })
    #expect(screen.contains { $0.contains("value = ⎣ -3 ⎦") })
  }

  @Test("ASCII and NO_COLOR: box-drawing folds to ASCII, highlights stay visible")
  func asciiGraph() throws {
    let driver = try Self.graph("relu-1-2-2-1", steps: 8, mathStyle: .ascii)
    let screen = Fixtures.screen(driver, width: 120, height: 40)
    Snapshot.assert(screen, named: "graph-relu-ascii")
    #expect(screen.allSatisfy { $0.allSatisfy(\.isASCII) })
    #expect(screen.contains { $0.contains("+====") })
    let small = Fixtures.screen(driver, width: 60, height: 16)
    #expect(small.contains { $0.contains("columns") })
  }
}
