import Foundation
import TestSupport
import Testing

@testable import TutorLessons

/// Paths of the repository, found from this file.
extension Repository {
  /// The corpus of broken lessons, one file per kind of error.
  static let brokenLessons = Repository.tests("TutorLessonsTests") + "/BrokenLessons"
}

/// `bptutor check` on a corpus of broken lessons: one file per kind of error, each a
/// copy of the authoring guide's example with one defect.
@Suite("Lesson check: broken lessons")
struct BrokenLessonTests {
  @Test(
    "each defect is reported at its line and column",
    arguments: [
      ("yaml-syntax", 13, 3, "YAML syntax: did not find expected ',' or '}'"),
      ("unknown-key", 2, 1, "unknown key `titel` in the lesson"),
      ("missing-key", 1, 1, "missing key `summary` in the lesson"),
      ("wrong-type", 1, 10, "`version` must be a whole number"),
      ("version", 1, 10, "format version 2 is not supported"),
      ("expression-syntax", 16, 10, "in `p`: expected a number, a name, `(` or `[` after `*`"),
      ("expression-in-block", 46, 17, "after `+`, found the end of the input"),
      ("undefined-name", 17, 6, "unknown function `sigmod`"),
      ("cycle", 16, 10, "cycle: `p` uses `z`, which uses `p`"),
      ("used-before-defined", 17, 14, "`q` is used before it is defined"),
      ("shape-mismatch", 16, 14, "1×2 and 1×2 do not fit"),
      ("duplicate-id", 29, 5, "duplicate step id `z`"),
      ("duplicate-name", 17, 3, "`p` is defined twice"),
      ("missing-hints", 34, 12, "every step needs at least one hint"),
      ("placeholder", 24, 48, "in a placeholder of the text of step `z`: unknown name `ww`"),
      ("control-character", 32, 41, "control character U+000C in `text`"),
      ("non-finite", 33, 10, "is infinite"),
      ("formula-disagrees", 44, 14, "disagrees with the engine"),
      ("mistake-is-answer", 37, 17, "this declared mistake equals the right answer"),
      ("two-questions", 21, 5, "a step asks one thing; it has `ask` and `formula`"),
      ("mistake-accepted", 21, 17, "this declared mistake is accepted as right"),
      ("missing-worked", 25, 5, "step `dE-dz` has no `worked` line"),
      ("accept-unknown", 21, 13, "`accept` is `numbers` or `expressions`, not `number`"),
      ("fixed-with-range", 10, 32, "a fixed given has no `range`"),
      ("train-rate-name", 12, 32, "`train: rate`: unknown name `bogus`"),
      ("train-rate-negative", 12, 32, "gradient descent needs a positive rate"),
      ("train-rate-diverges", 12, 32, "the loss is not finite after 37 of 100 descent steps"),
    ])
  func defect(file: String, line: Int, column: Int, message: String) {
    let path = Repository.brokenLessons + "/\(file).yaml"
    let errors = LessonLinter.check(path: path).filter { $0.severity == .error }
    #expect(errors.count == 1, "\(errors.map(\.description))")
    let first = errors.first
    #expect(first?.location == SourceLocation(line: line, column: column))
    #expect(first?.message.contains(message) == true, "\(first?.message ?? "no error")")
    #expect(first?.description.hasPrefix("\(path):\(line):\(column): error: ") == true)
  }

  @Test("a rate whose descent ends above where it started is a warning naming both losses")
  func risingLoss() throws {
    let path = Repository.brokenLessons + "/train-rate-diverges.yaml"
    let text = try String(contentsOfFile: path, encoding: .utf8)
      .replacingOccurrences(of: "rate: 1000, steps: 100", with: "rate: 0.2, steps: 5")
    let lesson = try #require(LessonLoader.parse(text, id: "rises", path: "rises.yaml").lesson)
    let found = LessonLinter.check(lesson)
    #expect(found.allSatisfy { $0.severity == .warning })
    let rise = found.first { $0.message.contains("the loss rises") }
    #expect(rise?.message.contains("from 25 to") == true, "\(found.map(\.message))")
    #expect(rise?.location == SourceLocation(line: 12, column: 32))
    // The lesson's own rate descends: no warning.
    let descends = text.replacingOccurrences(of: "rate: 0.2", with: "rate: 0.001")
    let calm = try #require(LessonLoader.parse(descends, id: "calm", path: "calm.yaml").lesson)
    #expect(LessonLinter.check(calm).isEmpty)
  }

  @Test("suggestions: a misspelt key gets did-you-mean, an unknown name too")
  func suggestions() {
    let key = LessonLinter.check(path: Repository.brokenLessons + "/unknown-key.yaml")
    #expect(key.first?.note == "did you mean `title`?")
    let name = LessonLinter.check(path: Repository.brokenLessons + "/placeholder.yaml")
    #expect(name.first?.note == "did you mean `w`?")
  }

  @Test("the caret sits under the problem in the printed source line")
  func caret() {
    let diagnostic = LessonLinter.check(path: Repository.brokenLessons + "/expression-syntax.yaml")
      .first
    let lines = diagnostic?.description.split(separator: "\n").map(String.init) ?? []
    #expect(lines.count >= 3)
    #expect(lines.dropFirst().first == "    p: w * * x")
    #expect(lines.dropFirst(2).first == "           ^")
  }
}

@Suite("Lesson check: the authoring guide")
struct AuthoringGuideTests {
  @Test("the complete example in lessons/README.md passes check")
  func readmeExample() throws {
    let readme = try String(contentsOfFile: Repository.lessons + "/README.md", encoding: .utf8)
    let marker = "This lesson passes `bptutor check`:\n\n```yaml\n"
    let start = try #require(readme.range(of: marker))
    let rest = readme[start.upperBound...]
    let end = try #require(rest.range(of: "```"))
    let yaml = String(rest[..<end.lowerBound])
    let (lesson, diagnostics) = LessonLoader.parse(yaml, id: "example", path: "README.md")
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    let loaded = try #require(lesson)
    #expect(LessonLinter.check(loaded).filter { $0.severity == .error }.isEmpty)
    #expect(loaded.steps.count == 3)
  }

  @Test("a lesson too big to gradient-check by finite differences gets a warning, not a hang")
  func hugeLessonSkipsGradientCheck() throws {
    let yaml = """
      version: 1
      title: Big
      summary: Too big to check entry by entry.
      source: test
      given:
        W: ones(200, 200)
      graph:
        L: sum(W @ W)
      loss: L
      steps:
        - id: l
          title: L
          text: Compute $L$.
          ask: L
          hints: [Multiply.]
          worked: $L = {L}$
      """
    let lesson = try #require(LessonLoader.parse(yaml, id: "big", path: "big.yaml").0)
    let diagnostics = LessonLinter.check(lesson)
    let skipped = diagnostics.filter { $0.message.hasPrefix("gradient check skipped") }
    #expect(skipped.count == 1)
    #expect(skipped.first?.severity == .warning)
    #expect(skipped.first?.location?.line == 9)
  }
}
