/// One screen of the tutor: its own state, its key bindings, its update and its view.
///
/// A screen's ``bindings`` are the one list its keys come from: ``update(_:_:)`` looks a
/// key up there, and the help screen, the key bar and the `:` commands are generated
/// from it.
protocol ScreenModel: Sendable {
  associatedtype Command: Sendable
  /// The help section's title ("Learn").
  static var title: String { get }
  /// The keys of this screen, in key-bar and help order.
  static var bindings: [KeyBinding<Command>] { get }
  /// The keys in force now (by default every one of ``bindings``; the exam has one list
  /// for the questions and one for the report).
  var activeBindings: [KeyBinding<Command>] { get }
  /// Runs a bound command; `app.stack` holds the screens below this one meanwhile.
  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition
  /// A key no binding takes (a character typed into a line); by default nothing happens.
  mutating func unbound(_ key: Key, _ app: inout AppState) -> Transition
  /// Draws the screen; `painter.state` is the whole state, this screen on top.
  func draw(_ painter: inout Painter)
}

extension ScreenModel {
  var activeBindings: [KeyBinding<Command>] { Self.bindings }

  mutating func unbound(_ key: Key, _ app: inout AppState) -> Transition { .stay }

  /// Applies `key`: the binding that lists it runs, else ``unbound(_:_:)``.
  mutating func update(_ key: Key, _ app: inout AppState) -> Transition {
    guard let binding = activeBindings.binding(for: key) else { return unbound(key, &app) }
    return run(binding.command, key: key, &app)
  }

  /// This screen's section of the help screen.
  static var helpSection: [HelpLine] { bindings.helpSection(title) }
}

/// The screens of the tutor, as they sit on ``AppState/stack``. A new screen is its own
/// file, one case here (with a line in each switch below), and one binding in the screen
/// that opens it.
public enum Screen: Sendable {
  case menu(MenuScreen)
  case learn(LearnScreen)
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
    case .replay: .replay
    case .graph: .graph
    case .explore: .explore
    case .curve: .curve
    case .exam: .exam
    case .skills: .skills
    case .help: .help
    }
  }

  /// Every screen's help section, in the order help lists them.
  static let helpSections: [(kind: ScreenKind, lines: [HelpLine])] = [
    (.menu, MenuScreen.helpSection), (.learn, LearnScreen.helpSection),
    (.replay, ReplayScreen.helpSection), (.graph, GraphScreen.helpSection),
    (.explore, ExploreScreen.helpSection), (.curve, CurveScreen.helpSection),
    (.exam, ExamScreen.helpSection), (.skills, SkillsScreen.helpSection),
    (.help, HelpScreen.helpSection),
  ]

  /// Applies `key` to this screen (taken off `app.stack` meanwhile).
  mutating func update(_ key: Key, _ app: inout AppState) -> Transition {
    switch self {
    case .menu(let screen): change(screen, Screen.menu) { $0.update(key, &app) }
    case .learn(let screen): change(screen, Screen.learn) { $0.update(key, &app) }
    case .replay(let screen): change(screen, Screen.replay) { $0.update(key, &app) }
    case .graph(let screen): change(screen, Screen.graph) { $0.update(key, &app) }
    case .explore(let screen): change(screen, Screen.explore) { $0.update(key, &app) }
    case .curve(let screen): change(screen, Screen.curve) { $0.update(key, &app) }
    case .exam(let screen): change(screen, Screen.exam) { $0.update(key, &app) }
    case .skills(let screen): change(screen, Screen.skills) { $0.update(key, &app) }
    case .help(let screen): change(screen, Screen.help) { $0.update(key, &app) }
    }
  }

  /// Runs `body` on `screen` (this case's payload) and stores it back. Meanwhile `self`
  /// holds a placeholder, so the screen's buffers (the answer line) have one owner and
  /// change in place instead of being copied on every key.
  private mutating func change<Model, Result>(
    _ screen: Model, _ wrap: (Model) -> Screen, _ body: (inout Model) -> Result
  ) -> Result {
    var screen = screen
    self = .skills(SkillsScreen())
    defer { self = wrap(screen) }
    return body(&screen)
  }

  func draw(_ painter: inout Painter) {
    switch self {
    case .menu(let screen): screen.draw(&painter)
    case .learn(let screen): screen.draw(&painter)
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
    switch self {
    case .learn(let screen): change(screen, Screen.learn) { $0.editor.insert(text) }
    case .explore(let screen): change(screen, Screen.explore) { $0.editor.insert(text) }
    default: nil
    }
  }

  /// The replay timer: replay's next step; any other screen stops the timer.
  mutating func tick(_ app: inout AppState) -> [Effect] {
    guard case .replay(let screen) = self else { return [.stopTimer] }
    return change(screen, Screen.replay) { $0.tick(&app) }
  }
}

/// The screens of the tutor, by kind (``Screen`` holds each one's state).
public enum ScreenKind: Equatable, Sendable {
  case menu, learn, replay, graph, explore, help, exam, skills, curve
}

/// What a screen's update asks of the stack, and the effects for the shell.
public struct Transition: Sendable {
  public var navigation: Navigation
  public var effects: [Effect]

  public init(_ navigation: Navigation = .stay, effects: [Effect] = []) {
    self.navigation = navigation
    self.effects = effects
  }

  static let stay = Transition()
  static let pop = Transition(.pop)
  static func push(_ screen: Screen) -> Transition { Transition(.push(screen)) }
  static func effects(_ effects: [Effect]) -> Transition { Transition(effects: effects) }
}

/// Where the stack goes after a screen's update.
public enum Navigation: Sendable {
  /// The screen stays on top.
  case stay
  /// Back to the screen below.
  case pop
  /// `screen` over this one.
  case push(Screen)
  /// Back to the menu, every other screen closed; the menu selects lesson `selecting`.
  case toMenu(selecting: String?)
}
