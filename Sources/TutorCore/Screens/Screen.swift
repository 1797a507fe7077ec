import TerminalText

/// The screens of the tutor, by kind (``Screen`` holds each one's state).
public enum ScreenKind: Equatable, Sendable {
  case menu, learn, review, replay, graph, explore, help, exam, skills, curve
}

/// The screens of the tutor, as they sit on ``AppState/stack``. A new screen is its own
/// file, one case here (with a line in each switch below), and one binding in the screen
/// that opens it.
public enum Screen: Sendable {
  case menu(MenuScreen)
  case learn(LearnScreen)
  case review(ReviewScreen)
  case replay(ReplayScreen)
  case graph(GraphScreen)
  case explore(ExploreScreen)
  case curve(CurveScreen)
  case exam(ExamScreen)
  case skills(SkillsScreen)
  case help(HelpScreen)

  public var kind: ScreenKind {
    switch self {
    case .menu: .menu
    case .learn: .learn
    case .review: .review
    case .replay: .replay
    case .graph: .graph
    case .explore: .explore
    case .curve: .curve
    case .exam: .exam
    case .skills: .skills
    case .help: .help
    }
  }

  enum GlobalCommand: Sendable { case quit, suspend }

  /// Keys that work on every screen, before the screen's own.
  static let globalBindings: [KeyBinding<GlobalCommand>] = [
    KeyBinding(
      [.control("c")], .quit, keyName: "Ctrl-C",
      help: "quit (the terminal is restored; progress is already saved)"),
    // The terminal layer suspends before the key reaches update.
    KeyBinding([.control("z")], .suspend, keyName: "Ctrl-Z", help: "suspend; fg resumes"),
  ]

  /// Every screen's help section, in the order help lists them.
  static let helpSections: [(kind: ScreenKind, lines: [HelpLine])] = [
    (.menu, MenuScreen.helpSection), (.learn, LearnScreen.helpSection),
    (.review, ReviewScreen.helpSection),
    (.replay, ReplayScreen.helpSection), (.graph, GraphScreen.helpSection),
    (.explore, ExploreScreen.helpSection), (.curve, CurveScreen.helpSection),
    (.exam, ExamScreen.helpSection), (.skills, SkillsScreen.helpSection),
    (.help, HelpScreen.helpSection),
  ]

  /// Applies `key` to this screen (taken off `app.stack` meanwhile). The screen is moved
  /// out of `self` while it changes, so its buffers (the answer line) have one owner and
  /// change in place instead of being copied on every key.
  mutating func update(_ key: Key, _ app: inout AppState) -> Transition {
    switch consume self {
    case .menu(var screen):
      defer { self = .menu(screen) }
      return screen.update(key, &app)
    case .learn(var screen):
      defer { self = .learn(screen) }
      return screen.update(key, &app)
    case .review(var screen):
      defer { self = .review(screen) }
      return screen.update(key, &app)
    case .replay(var screen):
      defer { self = .replay(screen) }
      return screen.update(key, &app)
    case .graph(var screen):
      defer { self = .graph(screen) }
      return screen.update(key, &app)
    case .explore(var screen):
      defer { self = .explore(screen) }
      return screen.update(key, &app)
    case .curve(var screen):
      defer { self = .curve(screen) }
      return screen.update(key, &app)
    case .exam(var screen):
      defer { self = .exam(screen) }
      return screen.update(key, &app)
    case .skills(var screen):
      defer { self = .skills(screen) }
      return screen.update(key, &app)
    case .help(var screen):
      defer { self = .help(screen) }
      return screen.update(key, &app)
    }
  }

  /// The learn screen this screen works a lesson on: learn's own, or a review's card.
  var learning: LearnScreen? {
    switch self {
    case .learn(let learn): return learn
    case .review(let review): return review.card
    default: return nil
    }
  }

  func draw(_ painter: inout Painter) {
    switch self {
    case .menu(let screen): screen.draw(&painter)
    case .learn(let screen): screen.draw(&painter)
    case .review(let screen): screen.draw(&painter)
    case .replay(let screen): screen.draw(&painter)
    case .graph(let screen): screen.draw(&painter)
    case .explore(let screen): screen.draw(&painter)
    case .curve(let screen): screen.draw(&painter)
    case .exam(let screen): screen.draw(&painter)
    case .skills(let screen): screen.draw(&painter)
    case .help(let screen): screen.draw(&painter)
    }
  }

  /// Pasted text for the line this screen edits; returns how many characters were cut
  /// (nil: this screen has no line, the paste is ignored).
  mutating func paste(_ text: String) -> Int? {
    switch consume self {
    case .learn(var screen):
      defer { self = .learn(screen) }
      return screen.editor.insert(text)
    case .review(var screen):
      defer { self = .review(screen) }
      return screen.card.editor.insert(text)
    case .explore(var screen):
      defer { self = .explore(screen) }
      return screen.editor.insert(text)
    case let other:
      self = other
      return nil
    }
  }

  /// The replay timer: replay's next step; any other screen stops the timer.
  mutating func tick(_ app: inout AppState) -> [Effect] {
    switch consume self {
    case .replay(var screen):
      defer { self = .replay(screen) }
      return screen.tick(&app)
    case let other:
      self = other
      return [.stopTimer]
    }
  }
}
