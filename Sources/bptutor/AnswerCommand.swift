import ArgumentParser
import TutorEngine
import TutorLessons
import TutorMath

/// `bptutor answer`: check one answer from the command line.
struct AnswerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "answer",
    abstract: "Check one answer to one step and print the verdict.",
    discussion: """
      Exit status: 0 correct, 1 close or incorrect, 2 the answer could not be read,
      64 an unknown lesson or step.
      Example: bptutor answer relu-1-2-2-1 dJ-dW3 '[0, -18]'
      """)

  @Argument(help: "The lesson id.")
  var lesson: String

  @Argument(help: "The step id (or its number, 1-based).")
  var step: String

  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp(
      "The answer, in the math language (a leading - is fine).", valueName: "answer"))
  var words: [String] = []

  @OptionGroup var variant: VariantOptions

  @Flag(help: "Print the verdict as JSON.")
  var json = false

  @OptionGroup var location: LessonsLocation

  func run() throws {
    let answer = words.joined(separator: " ")
    let loaded = try LessonLookup.load(lesson, location: location)
    let index = try LessonLookup.stepIndex(step, in: loaded)
    let bound = try LessonLookup.bind(loaded, variant: variant)
    let verdict = bound.check(answer, step: index)
    if json {
      var pairs: [(String, JSONValue)] = [
        ("verdict", .string(verdict.kind.rawValue)), ("summary", .string(verdict.summary)),
      ]
      pairs.append(("reading", verdict.reading.map(JSONValue.string) ?? .null))
      pairs.append(("diagnosis", verdict.diagnosis.map { .string($0.message) } ?? .null))
      pairs.append(("notes", .array(verdict.notes.map(JSONValue.string))))
      pairs.append(("entries", verdict.entryMarks.map { .array($0.map(JSONValue.bool)) } ?? .null))
      if let error = verdict.error {
        pairs.append(
          (
            "error",
            .object([
              ("message", .string(error.message)),
              ("column", error.range.map { .number(Double($0.column)) } ?? .null),
            ])
          ))
      }
      print(JSONValue.object(pairs).serialized)
    } else {
      print(VerdictText.lines(verdict, answer: answer).joined(separator: "\n"))
    }
    switch verdict.kind {
    case .correct: return
    case .close, .incorrect: throw ExitCode(1)
    case .malformed: throw ExitCode(2)
    }
  }
}

/// A verdict in words, for plain output: reading, verdict, diagnosis, notes, marks.
enum VerdictText {
  static func lines(_ verdict: Verdict, answer: String, style: MathStyle = .unicode) -> [String] {
    var lines: [String] = []
    if let reading = verdict.reading { lines.append(reading) }
    if verdict.kind == .malformed, let error = verdict.error {
      lines.append("could not read that: " + error.annotated(source: answer))
      return lines
    }
    lines.append(verdict.summary)
    if let marks = verdict.entryMarks, let given = verdict.given, given.count == marks.count {
      let entries = zip(given.scalars, marks).map { value, right in
        NumberFormat.string(value, style: style) + (right ? " ✓" : " ✗")
      }
      lines.append("entries: " + entries.joined(separator: ", "))
    }
    lines += verdict.notes
    return lines
  }
}
