import ArgumentParser
import Foundation
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// `bptutor skills`: each skill's mastery, estimated by Bayesian Knowledge Tracing.
struct SkillsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "skills", _superCommandName: "bptutor",
    abstract: "Each skill's mastery (Bayesian Knowledge Tracing) and the lessons that train it.",
    discussion: """
      Mastery is P(L), the probability the skill is known, updated after each step's \
      first attempt (right first time counts as right; after hints, after a wrong \
      answer, or revealed as wrong; exam steps that are correct or follow as right). \
      Parameters: P(L0) = 0.2, P(T) = 0.15, P(G) = 0.15, P(S) = 0.1; mastered at 0.95. \
      --json prints {"skills": [{"id", "summary", "known", "observations", "mastered", \
      "lessons"}], "next"}.
      """)

  @Flag(help: "Print JSON.")
  var json = false

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let style = output.style
    let library = LessonLibrary(
      directory: try location.resolve(), generated: state.generatedDirectory,
      summaryCache: Environment.summaryCache)
    let entries = library.entries()
    let (progress, warning) = state.store.load()
    if let warning { printError(warning, style: style) }
    let next = NextStep.suggest(
      lessons: entries, progress: progress, now: Date().timeIntervalSince1970)
    var lines: [String] = []
    var items: [JSONValue] = []
    let idWidth = Skill.ids.map(\.count).max() ?? 0
    for skill in Skill.all {
      let estimate = progress.estimate(of: skill.id)
      let lessons = entries.filter { $0.skills.contains(skill.id) }.map(\.id)
      let mastered = estimate.known >= KnowledgeTracing.masteryThreshold
      items.append(
        .object([
          ("id", .string(skill.id)), ("summary", .string(skill.summary)),
          ("known", .number(estimate.known)),
          ("observations", .number(Double(estimate.observations))), ("mastered", .bool(mastered)),
          ("lessons", .array(lessons.map { .string($0) })),
        ]))
      // From the percent shown, so "100%" is ten blocks (0.996 was nine).
      let filled = min(10, max(0, Int((estimate.known * 100).rounded()) / 10))
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
      let percent =
        estimate.observations == 0
        ? "not practised" : "\(Int((estimate.known * 100).rounded()))%" + (mastered ? " ✓" : "")
      lines.append("\(skill.id.padding(idWidth))  \(bar) \(percent)")
      if !lessons.isEmpty {
        lines.append(
          String(repeating: " ", count: idWidth + 2) + "in " + lessons.joined(separator: ", "))
      }
    }
    if json {
      Output.print(
        JSONValue.object([("skills", .array(items)), ("next", .string(next.text))]).serialized,
        style: style)
    } else {
      Output.print(lines + ["", next.text], style: style)
    }
  }
}
