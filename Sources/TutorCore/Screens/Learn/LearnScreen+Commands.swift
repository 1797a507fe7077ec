import TutorLessons
import TutorMath

extension LearnScreen {
  /// Enter: a `:` command, the next step after a right answer (on an empty line), or an
  /// answer to judge.
  mutating func submit(_ app: inout AppState) -> Transition {
    let line = editor.submit()
    let trimmed = line.trimmingWhitespace()
    if trimmed.hasPrefix(":") {
      let text = String(trimmed.dropFirst())
      guard let command = Self.command(named: text) else {
        let name =
          text.trimmingWhitespace().split(separator: " ", maxSplits: 1).first.map {
            $0.lowercased()
          } ?? ""
        let suggestion = Suggestion.didYouMean(name, among: Self.commandNames)
        app.status = "unknown command :\(name)" + (suggestion.map { " — \($0)" } ?? "")
        return .stay
      }
      return perform(command, &app)
    }
    // Enter on an empty line after a right answer moves on, as "next" would.
    if trimmed.isEmpty, feedback?.verdict.isCorrect == true {
      return perform(.next, &app)
    }
    session.setTime(app.now)
    let (events, changes) = session.submit(trimmed, progress: app.progress)
    app.status = events.compactMap { SessionText.message($0, front: .fullScreen) }.last
    return .effects(changes.map(Effect.save))
  }

  /// Runs a session command on the open lesson: the status says what happened, and
  /// progress changes become save effects.
  mutating func perform(_ command: SessionCommand, _ app: inout AppState) -> Transition {
    session.setTime(app.now)
    var events: [TutorSession.Event] = []
    var changes: [ProgressChange] = []
    switch command {
    case .hint:
      let (event, change) = session.hint(progress: app.progress)
      (events, changes) = ([event], change)
    case .reveal:
      let (event, change) = session.reveal(progress: app.progress)
      (events, changes) = ([event], change)
      // Revealing the last step open, at the last step, finishes the lesson too.
      var after = app.progress
      change.apply(to: &after)
      if event == .revealed(countsAsRevealed: true), session.isLastStep,
        session.isComplete(in: after)
      {
        events.append(.lessonComplete)
        changes.append(.variantDone(lesson: lesson.id, variant: bound.variant))
      }
    case .next, .previous:
      events = [session.move(by: command == .next ? 1 : -1)]
      if case .moved = events.first {
        scroll = 0
        editor.clear()
      }
    case .graph: return .push(.graph(GraphScreen()))
    case .values:
      app.valuesPanelToggled.toggle()
      return .stay
    case .curve:
      let earned = session.earnedSteps(in: app.progress)
      let after = Trainer(bound).gradientDescentStep ?? lesson.steps.count - 1
      let reached = earned.contains(after) ? after : -1
      return CurveScreen.open(bound: bound, reached: reached, &app).map { .push(.curve($0)) }
        ?? .stay
    case .set(let argument):
      if argument.isEmpty { return .push(.explore(ExploreScreen())) }
      if let rebound = Givens.settingGiven(argument, of: bound, status: &app.status) {
        _ = session.rebind(rebound)
      }
      return .stay
    case .variant:
      _ = session.rebind(Givens.nextVariant(of: bound, status: &app.status))
      return .stay
    case .another:
      guard session.isComplete(in: app.progress) else {
        let done = session.earnedSteps(in: app.progress).count
        app.status =
          "another variant once the lesson is complete (\(done) of \(lesson.steps.count) "
          + "steps solved or revealed)"
        return .stay
      }
      another(&app)
      return .stay
    case .help: return .push(.help(HelpScreen(opener: .learn)))
    case .menu: return Transition(.toMenu(selecting: lesson.id))
    case .quit: return .effects([.quit])
    }
    app.status = events.compactMap { SessionText.message($0, front: .fullScreen) }.last
    return .effects(changes.map(Effect.save))
  }

  /// Another variant of the lesson: fresh givens never done, from the first step, every
  /// value to earn again.
  mutating func another(_ app: inout AppState) {
    let variant = app.progress.newVariant(of: lesson)
    guard
      let rebound = Givens.tryBind(bound, variant: variant, overrides: [:], status: &app.status)
    else { return }
    _ = session.practise(rebound)
    scroll = 0
    editor.clear()
    app.status = "variant \(variant): new givens; every value to earn again"
  }
}
