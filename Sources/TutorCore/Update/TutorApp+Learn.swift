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
      return perform(&state, .hint)
    case .control("r"):
      return perform(&state, .reveal)
    case .control("n"):
      return perform(&state, .next)
    case .control("p"):
      return perform(&state, .previous)
    case .control("o"):
      return perform(&state, .another)
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
    case .function(4):
      state.valuesPanelToggled.toggle()
    case .function(5):
      showLearnCurve(&state)
    case .escape:
      state.screen = .menu
      state.review = nil
      state.status = nil  // the lesson's status belongs to the lesson
      syncMenu(&state)
    default:
      if var learn = state.learn {
        state.learn = nil  // one owner of the line: no copy of it per key
        let full = edit(&learn.editor, key)
        state.learn = learn
        if let full { state.status = full }
      }
    }
    return []
  }

  /// The loss curve from learn (F5, `:curve`): reached once the gradient-descent step is
  /// solved or revealed.
  static func showLearnCurve(_ state: inout AppState) {
    guard let learn = state.learn else { return }
    let earned = learn.session.earnedSteps(in: state.progress)
    let after = learn.bound.gradientDescentStep ?? learn.lesson.steps.count - 1
    openCurve(&state, bound: learn.bound, reached: earned.contains(after) ? after : -1)
  }

  static func openExplore(_ state: inout AppState) {
    state.returnScreen = state.screen
    state.screen = .explore
    state.exploreEditor.clear()
    state.exploreScroll = 0
  }

  /// After leaving a lesson the menu shows its new progress.
  static func syncMenu(_ state: inout AppState) {
    if let id = state.learn?.lesson.id, let index = state.lessons.firstIndex(where: { $0.id == id })
    {
      state.menuIndex = index
    }
  }

  /// Runs a session command on the open lesson: the status says what happened, and
  /// progress changes become save effects.
  static func perform(_ state: inout AppState, _ command: SessionCommand) -> [Effect] {
    guard var learn = state.learn else { return [] }
    var events: [TutorSession.Event] = []
    var effects: [TutorSession.Effect] = []
    switch command {
    case .hint:
      let (event, changes) = learn.session.hint(progress: &state.progress)
      events = [event]
      effects = changes
    case .reveal:
      let (event, changes) = learn.session.reveal(progress: &state.progress)
      events = [event]
      effects = changes
    case .next where state.review != nil:
      // In a review the next step is the next due card (one not answered stays due).
      state.learn = learn
      return nextCard(&state)
    case .next, .previous:
      events = [learn.session.move(by: command == .next ? 1 : -1)]
      if case .moved = events.first {
        learn.scroll = 0
        learn.editor.clear()
      }
    case .graph:
      state.learn = learn
      openGraph(&state)
      return []
    case .values:
      state.learn = learn
      state.valuesPanelToggled.toggle()
      return []
    case .curve:
      state.learn = learn
      showLearnCurve(&state)
      return []
    case .set(let argument):
      state.learn = learn
      if argument.isEmpty { openExplore(&state) } else { applySet(&state, argument) }
      return []
    case .variant:
      state.learn = learn
      newVariant(&state)
      return []
    case .another:
      state.learn = learn
      another(&state)
      return []
    case .help:
      state.learn = learn
      showHelp(&state)
      return []
    case .menu:
      state.learn = learn
      state.screen = .menu
      state.review = nil
      state.status = nil  // the lesson's status belongs to the lesson
      syncMenu(&state)
      return []
    case .quit:
      state.learn = learn
      return [.quit]
    }
    state.learn = learn
    state.status = events.compactMap { SessionText.message($0, front: .fullScreen) }.last
    return effects.map(Effect.init)
  }

  static func submit(_ state: inout AppState) -> [Effect] {
    guard var learn = state.learn else { return [] }
    let line = learn.editor.submit()
    let trimmed = line.trimmingWhitespace()
    if trimmed.hasPrefix(":") {
      state.learn = learn
      switch SessionCommand.parse(String(trimmed.dropFirst())) {
      case .success(let command): return perform(&state, command)
      case .failure(let unknown):
        state.status =
          "unknown command :\(unknown.name)" + (unknown.suggestion.map { " — \($0)" } ?? "")
        return []
      }
    }
    // Enter on an empty line after a right answer moves on, as "next" would.
    if trimmed.isEmpty, learn.feedback?.verdict.isCorrect == true {
      state.learn = learn
      return perform(&state, .next)
    }
    let (events, effects) = learn.session.submit(trimmed, progress: &state.progress)
    state.learn = learn
    state.status = events.compactMap { SessionText.message($0, front: .fullScreen) }.last
    return effects.map(Effect.init)
  }
}

extension Effect {
  /// A session's progress change as the shell's save effect.
  init(_ effect: TutorSession.Effect) {
    switch effect {
    case .markSolved(let lesson, let step): self = .saveSolved(lesson: lesson, step: step)
    case .markRevealed(let lesson, let step): self = .saveRevealed(lesson: lesson, step: step)
    case .recordHints(let lesson, let step, let count):
      self = .saveHints(lesson: lesson, step: step, count: count)
    case .recordAttempt(let attempt): self = .saveAttempt(attempt)
    case .variantDone(let lesson, let variant):
      self = .saveVariantDone(lesson: lesson, variant: variant)
    }
  }
}
