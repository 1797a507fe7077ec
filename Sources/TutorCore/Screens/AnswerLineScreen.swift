import TerminalText

/// A screen with an answer line (learn, explore): a key no binding takes edits the line,
/// and a line that is full says so in the status.
protocol AnswerLineScreen: ScreenModel {
  var editor: LineEditor { get set }
}

extension AnswerLineScreen {
  mutating func unbound(_ key: Key, _ app: inout AppState) -> Transition {
    if let full = editor.edit(key) { app.status = full }
    return .stay
  }
}
