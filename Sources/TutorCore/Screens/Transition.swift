/// What a screen's update asks of the stack, and the effects for the shell.
public struct Transition: Sendable {
  public var navigation: Navigation
  public var effects: [Effect]

  public init(_ navigation: Navigation = .stay, effects: [Effect] = []) {
    (self.navigation, self.effects) = (navigation, effects)
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
