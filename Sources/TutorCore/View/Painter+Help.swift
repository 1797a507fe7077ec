import TerminalText
import TutorMath

extension Painter {
  /// The keys of every screen, and the `:` commands.
  static let helpLines: [(String, String)] = [
    ("Menu", ""),
    ("↑/↓ or j/k", "choose a lesson"),
    ("Enter", "learn it (resumes at the first unsolved step)"),
    ("r", "replay its worked example"),
    ("x", "an exam at fresh givens: no feedback until the report"),
    ("s", "skills and how well you know each"),
    ("d", "review the due cards, one after another (Ctrl-N the next)"),
    ("q", "quit"),
    ("Learn", ""),
    ("Enter", "submit; after ✓, Enter again goes to the next step"),
    ("←/→ Home/End", "move in the answer; Backspace/Delete edit; Ctrl-U clears"),
    ("↑/↓", "earlier answers"),
    ("Tab", "the next hint"),
    ("Ctrl-R", "reveal the worked line (counts as revealed, not solved)"),
    ("Ctrl-N / Ctrl-P", "next / previous step"),
    ("PgUp/PgDn", "scroll long prose"),
    ("F1 F2 F3", "help, the computation graph, explore (change a given)"),
    ("F4", "the known values: givens and every value you have earned"),
    ("F5", "the loss curve, once the gradient-descent step is earned"),
    ("Esc", "back to the menu; progress is saved after every step"),
    (":hint :reveal", "the same actions as commands typed in the answer line"),
    (":next :prev", "(for terminals that swallow function keys)"),
    (":graph :set x = 2", "graph view; set a given and recompute everything"),
    (":values :curve", "the known values (F4); the loss curve (F5)"),
    (":variant :help", "draw new numbers; this help"),
    (":quit", "quit"),
    ("Replay", ""),
    ("→/Space ←", "next / previous step; Home/End first / last"),
    ("a", "auto-advance on/off"),
    ("g e v", "graph, explore, new variant"),
    ("c", "the loss curve (from the gradient-descent step on)"),
    ("Graph", ""),
    ("←/→ ↑/↓", "select a node: along edges, within a layer; Tab every node"),
    ("Enter", "the selected node's full value and gradient (? until earned)"),
    ("PgUp/PgDn < >", "scroll up/down, left/right; Home the start, End the loss"),
    ("Everywhere", ""),
    ("Ctrl-C", "quit (the terminal is restored; progress is already saved)"),
    ("Ctrl-Z", "suspend; fg resumes"),
    ("Answers", ""),
    ("-6  1/3  1e-3", "numbers; [3; 0] a column, [0, -18] a row, [6 8; 9 8] a matrix"),
    ("s*(1 - s)", "formulas; @ matrix product, ' transpose, relu, exp, log, sigmoid, …"),
  ]

  /// The help lines with the section of the screen help was opened from first, so
  /// what the learner needs now fits the first page at 80×24.
  static func helpLines(first screen: ScreenKind) -> [(String, String)] {
    var sections: [[(String, String)]] = []
    for line in helpLines {
      if line.1.isEmpty { sections.append([]) }
      sections[sections.count - 1].append(line)
    }
    let title: String
    switch screen {
    case .learn, .graph, .explore: title = "Learn"
    case .replay: title = "Replay"
    default: title = "Menu"
    }
    let index = sections.firstIndex { $0.first?.0 == title } ?? 0
    let current = sections.remove(at: index)
    return (current + sections.flatMap { $0 })
  }

  mutating func help() {
    header("Help", right: "any key returns")
    var lines: [(String, CellStyle)] = []
    for (key, text) in Self.helpLines(first: state.returnScreen) {
      if text.isEmpty {
        if !lines.isEmpty { lines.append(("", .plain)) }
        lines.append((key, .bold))
      } else {
        let shownKey =
          glyphs.ascii
          ? key.replacingOccurrences(of: "↑/↓", with: "Up/Down").replacingOccurrences(
            of: "←/→", with: "Left/Right"
          )
          .replacingOccurrences(of: "→", with: "Right").replacingOccurrences(of: "←", with: "Left")
          : key
        let padded =
          shownKey + String(repeating: " ", count: max(1, 20 - TextWidth.cells(of: shownKey)))
        lines.append(("  " + padded + text, .plain))
      }
    }
    let rows = height - 4
    let scroll = min(state.helpScroll, max(0, lines.count - rows))
    let hidden = block(lines, top: 2, rows: rows, scroll: scroll)
    if hidden > 0 {
      buffer.write("↓ \(hidden) more", row: height - 2, column: width - 12, style: color(.dim))
    }
    keyBar([("↑/↓", "scroll"), ("any key", "back")].map(asciiKeys))
  }
}
