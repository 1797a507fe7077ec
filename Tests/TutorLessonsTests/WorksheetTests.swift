import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 22, worksheets: the questions with room to work and no answer, the key with
/// every answer, both for a variant, the prose escaped as in a handout.
@Suite("Worksheets")
struct WorksheetTests {
  static let lessonIDs = LessonCatalog.ids(in: Repository.lessons)

  /// Each value step's answer as the engine computes it, with the step's id.
  static func answers(_ bound: BoundLesson) throws -> [(id: String, value: Tensor)] {
    try bound.lesson.steps.indices.compactMap { index in
      guard case .value = bound.lesson.steps[index].question,
        case .value(let value) = try bound.expectation(forStep: index)
      else { return nil }
      return (bound.lesson.steps[index].id, value)
    }
  }

  /// Whether `value` is one a worksheet could show for another reason: a given's value,
  /// or a number the lesson's own file writes (prose such as "the homework's O = …"), or
  /// a scalar so short it is any number (1, 0.5, −2).
  static func couldAppearAnyway(_ value: Tensor, in bound: BoundLesson, file: String) -> Bool {
    let tex = Handout.tex(value)
    if value.count == 1 && (tex.count < 4 || file.contains(tex)) { return true }
    return bound.lesson.givens.contains { given in
      guard let shown = bound.value(of: given.name) else { return false }
      return Handout.tex(shown).contains(tex)
    }
  }

  @Test(
    "no answer appears in the worksheet, and the key has each one, at two variants",
    arguments: lessonIDs)
  func noAnswerInWorksheet(id: String) throws {
    let file = try String(contentsOfFile: Repository.lessons + "/\(id).yaml", encoding: .utf8)
    for variant in [0, 5] {
      let bound = try boundLesson(id, variant: variant)
      let sheet = try Worksheet(bound)
      let answers = try Self.answers(bound)
      #expect(!answers.isEmpty)
      for format in Handout.Format.allCases {
        let questions = sheet.document(format, .questions)
        let key = sheet.document(format, .key)
        for (step, value) in answers {
          let tex = format == .latex ? LaTeXSource.math(Handout.tex(value)) : Handout.tex(value)
          #expect(key.contains(tex), "\(id) v\(variant) \(format) key lacks \(step): \(tex)")
          if Self.couldAppearAnyway(value, in: bound, file: file) { continue }
          #expect(
            !questions.contains(tex), "\(id) v\(variant) \(format): \(step)'s answer \(tex)")
          #expect(!questions.contains(TensorFormat.inline(value)), "\(id) \(step)")
        }
        // Every step is asked, with room to work; the key answers every one.
        #expect(
          questions.components(separatedBy: "Your answer (").count - 1
            == bound.lesson.steps.count)
        #expect(!questions.contains("Worked.") && !questions.contains("Answer."))
        #expect(
          key.components(separatedBy: "Answer.").count - 1 == bound.lesson.steps.count)
      }
    }
  }

  @Test("a choice's right option is named in the key only; a formula's reference too")
  func choicesAndFormulas() throws {
    let bound = try boundLesson("sigmoid-chain")
    let sheet = try Worksheet(bound)
    let questions = sheet.document(.markdown, .questions)
    let key = sheet.document(.markdown, .key)
    for (index, step) in bound.lesson.steps.enumerated() {
      switch step.question {
      case .choice:
        let right = try #require(sheet.handout.items[index].answer)
        #expect(key.contains("**Answer.** Option \(right): "))
      case .formula(let reference, _, _):
        #expect(key.contains("`" + reference.source.text + "`"))
        #expect(!questions.contains("`" + reference.source.text + "`"))
      case .value: continue
      }
    }
    #expect(!questions.contains("Option "))
  }

  @Test("two variants give two different worksheets and keys, each with its own givens")
  func variantsDiffer() throws {
    let one = try Worksheet(try boundLesson("relu-1-2-2-1", variant: 1))
    let two = try Worksheet(try boundLesson("relu-1-2-2-1", variant: 2))
    for format in Handout.Format.allCases {
      #expect(one.document(format, .questions) != two.document(format, .questions))
      #expect(one.document(format, .key) != two.document(format, .key))
    }
    let x = try #require(two.handout.bound.value(of: "x"))
    #expect(two.document(.markdown, .questions).contains("- $x = \(Handout.tex(x))$"))
    #expect(two.document(.markdown, .questions).contains("at variant 2."))
  }

  @Test("hostile step prose stays escaped in the LaTeX worksheet and key, and in Markdown")
  func hostileProse() throws {
    let source = try String(
      contentsOfFile: Repository.lessons + "/sigmoid-chain.yaml", encoding: .utf8)
    let hostile =
      #"$\input{/etc/passwd}$ $\immediate\write18 id$ $\catcode`\^^5c=12$ <script>x</script> $\end{document}$"#
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let at = try #require(lines.firstIndex { $0.hasPrefix("    text: Now $y") })
    lines[at] = "    text: '" + hostile + " {h}'"
    let path = try TemporaryDirectory.make() + "/hostile.yaml"
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let (lesson, diagnostics) = LessonLoader.load(path: path)
    let loaded = try #require(lesson, "\(diagnostics.map(\.description))")
    let sheet = try Worksheet(try BoundLesson(lesson: loaded))
    for part in Worksheet.Part.allCases {
      let latex = sheet.document(.latex, part)
      for bad in ["\\input", "\\write18", "\\immediate", "\\catcode", "^^"] {
        #expect(!latex.contains(bad), "\(bad) in the \(part)")
      }
      #expect(latex.components(separatedBy: "\\end{document}").count == 2)
      #expect(latex.unicodeScalars.allSatisfy { $0.isASCII })
    }
    let markdown = sheet.document(.markdown, .questions)
    #expect(!markdown.contains("<script>"))
    // h is asked by the first step: the worksheet conceals it where step 2 names it.
    #expect(markdown.contains("? (step 1)") || markdown.contains("?\\,\\text{(step 1)}"))
  }
}
