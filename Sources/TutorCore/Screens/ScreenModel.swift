import TerminalText

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
