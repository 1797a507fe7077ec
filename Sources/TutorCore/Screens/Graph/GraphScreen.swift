import TerminalText
import TutorLessons

/// The computation graph of the lesson below (learn's or replay's) as a layered drawing:
/// which node is selected and where the window is.
public struct GraphScreen: ScreenModel, Equatable {
  /// The selected node's name (nil: the current step's node, else the first).
  public var selection: String?
  /// The window's top-left cell on the drawing.
  public var scrollX = 0
  public var scrollY = 0
  /// Whether the window moves to keep the selection in view (off after PgUp/PgDn, `<`, `>`).
  public var followsSelection = true
  /// Enter: the selected node's full value and gradient under the drawing.
  public var showsDetails = false

  public init() {}

  enum Command: Sendable {
    case left, right, up, down, every, details, pageDown, pageUp, sideways(Int), start, loss
    case help, back
  }

  static let title = "Graph"
  /// Arrow keys (and h/j/k/l) move the selection along the drawing: ←/→ to a node that
  /// feeds it or that it feeds (else the nearest in the next layer), ↑/↓ within its layer.
  static let bindings: [KeyBinding<Command>] = [
    KeyBinding(
      [.left, .character("h")], .left, keyName: "← or h", bar: ("←↑↓→", "select"),
      help: "select a node that feeds this one"),
    KeyBinding(
      [.right, .character("l")], .right, keyName: "→ or l", help: "select a node it feeds"),
    KeyBinding(
      [.up, .character("k")], .up, keyName: "↑ or k", help: "the node above, in its layer"),
    KeyBinding(
      [.down, .character("j")], .down, keyName: "↓ or j", help: "the node below, in its layer"),
    KeyBinding([.tab], .every, keyName: "Tab", help: "every node in turn"),
    KeyBinding(
      [.enter], .details, keyName: "Enter", bar: ("Enter", "details"),
      help: "the selected node's full value and gradient (? until earned)"),
    KeyBinding(
      [.pageDown, .character(" ")], .pageDown, keyName: "PgDn", bar: ("PgUp/PgDn", "scroll"),
      help: "scroll down"),
    KeyBinding([.pageUp], .pageUp, keyName: "PgUp", help: "scroll up"),
    KeyBinding(
      [.character(">"), .character(".")], .sideways(16), keyName: ">", bar: ("< >", "sideways"),
      help: "scroll right"),
    KeyBinding(
      [.character("<"), .character(",")], .sideways(-16), keyName: "<", help: "scroll left"),
    KeyBinding([.home], .start, keyName: "Home", help: "back to the start"),
    KeyBinding([.end], .loss, keyName: "End", help: "the loss"),
    KeyBinding([.character("?"), .function(1)], .help, keyName: "? or F1", help: "help"),
    KeyBinding(
      [.escape], .back, keyName: "Esc or any other key", bar: ("Esc", "back"),
      help: "back to the lesson", isFallback: true),
  ]

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    guard let bound = app.activeBound else { return .pop }
    let topology = GraphLayout.Topology(bound.lesson)
    let current = selection(in: app, topology: topology)
    let layer = current.flatMap { topology.layer[$0] } ?? 0
    let order = topology.order.indices.contains(layer) ? topology.order[layer] : []
    let position = current.flatMap { order.firstIndex(of: $0) } ?? 0
    switch command {
    case .up: if position > 0 { select(order[position - 1]) }
    case .down: if position + 1 < order.count { select(order[position + 1]) }
    case .left:
      let inputs = topology.edges.filter { $0.to == current }.map(\.from)
      select(
        inputs.first ?? Self.neighbour(topology, layer: layer - 1, position, of: order.count))
    case .right:
      let consumers = topology.edges.filter { $0.from == current }.map(\.to)
      select(
        consumers.first ?? Self.neighbour(topology, layer: layer + 1, position, of: order.count))
    case .every:
      let all = topology.order.flatMap { $0 }
      if let index = current.flatMap({ all.firstIndex(of: $0) }), !all.isEmpty {
        select(all[(index + 1) % all.count])
      }
    case .details: showsDetails.toggle()
    case .pageDown, .pageUp, .sideways:
      // From the window shown, not the stored scroll: while the window follows the
      // selection (after End, say), or past the drawing's end, the two differ.
      let painter = Painter(
        buffer: ScreenBuffer(
          width: app.size.width, height: app.size.height, asciiOnly: app.mathStyle == .ascii),
        state: app)
      let geometry = painter.graphGeometry(self, bound)
      (scrollX, scrollY) = (geometry.scrollX, geometry.scrollY)
      scroll(command)
    case .start:
      self = GraphScreen()
      selection = topology.order.first?.first
    case .loss: select(bound.lesson.loss?.text ?? topology.order.last?.last)
    case .help: return .push(.help(HelpScreen(opener: .graph)))
    case .back: return .pop
    }
    return .stay
  }

  private mutating func scroll(_ command: Command) {
    switch command {
    case .pageDown: scrollY += 8
    case .pageUp: scrollY = max(0, scrollY - 8)
    case .sideways(let columns): scrollX = max(0, scrollX + columns)
    default: return
    }
    followsSelection = false
  }

  private mutating func select(_ name: String?) {
    guard let name else { return }
    selection = name
    followsSelection = true
  }

  /// The node at about the same height in `layer` (nil when there is no such layer).
  private static func neighbour(
    _ topology: GraphLayout.Topology, layer: Int, _ position: Int, of count: Int
  ) -> String? {
    guard topology.order.indices.contains(layer), !topology.order[layer].isEmpty else {
      return nil
    }
    let target = topology.order[layer]
    let scaled = count <= 1 ? 0 : position * (target.count - 1) / (count - 1)
    return target[min(scaled, target.count - 1)]
  }

  /// The selected node: the learner's choice, else the current step's node, else the
  /// first node.
  func selection(in app: AppState, topology: GraphLayout.Topology) -> String? {
    if let chosen = selection, topology.layer[chosen] != nil { return chosen }
    if let step = app.activeStep, let bound = app.activeBound {
      let focus = GraphFocus(bound.lesson, topology: topology, step: step)
      if let first = topology.names.first(where: { focus.current.contains($0) }) { return first }
    }
    return topology.order.first?.first
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}
