import TerminalText
import TutorLessons
import TutorMath
import TutorProgress

/// Each skill's mastery (Bayesian Knowledge Tracing) as a bar, and the lessons that train
/// it (the menu's `s`).
public struct SkillsScreen: ScreenModel {
  /// Lines scrolled.
  public var scroll = 0

  public init() {}

  enum Command: Sendable { case scroll(Int), back }

  static let title = "Skills"
  static let bindings: [KeyBinding<Command>] =
    scrollBindings(Command.scroll) + [
      .anyKey(.back, bar: "menu", help: "back to the menu")
    ]

  /// ↑/↓ a line, PgUp/PgDn ten: the keys of a screen that only scrolls.
  static func scrollBindings<Command>(_ scroll: (Int) -> Command) -> [KeyBinding<Command>] {
    [
      KeyBinding(
        [.down], scroll(1), keyName: "↓", bar: ("↑↓", "scroll"), help: "scroll down a line"),
      KeyBinding([.up], scroll(-1), keyName: "↑", help: "scroll up a line"),
      KeyBinding([.pageDown], scroll(10), keyName: "PgDn", help: "scroll a page down"),
      KeyBinding([.pageUp], scroll(-10), keyName: "PgUp", help: "scroll a page up"),
    ]
  }

  mutating func run(_ command: Command, key: Key, _ app: inout AppState) -> Transition {
    switch command {
    case .scroll(let lines): scroll = max(0, scroll + lines)
    case .back: return .pop
    }
    return .stay
  }

  func draw(_ painter: inout Painter) { painter.draw(self) }
}

extension Painter {
  /// Each skill's mastery (Bayesian Knowledge Tracing) as a bar, and the lessons that
  /// train it.
  mutating func draw(_ skills: SkillsScreen) {
    header("Skills", right: "mastery at \(Int(KnowledgeTracing.masteryThreshold * 100))%")
    var lines: [(String, CellStyle)] = []
    let idWidth = Skill.ids.map(\.count).max() ?? 0
    for skill in Skill.all {
      let estimate = state.progress.estimate(of: skill.id)
      let percent = Int((estimate.known * 100).rounded())
      let mastered = estimate.known >= KnowledgeTracing.masteryThreshold
      let bar = progressBar(solved: percent, total: 100, cells: 10)
      let seen = estimate.observations == 0 ? "not practised" : "\(percent)%"
      lines.append(
        (
          "\(skill.id.padded(idWidth))  \(bar) \(seen.padded(13))"
            + (mastered ? " " + glyphs.right : ""),
          mastered ? color(.green) : (estimate.observations == 0 ? color(.dim) : .plain)
        ))
      let lessons = state.lessons.filter { $0.skills.contains(skill.id) }.map(\.id)
      if !lessons.isEmpty {
        lines.append(
          (
            String(repeating: " ", count: idWidth + 2) + "in "
              + lessons.joined(separator: ", "), color(.dim)
          ))
      }
    }
    let more = block(lines, top: 2, rows: height - 4, scroll: skills.scroll)
    if more > 0 { buffer.write("↓ \(more) more", row: height - 2, column: width - 12) }
    statusLine()
    keyBar(SkillsScreen.bindings.barItems())
  }
}
