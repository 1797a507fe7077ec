import ArgumentParser
import Foundation
import TerminalText
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// `bptutor drill`: random graphs one after another, each a generated lesson graded with
/// carry-forward at its end.
struct DrillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drill", _superCommandName: "bptutor",
    abstract: "Practise on random graphs, one after another, graded with carry-forward.",
    discussion: """
      Levels: 1 scalar chains, 2 vectors, 3 matrices, 4 batches, 5 reductions, \
      6 normalisation. Without --level the first level whose skills you have not mastered \
      (by your knowledge tracing) is drilled, and within a level the graphs that train \
      your weakest skills come more often. Every graph is well posed: no value on a kink \
      or a tie, nothing infinite, givens whole numbers from −3 to 3.

      Each graph is a lesson of its own (id drill-…, kept beside your progress, so review \
      and replay find it): answer each step in turn — its value forward, the loss, each \
      gradient back — with no feedback until the graph's end, where every step is graded \
      with carry-forward (a step wrong only because an earlier answer was counts as right). \
      An empty line skips a step; `quit` ends the drill; so does the end of input.

      --plain reads answers line by line from standard input. Without it, on a terminal, \
      the next graphs (--count, default 10) are drawn and the first opens as an exam in \
      the full-screen tutor; the menu lists the others under "Generated from a graph" \
      (x opens each as an exam). \
      --seed N makes the drill repeatable: the same seed gives the same graphs.
      """)

  @Option(help: ArgumentHelp("The level, 1 to 6 (default: from your mastery).", valueName: "N"))
  var level: Int?

  @Option(
    help: ArgumentHelp(
      "Only these functions (comma-separated), e.g. relu,tanh,softmax; sum and mean are "
        + "always allowed. Known: " + Drill.knownOps.joined(separator: ", ") + ".",
      valueName: "OPS"))
  var ops: String?

  @Option(help: ArgumentHelp("The seed (default: from the clock, printed).", valueName: "N"))
  var seed: UInt64?

  @Option(help: ArgumentHelp("Stop after this many graphs (default: until quit).", valueName: "N"))
  var count: Int?

  @Flag(help: "Print each graph and its givens only, without asking (for a list of drills).")
  var list = false

  @Flag(help: "Read answers line by line from standard input.")
  var plain = false

  @OptionGroup var state: StateOptions
  @OptionGroup var location: LessonsLocation
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let level, !Drill.levels.contains(level) {
      throw ValidationError("--level is 1 to 6, not \(level)")
    }
    if let count, count < 1 { throw ValidationError("--count is at least 1") }
    if let ops {
      for name in parsedOps(ops) where !Drill.knownOps.contains(name) {
        throw ValidationError(
          "--ops: `\(name)` is not a function of the language"
            + (Suggestion.didYouMean(name, among: Drill.knownOps).map { " (\($0))" } ?? ""))
      }
    }
  }

  /// The full-screen drill: the next graphs (--count, default 10) drawn and kept as
  /// lessons, the first opened as an exam; the menu lists the others under "Generated from
  /// a graph", each opened the same way (x) once the one before is graded.
  func fullScreen(seed: UInt64, allowed: Set<String>?, progress: LearnerProgress) throws {
    let known = progress.skills.mapValues(\.known)
    let level = self.level ?? Drill.suggestedLevel(known: known)
    var served: Set<String> = []
    var first: BoundLesson?
    for index in 0..<(count ?? 10) {
      let graph: Drill.Graph
      do {
        graph = try Drill.graph(
          level: level, ops: allowed, seed: seed, index: index, known: known, avoiding: served)
      } catch {
        printError("error: \(error)", style: output.style)
        throw ExitCodes.usage
      }
      served.insert(graph.id)
      let title =
        "Drill \(index + 1), level \(level) (\(Drill.levelNames[level] ?? "")): \(graph.name)"
      let lesson = try LessonLookup.load(graph.spec, state: state, id: graph.id, title: title)
      if first == nil { first = try LessonLookup.bind(lesson, variant: 0) }
    }
    guard let first else { return }
    try FullScreen.run(
      location: location, state: state, ascii: output.ascii, open: (first, .exam))
  }

  func parsedOps(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
  }

  func run() throws {
    let style = output.style
    let store = state.store
    let (loaded, warning) = store.load()
    if let warning { printError(warning, style: style) }
    var progress = loaded
    let seed = self.seed ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000
    let allowed = ops.map { Set(parsedOps($0)) }
    let width = TerminalStyle.width
    var served: Set<String> = []
    var input = LineReader()
    var index = 0
    if !plain, !list, FullScreen.isInteractive, FullScreen.terminalProblem == nil {
      return try fullScreen(seed: seed, allowed: allowed, progress: progress)
    }
    if !list {
      Output.print(
        "Drill (seed \(seed)): answer each step; graded at the end of each graph. "
          + "An empty line skips a step, `quit` stops.", style: style)
    }
    while count.map({ index < $0 }) ?? true {
      let known = progress.skills.mapValues(\.known)
      let level = self.level ?? Drill.suggestedLevel(known: known)
      let graph: Drill.Graph
      do {
        graph = try Drill.graph(
          level: level, ops: allowed, seed: seed, index: index, known: known, avoiding: served)
      } catch {
        printError("error: \(error)", style: style)
        throw ExitCodes.usage
      }
      served.insert(graph.id)
      index += 1
      let title = "Drill \(index), level \(level) (\(Drill.levelNames[level] ?? "")): \(graph.name)"
      if list {
        Output.print(
          ["\(graph.id)  level \(level)  \(graph.name)", "  --graph '\(graph.spec.source)'"]
            + graph.spec.givens.map { "  --set '\($0.name)=\($0.value)'" }, style: style)
        continue
      }
      let lesson = try LessonLookup.load(graph.spec, state: state, id: graph.id, title: title)
      let bound = try LessonLookup.bind(lesson, variant: 0)
      Output.print([""] + PlainText.header(bound, width: width, style: style), style: style)
      var answers: [String?] = []
      var quit = false
      for step in lesson.steps.indices {
        Output.print(
          [""] + [PlainText.stepTitle(bound, index: step)]
            + LessonPresenter(bound).renderQuestion(
              step: step, width: width, style: style, concealment: Concealment(bound, earned: [])),
          style: style)
        Output.prompt("answer> ", style: style)
        switch ExamCommand.readAnswer(&input, bound, step: step, json: false, style: style) {
        case nil:
          quit = true
        case .tooLong:
          answers.append(nil)
          continue
        case .text(let line):
          let answer = line.trimmingWhitespace()
          if answer == "quit" || answer == ":quit" {
            quit = true
          } else {
            answers.append(answer.isEmpty ? nil : answer)
            continue
          }
        }
        break
      }
      if answers.isEmpty, quit {
        Output.print(["", "Drill stopped."], style: style)
        return
      }
      let report = ExamGrader.grade(bound, answers: answers)
      let skills = Dictionary(
        lesson.steps.map { ($0.id, $0.skills) }, uniquingKeysWith: { a, _ in a })
      do {
        progress = try store.update(merging: progress) {
          $0.recordExam(report, skills: skills, at: Date().timeIntervalSince1970)
        }
      } catch {
        progress.recordExam(report, skills: skills, at: Date().timeIntervalSince1970)
        printError("warning: could not save progress to \(store.path): \(error)", style: style)
      }
      Output.print([""] + ExamText.lines(report, style: style), style: style)
      if quit {
        Output.print(["", "Drill stopped."], style: style)
        return
      }
    }
  }
}
