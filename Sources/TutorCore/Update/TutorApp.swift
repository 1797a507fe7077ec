import TutorEngine
import TutorLessons
import TutorMath

/// The tutor as The Elm Architecture: ``update(_:_:)`` turns a message into a new state
/// and effects (as data, never I/O); ``view(_:width:height:)`` draws a state into a
/// ``ScreenBuffer``. The terminal layer only maps keys to messages and draws buffers.
public enum TutorApp {
  /// The smallest terminal the layouts work in.
  public static let minimumSize = (width: 60, height: 16)
  /// Milliseconds between steps when replay auto-advances.
  public static let autoAdvanceInterval = 2500

  /// Applies `msg` to `state`; returns the effects for the shell to run.
  public static func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .resize:
      return []
    case .tick:
      return tick(&state)
    case .lessonOpened(let bound, let mode):
      return opened(&state, bound, mode: mode)
    case .lessonFailed(let id, let message):
      state.status = "cannot open \(id): \(message)"
      return []
    case .progressSaved(let saved):
      state.progress = saved
      return []
    case .progressNotSaved(let message):
      state.status = "could not save progress: \(message)"
      return []
    case .reviewDue:
      return startReview(&state)
    case .paste(let text):
      paste(&state, text)
      return []
    case .key(let key):
      // Keys that work everywhere.
      if key == .control("c") { return [.stopTimer, .quit] }
      switch state.screen {
      case .menu: return menuKey(&state, key)
      case .learn: return learnKey(&state, key)
      case .replay: return replayKey(&state, key)
      case .graph: return graphKey(&state, key)
      case .explore: return exploreKey(&state, key)
      case .help: return helpKey(&state, key)
      case .exam: return examKey(&state, key)
      case .skills: return skillsKey(&state, key)
      case .curve: return curveKey(&state, key)
      }
    }
  }

  // MARK: - Opening lessons

  static func opened(_ state: inout AppState, _ bound: BoundLesson, mode: OpenMode) -> [Effect] {
    state.status = nil
    if !mode.isReview { state.review = nil }  // opening anything else ends a review
    switch mode {
    case .learn:
      let session = TutorSession(bound: bound, progress: state.progress)
      state.learn = LearnState(session: session)
      state.screen = .learn
      state.status = session.openingEvent(progress: state.progress).flatMap {
        SessionText.message($0, front: .fullScreen)
      }
    case .replay:
      state.replay = ReplayState(bound: bound)
      state.screen = .replay
    case .practice:
      state.learn = LearnState(session: TutorSession(practising: bound))
      state.screen = .learn
      state.status = "variant \(bound.variant): new givens; every value to earn again"
    case .review(let step):
      openCard(&state, bound, step: step)
    case .exam:
      // From the menu (variant 0 bound): a fresh variant; from `bptutor exam`: as bound.
      openExam(&state, bound, fresh: bound.variant == 0 && bound.overrides.isEmpty)
    }
    return []
  }

  // MARK: - Menu

  static func menuKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    let count = state.lessons.count
    switch key {
    case .up, .character("k"):
      if count > 0 { state.menuIndex = (state.menuIndex + count - 1) % count }
    case .down, .character("j"):
      if count > 0 { state.menuIndex = (state.menuIndex + 1) % count }
    case .home: state.menuIndex = 0
    case .end: state.menuIndex = max(0, count - 1)
    case .enter, .character("l"):
      guard count > 0 else { return [] }
      let entry = state.lessons[state.menuIndex]
      if let problem = entry.problem {
        state.status = "\(entry.id) cannot be opened: \(problem)"
        return []
      }
      state.status = "opening \(entry.id)…"
      return [.openLesson(id: entry.id, mode: .learn)]
    case .character("r"):
      guard count > 0 else { return [] }
      return [.openLesson(id: state.lessons[state.menuIndex].id, mode: .replay)]
    case .character("x"):
      guard count > 0, state.lessons[state.menuIndex].problem == nil else { return [] }
      return [.openLesson(id: state.lessons[state.menuIndex].id, mode: .exam)]
    case .character("s"):
      state.screen = .skills
      state.skillsScroll = 0
    case .character("d"):
      return startReview(&state)
    case .character("?"), .function(1):
      showHelp(&state)
    case .character("q"), .escape:
      return [.quit]
    default:
      break
    }
    return []
  }

  // MARK: - Help

  static func showHelp(_ state: inout AppState) {
    if state.screen != .help { state.returnScreen = state.screen }
    state.screen = .help
    state.helpScroll = 0
  }

  static func helpKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .down, .pageDown: state.helpScroll += key == .down ? 1 : 10
    case .up, .pageUp: state.helpScroll = max(0, state.helpScroll - (key == .up ? 1 : 10))
    default: state.screen = state.returnScreen
    }
    return []
  }

  // MARK: - Replay

  static func replayKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var replay = state.replay else {
      state.screen = .menu
      return []
    }
    defer { state.replay = replay }
    let last = replay.bound.lesson.steps.count - 1
    switch key {
    case .right, .character(" "), .enter, .character("l"):
      replay.stepIndex = min(last, replay.stepIndex + 1)
    case .left, .backspace, .character("h"):
      replay.stepIndex = max(0, replay.stepIndex - 1)
    case .home: replay.stepIndex = 0
    case .end: replay.stepIndex = last
    case .character("a"):
      replay.autoAdvance.toggle()
      state.status = replay.autoAdvance ? "auto-advance on (a to stop)" : "auto-advance off"
      return replay.autoAdvance ? [.startTimer(milliseconds: autoAdvanceInterval)] : [.stopTimer]
    case .character("g"), .function(2):
      openGraph(&state)
    case .character("e"), .function(3):
      openExplore(&state)
    case .character("v"):
      replay.bound = nextVariant(of: replay.bound, status: &state.status)
    case .character("c"), .function(5):
      state.replay = replay
      openCurve(&state, bound: replay.bound, reached: replay.stepIndex)
      replay = state.replay ?? replay
    case .character("?"), .function(1):
      showHelp(&state)
    case .escape, .character("q"):
      replay.autoAdvance = false
      state.screen = .menu
      return [.stopTimer]
    default:
      break
    }
    return []
  }

  static func tick(_ state: inout AppState) -> [Effect] {
    guard state.screen == .replay, var replay = state.replay, replay.autoAdvance else {
      return [.stopTimer]
    }
    let last = replay.bound.lesson.steps.count - 1
    if replay.stepIndex < last {
      replay.stepIndex += 1
    }
    if replay.stepIndex >= last {
      replay.autoAdvance = false
      state.replay = replay
      state.status = "end of the worked example"
      return [.stopTimer]
    }
    state.replay = replay
    return []
  }

  // MARK: - Graph

  /// Arrow keys (and h/j/k/l) move the selection along the drawing: ←/→ to a node
  /// that feeds it or that it feeds (else the nearest in the next layer), ↑/↓ within its
  /// layer; Tab walks every node; Enter shows the selected node in full; PgUp/PgDn and
  /// `<`/`>` scroll; Home goes back to the start; Esc (or F2, `g`, `q`) returns.
  static func graphKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard let bound = state.activeBound else {
      state.screen = state.returnScreen
      return []
    }
    let topology = GraphLayout.Topology(bound.lesson)
    var graph = state.graph
    defer { state.graph = graph }
    let current = graphSelection(state, topology: topology)
    func select(_ name: String?) {
      guard let name else { return }
      graph.selection = name
      graph.followsSelection = true
    }
    let layer = current.flatMap { topology.layer[$0] } ?? 0
    let order = topology.order.indices.contains(layer) ? topology.order[layer] : []
    let position = current.flatMap { order.firstIndex(of: $0) } ?? 0
    switch key {
    case .up, .character("k"):
      if position > 0 { select(order[position - 1]) }
    case .down, .character("j"):
      if position + 1 < order.count { select(order[position + 1]) }
    case .left, .character("h"):
      let inputs = topology.edges.filter { $0.to == current }.map(\.from)
      select(inputs.first ?? neighbour(topology, layer: layer - 1, position, of: order.count))
    case .right, .character("l"):
      let consumers = topology.edges.filter { $0.from == current }.map(\.to)
      select(consumers.first ?? neighbour(topology, layer: layer + 1, position, of: order.count))
    case .tab:
      let all = topology.order.flatMap { $0 }
      if let index = current.flatMap({ all.firstIndex(of: $0) }), !all.isEmpty {
        select(all[(index + 1) % all.count])
      }
    case .enter:
      graph.showsDetails.toggle()
    case .pageDown, .character(" "):
      graph.scrollY += 8
      graph.followsSelection = false
    case .pageUp:
      graph.scrollY = max(0, graph.scrollY - 8)
      graph.followsSelection = false
    case .character(">"), .character("."):
      graph.scrollX += 16
      graph.followsSelection = false
    case .character("<"), .character(","):
      graph.scrollX = max(0, graph.scrollX - 16)
      graph.followsSelection = false
    case .home:
      graph = GraphViewState()
      graph.selection = topology.order.first?.first
    case .end:
      select(bound.lesson.loss?.text ?? topology.order.last?.last)
    case .character("?"), .function(1): showHelp(&state)
    default: state.screen = state.returnScreen
    }
    return []
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
  static func graphSelection(_ state: AppState, topology: GraphLayout.Topology) -> String? {
    if let chosen = state.graph.selection, topology.layer[chosen] != nil { return chosen }
    let step =
      state.returnScreenForActive == .replay ? state.replay?.stepIndex : state.learn?.stepIndex
    if let step, let bound = state.activeBound {
      let focus = GraphFocus(bound.lesson, topology: topology, step: step)
      if let first = topology.names.first(where: { focus.current.contains($0) }) { return first }
    }
    return topology.order.first?.first
  }

  /// Opens the graph view with the current step's node selected.
  static func openGraph(_ state: inout AppState) {
    state.returnScreen = state.screen
    state.screen = .graph
    state.graph = GraphViewState()
  }

  // MARK: - Loss curve

  /// Trains the lesson's `train:` parameters from the current values and shows the
  /// curve, once the learner has reached the gradient-descent step (`reached`: learn's
  /// earned steps' last, or replay's step).
  static func openCurve(_ state: inout AppState, bound: BoundLesson, reached: Int) {
    guard let train = bound.lesson.train else {
      state.status = "this lesson declares no training (`train:`)"
      return
    }
    let after = bound.gradientDescentStep ?? bound.lesson.steps.count - 1
    guard reached >= after else {
      // Named by its title: without a descent step, the last step is another kind.
      let title = bound.lesson.steps.indices.contains(after) ? bound.lesson.steps[after].title : ""
      state.status =
        bound.gradientDescentStep != nil
        ? "the loss curve opens after step \(after + 1), the gradient-descent step"
        : "the loss curve opens after step \(after + 1) (\(title)), the last step"
      return
    }
    do throws(TrainingError) {
      state.curve = try bound.train(steps: train.steps)
    } catch {
      state.status = "cannot train: " + error.message
      return
    }
    state.returnScreen = state.screen
    state.screen = .curve
  }

  static func curveKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .character("?"), .function(1): showHelp(&state)
    default: state.screen = state.returnScreen
    }
    return []
  }

  // MARK: - Explore

  static func exploreKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .escape:
      state.screen = state.returnScreen
    case .enter:
      let line = state.exploreEditor.submit()
      if line.trimmingWhitespace() == "variant" || line.trimmingWhitespace() == ":variant" {
        newVariant(&state)
      } else if !line.isEmpty {
        applySet(&state, line)
      }
    case .function(1):
      showHelp(&state)
    case .pageDown:
      state.exploreScroll += 5
    case .pageUp:
      state.exploreScroll = max(0, state.exploreScroll - 5)
    default:
      if let full = edit(&state.exploreEditor, key) { state.status = full }
    }
    return []
  }

  /// `x = 2`: sets a given; every value recomputes; solved steps stay solved.
  static func applySet(_ state: inout AppState, _ line: String) {
    let assignment: Assignment
    do {
      assignment = try Assignment.parse(line)
    } catch {
      state.status = error.message
      return
    }
    let (name, expression) = (assignment.name, assignment.expression)
    changeActiveBound(&state) { bound, status in
      var overrides = bound.overrides
      overrides[name] = expression
      guard
        let rebound = tryBind(
          bound, variant: bound.variant, overrides: overrides, status: &status)
      else { return nil }
      status = "\(name) = \(expression.trimmingWhitespace()): every value recomputed"
      return rebound
    }
  }

  /// Draws the next seeded variant of the givens.
  static func newVariant(_ state: inout AppState) {
    let before = state.learn?.bound.variant
    changeActiveBound(&state) { bound, status in nextVariant(of: bound, status: &status) }
    // From explore, say that the lesson (not only this screen) has the new variant.
    if state.screen == .explore, let before, state.learn?.bound.variant != before,
      let status = state.status
    {
      state.status = status + "; the lesson uses these values too"
    }
  }

  /// The next seeded variant, without overrides (or `bound` with the reason in `status`).
  static func nextVariant(of bound: BoundLesson, status: inout String?) -> BoundLesson {
    let variant = bound.variant + 1
    guard let rebound = tryBind(bound, variant: variant, overrides: [:], status: &status) else {
      return bound
    }
    status = "variant \(variant): new givens, every value recomputed"
    return rebound
  }

  /// Rebinds the lesson on screen (or under the graph/explore/help screen): replay's or
  /// learn's. In learn, feedback on the old numbers is cleared; solved steps stay solved.
  static func changeActiveBound(
    _ state: inout AppState, _ change: (BoundLesson, inout String?) -> BoundLesson?
  ) {
    if state.returnScreenForActive == .replay {
      guard var replay = state.replay, let rebound = change(replay.bound, &state.status) else {
        return
      }
      replay.bound = rebound
      state.replay = replay
    } else {
      guard var learn = state.learn, let rebound = change(learn.bound, &state.status) else {
        return
      }
      _ = learn.session.rebind(rebound)
      state.learn = learn
    }
  }

  static func tryBind(
    _ bound: BoundLesson, variant: Int, overrides: [String: String], status: inout String?
  ) -> BoundLesson? {
    do {
      return try LessonLibrary.bind(bound.lesson, variant: variant, overrides: overrides)
    } catch {
      status =
        error.diagnostics.first.map {
          $0.message.split(separator: "\n").first.map(String.init) ?? $0.message
        }
        ?? "cannot set that"
      return nil
    }
  }

  /// The line-editing keys shared by the answer line and the explore line.
  /// Applies an editing key to `editor`; returns a status message when a character did not
  /// fit (the line is at ``LineEditor/maxLength``).
  @discardableResult
  static func edit(_ editor: inout LineEditor, _ key: Key) -> String? {
    switch key {
    case .character(let character):
      if editor.isFull, !character.isNewline { return LineEditor.fullMessage }
      editor.insert(character)
    case .backspace: editor.backspace()
    case .delete: editor.delete()
    case .left: editor.left()
    case .right: editor.right()
    case .home, .control("a"): editor.home()
    case .end, .control("e"): editor.end()
    case .control("u"): editor.killToStart()
    case .up: editor.historyBack()
    case .down: editor.historyForward()
    default: break
    }
    return nil
  }

  /// Pasted text goes into the line being edited (the answer, or explore's `:set` line);
  /// elsewhere it is ignored, never replayed as keys.
  static func paste(_ state: inout AppState, _ text: String) {
    var cut = 0
    switch state.screen {
    case .learn:
      if var learn = state.learn {
        state.learn = nil  // one owner of the line while it grows
        cut = learn.editor.insert(text)
        state.learn = learn
      }
    case .explore:
      cut = state.exploreEditor.insert(text)
    default:
      break
    }
    if cut > 0 { state.status = LineEditor.pasteCutMessage }
  }

}
