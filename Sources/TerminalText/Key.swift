/// A key press, decoded from the terminal.
public enum Key: Equatable, Hashable, Sendable {
  case character(Character)
  case enter, tab, backspace, delete, escape
  case left, right, up, down, home, end, pageUp, pageDown
  /// Ctrl plus a letter, lower-case: `.control("c")`.
  case control(Character)
  /// F1…F12.
  case function(Int)
}
