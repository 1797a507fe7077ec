import ArgumentParser
import Foundation
import TerminalText
import TutorCore
import TutorLessons
import TutorMath
import TutorProgress

/// `bptutor exam`: every step of a lesson answered with no feedback, graded at the end
/// with carry-forward.
struct ExamCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exam", _superCommandName: "bptutor",
    abstract: "Answer every step of a lesson without feedback; graded with carry-forward.",
    discussion: """
      The exam is a variant you have not done (or --variant N). No hints, no reveal, no \
      feedback; an empty answer skips. An answer that cannot be read ([1 2; 3) is not \
      counted: it is shown with a caret under the problem and the step is asked again \
      (the next line answers it; with --json the message goes to standard error). The \
      report gives each step's verdict — correct, incorrect, follows (wrong only because an \
      earlier answer of yours was, and right given it) or skipped — with the expected value \
      and your answer. A step that follows counts in full in the score; one that follows \
      from an answer you rounded is right to the figures you gave.

      --plain reads one answer per line from standard input, in step order (the end of \
      input skips the rest). --json reads answers the same way and prints \
      {"lesson", "variant", "score", "total", "steps": [{"id", "title", "verdict", \
      "follows_from", "expected", "given", "recomputed"}]} ("recomputed": for a step that \
      follows, the value recomputed from your own answers; otherwise null). Without \
      either, the full-screen tutor's exam screen opens.
      """)

  @Argument(help: "The lesson id (or the path of a lesson file); or give --graph instead.")
  var lesson: String?

  @OptionGroup var graph: GraphOptions

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("With --graph: a given's value, as NAME=EXPR.", valueName: "NAME=EXPR"))
  var sets: [String] = []

  @Option(
    help: ArgumentHelp("The variant to examine (default: one you have not done).", valueName: "N"))
  var variant: Int?

  @Flag(help: "Read answers line by line from standard input and print the report.")
  var plain = false

  @Flag(help: "Read answers line by line and print the report as JSON.")
  var json = false

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let variant { try VariantOptions.check(variant) }
  }

  func run() throws {
    let style = output.style
    let store = state.store
    if graph.graph == nil, !sets.isEmpty {
      printError("error: --set gives a --graph's givens here; an exam draws its own variant")
      throw ExitCodes.usage
    }
    let loaded = try LessonLookup.load(
      lesson, graph: graph, sets: sets, location: location, state: state)
    let (progress, warning) = store.load()
    if let warning { printError(warning, style: style) }
    let bound = try LessonLookup.bind(
      loaded, variant: variant ?? progress.newVariant(of: loaded))
    guard plain || json else {
      guard FullScreen.isInteractive else {
        throw ValidationError(
          "standard input or output is not a terminal; use: bptutor exam \(lesson ?? "--graph …") --plain"
        )
      }
      return try FullScreen.run(
        location: location, state: state, ascii: output.ascii, open: (bound, .exam))
    }
    let width = TerminalStyle.width
    var answers: [String?] = []
    var input = LineReader()
    if !json {
      Output.print(PlainText.header(bound, width: width, style: style), style: style)
      Output.print(
        "Exam: no feedback until the end; an empty line skips a step.", style: style)
    }
    for index in loaded.steps.indices {
      if !json {
        Output.print(
          [""] + [PlainText.stepTitle(bound, index: index)]
            + LessonPresenter(bound).renderQuestion(
              step: index, width: width, style: style, concealment: Concealment(bound, earned: [])),
          style: style)
        Output.prompt("answer> ", style: style)
      }
      switch Self.readAnswer(&input, bound, step: index, json: json, style: style) {
      case nil:
        if !json { Output.print("", style: style) }
      case .tooLong:
        printError(
          "warning: the answer to step \(index + 1) is over \(LineReader.maxCharacters) "
            + "characters, the longest the tutor reads; it counts as skipped",
          style: style)
        answers.append(nil)
        continue
      case .text(let line):
        answers.append(line)
        continue
      }
      break
    }
    let report = ExamGrader.grade(bound, answers: answers)
    var saved = true
    do {
      let skills = Dictionary(
        loaded.steps.map { ($0.id, $0.skills) }, uniquingKeysWith: { a, _ in a })
      try store.update(merging: progress) {
        $0.recordExam(report, skills: skills, at: Date().timeIntervalSince1970)
      }
    } catch {
      saved = false
      printError("warning: could not save the exam to \(store.path): \(error)", style: style)
    }
    if json {
      Output.print(Self.json(report).serialized, style: style)
    } else {
      Output.print([""] + ExamText.lines(report, style: style), style: style)
      Output.print(saved ? "The exam is saved." : "The exam was not saved.", style: style)
    }
    if !saved { throw ExitCode.failure }
  }

  /// The next line that answers step `index`: empty (a skip) or one the checker can
  /// read. An unreadable line is shown with its caret and not counted, and the step is
  /// asked again. Nil at the end of input.
  /// The next answer to step `index`: an answer that cannot be read is shown with its
  /// caret and asked again (never counted); nil at the end of input.
  static func readAnswer(
    _ input: inout LineReader, _ bound: BoundLesson, step index: Int, json: Bool,
    style: MathStyle
  ) -> LineReader.Line? {
    while let read = input.next() {
      guard case .text(let line) = read else { return read }
      let answer = line.trimmingWhitespace()
      guard !answer.isEmpty else { return read }
      let verdict = StepChecker(bound).check(answer, step: index)
      guard verdict.kind == .malformed else { return read }
      let presenter = VerdictPresenter(style: style, width: TerminalStyle.width - 2)
      let lines =
        presenter.lines(verdict, answer: answer).map { "  " + $0.text }
        + ["  Not counted: answer step \(index + 1) again (an empty line skips it)."]
      if json {
        for line in lines { printError(line, style: style) }
      } else {
        Output.print(lines, style: style)
        Output.prompt("answer> ", style: style)
      }
    }
    return nil
  }

  static func json(_ report: ExamReport) -> JSONValue {
    .object([
      ("lesson", .string(report.lesson)), ("variant", .number(Double(report.variant))),
      ("score", .number(report.score)), ("total", .number(Double(report.total))),
      (
        "steps",
        .array(
          report.items.map { item in
            let expected: JSONValue
            switch item.expected {
            case .value(let tensor)?: expected = .values(tensor)
            case .formula(let formula)?: expected = .string(formula)
            case .option(let number)?: expected = .number(Double(number))
            case nil: expected = .null
            }
            return .object([
              ("id", .string(item.id)), ("title", .string(item.title)),
              ("verdict", .string(item.grade.rawValue)),
              ("follows_from", .array(item.followsFrom.map { .string($0) })),
              ("expected", expected), ("given", item.given.map { .string($0) } ?? .null),
              ("recomputed", item.recomputed.map { .values($0) } ?? .null),
            ])
          })
      ),
    ])
  }
}
