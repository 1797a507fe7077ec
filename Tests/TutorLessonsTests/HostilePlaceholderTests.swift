import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 15, item 3: a step's text cannot make the tutor format a million numbers.
@Suite("Hostile input: placeholders")
struct HostilePlaceholderTests {
  /// A lesson whose first step's text holds `{ones(1000,1000)/3}` ten times (line 10).
  static let blowUp: String = {
    let placeholders = Array(repeating: "{ones(1000,1000)/3}", count: 10).joined(separator: " ")
    return """
      version: 1
      title: T
      summary: S
      source: test
      given:
        x: 2
      graph:
        y: 3*x
      steps:
        - id: a
          title: A
          text: See \(placeholders) and {x}.
          ask: y
          hints:
            - Multiply.
          worked: $y = {y}$
          skills: [forward-matmul]

      """
  }()

  @Test("3: check reports a placeholder over 100 entries at its position, within the deadline")
  func checkRefuses() throws {
    let lesson = try #require(
      LessonLoader.parse(Self.blowUp, id: "blow", path: "blow.yaml").lesson)
    let diagnostics = try withDeadline(10, "checking a lesson with ten 10⁶-entry placeholders") {
      LessonLinter.check(lesson)
    }
    let errors = diagnostics.filter { $0.severity == .error }
    let first = try #require(errors.first, "\(diagnostics)")
    // `text: See {` puts the first expression at column 16 of line 12.
    #expect(first.location == SourceLocation(line: 12, column: 16), "\(first)")
    #expect(
      first.message.contains(
        "this value has 1000×1000 = 1000000 entries; a placeholder shows at most 100"),
      "\(first.message)")
    #expect(first.description.contains("blow.yaml:12:16: error:"), "\(first.description)")
  }

  @Test("3: at run time the value is a short marker; the rest of the text is filled")
  func runTimeMarker() throws {
    let lesson = try #require(
      LessonLoader.parse(Self.blowUp, id: "blow", path: "blow.yaml").lesson)
    let lines = try withDeadline(10, "rendering the step's text") {
      let bound = try BoundLesson(lesson: lesson)
      return [try bound.fill(lesson.steps[0].text, context: "text", markingOversized: true)]
    }
    let text = lines.joined(separator: " ")
    #expect(text.contains("(1000×1000 values: too many to show)"), "\(text)")
    #expect(text.contains("and 2."), "\(text)")
    #expect(text.count < 1_000, "\(text.count) characters rendered")
  }

  @Test("3: a value of exactly 100 entries is still shown")
  func atTheCap() throws {
    let prose = Prose(
      Located("{ones(10,10)} and {ones(1,101)}", at: SourceLocation(line: 1, column: 1)))
    let filled = try Placeholders.fill(prose, markingOversized: true) {
      (_, source) throws(MathError) -> Tensor in
      let shape = source == "ones(10,10)" ? [10, 10] : [1, 101]
      return (try? Tensor(repeating: 1, shape: shape)) ?? Tensor(0)
    }
    #expect(filled.hasPrefix("[1 1 1 1 1 1 1 1 1 1; "), "\(filled)")
    #expect(filled.hasSuffix(" and (1×101 values: too many to show)"), "\(filled)")
  }
}
