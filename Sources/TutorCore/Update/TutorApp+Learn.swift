import TutorEngine
import TutorLessons
import TutorMath

extension TutorApp {
  /// Keys in learn mode. Letters always go into the answer: no single-letter shortcuts.
  static func learnKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard state.learn != nil else {
      state.screen = .menu
      return []
    }
    switch key {
    case .enter:
      return submit(&state)
    case .tab:
      nextHint(&state)
    case .control("r"):
      return reveal(&state)
    case .control("n"):
      move(&state, by: 1)
    case .control("p"):
      move(&state, by: -1)
    case .pageDown:
      state.learn?.scroll += 5
    case .pageUp:
      let scroll = state.learn?.scroll ?? 0
      state.learn?.scroll = max(0, scroll - 5)
    case .function(1):
      showHelp(&state)
    case .function(2):
      openGraph(&state)
    case .function(3):
      openExplore(&state)
    case .escape:
      state.screen = .menu
      syncMenu(&state)
    default:
      if var learn = state.learn {
        edit(&learn.editor, key)
        state.learn = learn
      }
    }
    return []
  }

  static func openGraph(_ state: inout AppState) {
    state.returnScreen = state.screen
    state.screen = .graph
    state.graphScroll = 0
  }

  static func openExplore(_ state: inout AppState) {
    state.returnScreen = state.screen
    state.screen = .explore
    state.exploreEditor.clear()
  }

  /// After leaving a lesson the menu shows its new progress.
  static func syncMenu(_ state: inout AppState) {
    if let id = state.learn?.lesson.id, let index = state.lessons.firstIndex(where: { $0.id == id })
    {
      state.menuIndex = index
    }
  }

  static func nextHint(_ state: inout AppState) {
    guard var learn = state.learn else { return }
    let shown = learn.hintsShown[learn.stepIndex, default: 0]
    if shown < learn.step.hints.count {
      learn.hintsShown[learn.stepIndex] = shown + 1
      state.status = nil
    } else {
      state.status = "no more hints — Ctrl-R reveals the worked line"
    }
    state.learn = learn
  }

  static func reveal(_ state: inout AppState) -> [Effect] {
    guard var learn = state.learn else { return [] }
    learn.revealed.insert(learn.stepIndex)
    state.learn = learn
    let id = learn.step.id
    if learn.solved.contains(id) { return [] }
    state.progress.markRevealed(id, in: learn.lesson.id)
    state.status = "revealed: this step counts as revealed, not solved"
    return [.saveRevealed(lesson: learn.lesson.id, step: id)]
  }

  static func move(_ state: inout AppState, by delta: Int) {
    guard var learn = state.learn else { return }
    let target = learn.stepIndex + delta
    guard target >= 0, target < learn.lesson.steps.count else {
      state.status = delta > 0 ? "this is the last step" : "this is the first step"
      return
    }
    learn.stepIndex = target
    learn.feedback = nil
    learn.scroll = 0
    learn.editor.clear()
    state.learn = learn
    state.status = nil
  }

  static func submit(_ state: inout AppState) -> [Effect] {
    guard var learn = state.learn else { return [] }
    let line = learn.editor.submit()
    let trimmed = line.trimmingWhitespace()
    if trimmed.hasPrefix(":") {
      state.learn = learn
      return command(&state, String(trimmed.dropFirst()))
    }
    guard !trimmed.isEmpty else {
      state.learn = learn
      state.status = "type an answer, then Enter (Tab for a hint)"
      return []
    }
    let verdict = learn.bound.check(trimmed, step: learn.stepIndex, style: state.mathStyle)
    learn.feedback = Feedback(answer: trimmed, verdict: verdict)
    var effects: [Effect] = []
    let id = learn.step.id
    if verdict.kind == .correct, !learn.solved.contains(id) {
      learn.solved.insert(id)
      state.progress.markSolved(id, in: learn.lesson.id)
      effects.append(.saveSolved(lesson: learn.lesson.id, step: id))
    }
    state.status =
      verdict.kind == .correct && learn.stepIndex + 1 < learn.lesson.steps.count
      ? "Ctrl-N for the next step" : nil
    if verdict.kind == .correct, learn.stepIndex + 1 == learn.lesson.steps.count {
      state.status =
        learn.solved.count == learn.lesson.steps.count
        ? "lesson complete — Esc returns to the menu" : "last step — Ctrl-P to revisit earlier ones"
    }
    state.learn = learn
    return effects
  }

  /// `:hint`, `:reveal`, `:next`, `:prev`, `:graph`, `:set x = 2`, `:variant`, `:help`, `:quit`.
  static func command(_ state: inout AppState, _ text: String) -> [Effect] {
    let words = text.split(separator: " ", maxSplits: 1).map(String.init)
    let name = words.first?.lowercased() ?? ""
    let argument = words.count > 1 ? words[1] : ""
    switch name {
    case "hint", "h": nextHint(&state)
    case "reveal": return reveal(&state)
    case "next", "n": move(&state, by: 1)
    case "prev", "previous", "p": move(&state, by: -1)
    case "graph", "g": openGraph(&state)
    case "set":
      if argument.isEmpty { openExplore(&state) } else { applySet(&state, argument) }
    case "variant": newVariant(&state)
    case "help", "?": showHelp(&state)
    case "menu":
      state.screen = .menu
      syncMenu(&state)
    case "quit", "q": return [.quit]
    default:
      let known = [
        "hint", "reveal", "next", "prev", "graph", "set", "variant", "help", "menu", "quit",
      ]
      let suggestion = Suggestion.didYouMean(name, among: known).map { " — \($0)" } ?? ""
      state.status = "unknown command :\(name)\(suggestion)"
    }
    return []
  }
}
