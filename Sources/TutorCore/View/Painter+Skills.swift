import TerminalText
import TutorLessons
import TutorMath
import TutorProgress

extension Painter {
  /// Each skill's mastery (Bayesian Knowledge Tracing) as a bar, and the lessons that
  /// train it.
  mutating func skills() {
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
    let more = block(lines, top: 2, rows: height - 4, scroll: state.skillsScroll)
    if more > 0 { buffer.write("↓ \(more) more", row: height - 2, column: width - 12) }
    statusLine()
    keyBar([("↑↓", "scroll"), ("any key", "menu")].map(asciiKeys))
  }
}
