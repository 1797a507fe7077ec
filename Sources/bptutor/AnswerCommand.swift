import ArgumentParser
import TutorCore
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

/// `bptutor answer`: check one answer from the command line.
struct AnswerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "answer", _superCommandName: "bptutor",
    abstract: "Check one answer to one step and print the verdict.",
    discussion: """
      Exit status: 0 correct, 1 close or incorrect, 2 the answer could not be read, \
      64 an unknown lesson or step. A probe costs what a hint costs, as in the tutor: \
      the first wrong answer to a step not yet solved says how many entries are off; \
      the next ones mark which, and that counts as a hint for the step (it is saved \
      with your progress). \
      Example: bptutor answer relu-1-2-2-1 dJ-dW3 '[0, -18]'; with a graph, no lesson id: \
      bptutor answer --graph 'h = relu(w * x); L = (h - y)^2' --set w=2 --set x=3 \
      --set y=1 h 6
      """)

  @Argument(help: "The lesson id (with --graph: leave it out).")
  var lesson: String?

  @Argument(help: "The step id (or its number, 1-based).")
  var step: String?

  @OptionGroup var graph: GraphOptions
  @OptionGroup var state: StateOptions

  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp(
      "The answer, in the math language (a leading - is fine).", valueName: "answer"))
  var words: [String] = []

  @OptionGroup var variant: VariantOptions

  @Flag(help: "Print the verdict as JSON.")
  var json = false

  @OptionGroup var location: LessonsLocation

  @OptionGroup var output: OutputOptions

  func run() throws {
    // With --graph there is no lesson id: the words shift by one.
    var (lesson, step, words) = (self.lesson, self.step, self.words)
    if graph.graph != nil {
      words = (step.map { [$0] } ?? []) + words
      (lesson, step) = (nil, lesson)
    }
    guard let step else {
      printError("error: give the step id (or its number) and the answer")
      throw ExitCodes.usage
    }
    let answer = words.joined(separator: " ")
    let bound = try LessonLookup.bound(
      lesson, graph: graph, variant: variant, location: location, state: state)
    let loaded = bound.lesson
    let index = try LessonLookup.stepIndex(step, in: loaded)
    let verdict = try costMarks(
      StepChecker(bound).check(answer, step: index), lesson: loaded.id,
      step: loaded.steps[index].id)
    let presenter = VerdictPresenter(style: output.style, width: TerminalStyle.width)
    if json {
      var pairs: [(String, JSONValue)] = [
        ("verdict", .string(verdict.kind.rawValue)),
        ("summary", .string(presenter.summary(verdict))),
      ]
      pairs.append(("reading", verdict.reading.map { .string(presenter.reading($0)) } ?? .null))
      pairs.append(
        ("diagnosis", verdict.diagnosis.map { .string(presenter.diagnosis($0)) } ?? .null))
      // The misconception as data too (its kind from the catalogue, the quantity whose
      // derivation holds the slip), for tools that grade or collect mistakes.
      if case .misconception(let misconception)? = verdict.diagnosis {
        pairs.append(
          (
            "misconception",
            .object([
              ("kind", .string(misconception.kind.rawValue)),
              ("quantity", misconception.node.map { .string($0.name) } ?? .null),
              ("backward", .bool(misconception.inBackward)),
            ])
          ))
      } else {
        pairs.append(("misconception", .null))
      }
      pairs.append(("notes", .array(verdict.notes.map { .string(presenter.note($0)) })))
      pairs.append(("entries", verdict.entryMarks.map { .array($0.map(JSONValue.bool)) } ?? .null))
      if let error = verdict.error {
        pairs.append(
          (
            "error",
            .object([
              ("message", .string(output.style.apply(error.message))),
              ("column", error.range.map { .number(Double($0.column)) } ?? .null),
              ("note", error.note.map { .string(output.style.apply($0)) } ?? .null),
            ])
          ))
      }
      Output.print(JSONValue.object(pairs).serialized, style: output.style)
    } else {
      Output.print(presenter.lines(verdict, answer: answer).map(\.text), style: output.style)
    }
    switch verdict.kind {
    case .correct: return
    case .close, .incorrect: throw ExitCode(1)
    case .malformed: throw ExitCode(2)
    }
  }

  /// Per-entry marks cost what a hint costs (issue 21): on a step not yet solved or
  /// revealed, the first wrong answer (none before it, no hint) says how many entries are
  /// off; later ones show the marks and record them as a hint, which the tutor's BKT and
  /// FSRS rating count when the step is solved. Every wrong answer is counted in the
  /// progress, so the count holds between runs.
  private func costMarks(_ verdict: Verdict, lesson: String, step: String) throws -> Verdict {
    guard verdict.kind == .close || verdict.kind == .incorrect else { return verdict }
    let store = state.store
    let progress = store.load().progress
    let entry = progress.lessons[lesson]
    if let entry, entry.solved.contains(step) || entry.revealed.contains(step) {
      return verdict
    }
    let withheld =
      (entry?.probes[step] ?? 0) == 0 && (entry?.hints[step] ?? 0) == 0
      && verdict.entryMarks?.contains(false) == true
    let marksShown = !withheld && verdict.entryMarks?.contains(false) == true
    do {
      _ = try store.update(merging: progress) { progress in
        progress.recordProbe(step: step, in: lesson)
        if marksShown { progress.recordHints(1, step: step, in: lesson) }
      }
    } catch {
      // Without a place to count the probe, the marks stay withheld.
      printError("warning: \(error)", style: output.style)
      return verdict.entryMarks == nil ? verdict : verdict.withholdingMarks()
    }
    return withheld ? verdict.withholdingMarks() : verdict
  }
}
