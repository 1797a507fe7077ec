import TerminalText
import TutorMath

/// The keys of every screen and the `:` commands, generated from the screens' key lists,
/// with the section of the screen it was opened from first.
public struct HelpScreen: ScreenModel {
  /// The screen help was opened from (its section comes first).
  public var opener: ScreenKind
  /// Lines scrolled.
  public var scroll = 0

  public init(opener: ScreenKind) {
    self.opener = opener
  }

  enum Command: Sendable { case scroll(Int), back }

  static let title = "Help"
  static let bindings: [KeyBinding<Command>] =
    SkillsScreen.scrollBindings(Command.scroll) + [
      .anyKey(.back, bar: "back", help: "back to where help was opened")
    ]

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    switch command {
    case .scroll(let lines): scroll = max(0, scroll + lines)
    case .back: return .pop
    }
    return .stay
  }

  /// How answers are written: not keys, but what help is asked for most.
  static let answers: [HelpLine] = [
    HelpLine(keys: "Answers", text: ""),
    HelpLine(
      keys: "-6  1/3  1e-3", text: "numbers; [3; 0] a column, [0, -18] a row, [6 8; 9 8] a matrix"),
    HelpLine(
      keys: "s*(1 - s)", text: "formulas; @ matrix product, ' transpose, relu, exp, log, sigmoid, …"
    ),
  ]

  /// Every help line: the section of `opener` first, then the other screens', the keys
  /// that work everywhere, and how answers are written.
  static func lines(first opener: ScreenKind) -> [HelpLine] {
    var sections = Screen.helpSections
    let index = sections.firstIndex { $0.kind == opener } ?? 0
    let first = sections.remove(at: index)
    return first.lines + sections.flatMap(\.lines)
      + Screen.globalBindings.helpSection("Everywhere") + answers
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  mutating func draw(_ help: HelpScreen) {
    header("Help", right: "any key returns")
    var lines: [(String, CellStyle)] = []
    for line in HelpScreen.lines(first: help.opener) {
      let (key, text) = (line.keys, line.text)
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
          .replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
          : key
        let padded =
          shownKey + String(repeating: " ", count: max(1, 20 - TextWidth.cells(of: shownKey)))
        lines.append(("  " + padded + text, .plain))
      }
    }
    let rows = height - 4
    let scroll = min(help.scroll, max(0, lines.count - rows))
    let hidden = block(lines, top: 2, rows: rows, scroll: scroll)
    if hidden > 0 {
      buffer.write("↓ \(hidden) more", row: height - 2, column: width - 12, style: color(.dim))
    }
    keyBar(HelpScreen.bindings.barItems())
  }
}
