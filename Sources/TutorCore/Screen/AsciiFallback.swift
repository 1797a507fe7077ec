/// The last line of defence for terminals without UTF-8: every cell becomes ASCII.
/// Math is already rendered in ASCII by then; this catches typography in prose and
/// messages (`×`, `—`, `…`, `−`) and replaces anything else by `?`.
enum AsciiFallback {
  static let table: [Character: Character] = [
    "×": "x", "−": "-", "–": "-", "—": "-", "·": "*", "…": ".", "≈": "~", "⇒": ">",
    "→": ">", "←": "<", "↑": "^", "↓": "v", "‘": "'", "’": "'", "“": "\"", "”": "\"",
    "✓": "v", "✗": "x", "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+",
    "█": "#", "░": ".", "›": ">", "⁻": "-", "ᵀ": "T", " ": " ", "≤": "<", "≥": ">",
  ]

  static func apply(_ buffer: inout ScreenBuffer) {
    for row in 0..<buffer.height {
      var column = 0
      while column < buffer.width {
        let cell = buffer[row, column]
        if cell.isContinuation {
          buffer.write("?", row: row, column: column, style: cell.style)
        } else if !cell.text.unicodeScalars.allSatisfy(\.isASCII) {
          let replacement = cell.text.first.flatMap { table[$0] } ?? "?"
          buffer.write(String(replacement), row: row, column: column, style: cell.style)
        }
        column += 1
      }
    }
  }
}
