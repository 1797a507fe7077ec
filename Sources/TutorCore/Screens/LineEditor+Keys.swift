import TerminalText

extension LineEditor {
  /// The editing keys of a line (the answer, explore's `set>`), for a screen's key list;
  /// each runs `command`, which hands the key to ``edit(_:)``.
  static func bindings<Command>(_ command: Command) -> [KeyBinding<Command>] {
    [
      KeyBinding(
        [
          .left, .right, .home, .end, .control("a"), .control("e"), .backspace, .delete,
          .control("u"),
        ], command, keyName: "←/→ Home/End",
        help: "move in the line; Backspace/Delete edit; Ctrl-U clears"),
      KeyBinding([.up, .down], command, keyName: "↑/↓", help: "earlier lines"),
    ]
  }

  /// Applies an editing key (or types a character); returns a status message when a
  /// character did not fit (the line is at ``maxLength``).
  @discardableResult
  mutating func edit(_ key: Key) -> String? {
    switch key {
    case .character(let character):
      if isFull, !character.isNewline { return Self.fullMessage }
      insert(character)
    case .backspace: backspace()
    case .delete: delete()
    case .left: left()
    case .right: right()
    case .home, .control("a"): home()
    case .end, .control("e"): end()
    case .control("u"): killToStart()
    case .up: historyBack()
    case .down: historyForward()
    default: break
    }
    return nil
  }
}
