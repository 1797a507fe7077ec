import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 12, item 5: handouts (`bptutor export`) with every number from the engine.
@Suite("Handouts")
struct HandoutTests {
  static let lessonIDs = LessonCatalog.ids(in: Repository.lessons)

  @Test("Markdown: title, givens from the engine, every step in order with its worked line")
  func markdownStructure() throws {
    let bound = try boundLesson("linear-layer")
    let text = try Handout(bound).document(.markdown)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "# " + bound.lesson.title)
    let given = try #require(lines.firstIndex(of: "## Given"))
    for (offset, item) in bound.lesson.givens.enumerated() {
      let value = try #require(bound.value(of: item.name))
      #expect(
        lines[given + 2 + offset]
          == "- $\(bound.lesson.tex(for: item.name)) = \(Handout.tex(value))$")
    }
    let headings = lines.filter { $0.hasPrefix("## Step ") }
    #expect(
      headings
        == bound.lesson.steps.enumerated().map { "## Step \($0.offset + 1). \($0.element.title)" })
    // A worked line for every step (choice steps have one too); each choice step also
    // names its right option.
    let choices = bound.lesson.steps.filter {
      if case .choice = $0.question { return true } else { return false }
    }
    #expect(!choices.isEmpty)
    #expect(
      lines.filter { $0.hasPrefix("**Worked.** ") }.count == bound.lesson.steps.count)
    #expect(lines.filter { $0.hasPrefix("**Answer.** Option ") }.count == choices.count)
    // No placeholder is left unfilled.
    #expect(!text.contains("{W}") && !text.contains("{y}") && !text.contains("{g}"))
  }

  @Test(
    "every value step's worked line shows the engine's answer, at the lesson's values and a variant",
    arguments: lessonIDs)
  func workedNumbers(id: String) throws {
    for variant in [0, 3] {
      let bound = try boundLesson(id, variant: variant)
      let handout = try Handout(bound)
      for (index, step) in bound.lesson.steps.enumerated() {
        guard case .value = step.question,
          case .value(let value) = try bound.expectation(forStep: index)
        else { continue }
        let worked = handout.items[index].worked
        let inline = TensorFormat.inline(value)
        #expect(
          worked.contains(Handout.tex(value)) || worked.contains(inline),
          "\(id) variant \(variant) step \(step.id): \(worked) lacks \(Handout.tex(value))")
      }
    }
  }

  @Test("a variant's handout has the variant's numbers, not the lesson's own")
  func variantNumbers() throws {
    let own = try Handout(try boundLesson("relu-1-2-2-1")).document(.markdown)
    let bound = try boundLesson("relu-1-2-2-1", variant: 2)
    let drawn = try Handout(bound).document(.markdown)
    #expect(own != drawn)
    let x = try #require(bound.value(of: "x"))
    #expect(drawn.contains("- $x = \(Handout.tex(x))$"))
    #expect(drawn.contains("at variant 2;"))
  }

  @Test("the handout repeats no slip: no hint and no declared mistake appears; SGD uses η")
  func noSlips() throws {
    for id in Self.lessonIDs {
      let bound = try boundLesson(id)
      let text = try Handout(bound).document(.markdown)
      // A message that the lesson's own prose also says (a true sentence) may appear.
      let prose = try bound.lesson.steps.flatMap { step in
        try [step.text, step.worked].compactMap { $0 }.map { try bound.fill($0, context: "prose") }
      }.joined(separator: "\n")
      for step in bound.lesson.steps {
        for mistake in step.mistakes {
          let message = try bound.fill(mistake.message, context: "a mistake")
          if prose.contains(message) { continue }
          #expect(!text.contains(message), "\(id) \(step.id): \(message)")
        }
      }
    }
    // Seed 004 writes 1 − 0.1·(−18) with η = 0.01; the handout's update is the engine's.
    let relu = try boundLesson("relu-1-2-2-1")
    let sgd = try Handout(relu).items.first { $0.id == "sgd" }?.worked ?? ""
    let eta = try #require(relu.value(of: "eta")?.scalarValue)
    #expect(sgd.contains("- \(NumberFormat.string(eta)) \\cdot"))
    #expect(sgd.hasSuffix("= " + Handout.tex(try expected(relu, "sgd")) + "$"))
    #expect(!sgd.contains("0.1 \\cdot"))
  }

  @Test("LaTeX: a standalone article, pure ASCII, balanced braces and math, for every lesson")
  func latexStructure() throws {
    for id in Self.lessonIDs {
      let text = try Handout(try boundLesson(id)).document(.latex)
      let lines = text.split(separator: "\n").map(String.init)
      #expect(lines.first == "\\documentclass{article}")
      #expect(lines.contains("\\begin{document}"))
      #expect(lines.last == "\\end{document}")
      #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(id)")
      // Braces balance outside escapes, and every paragraph closes its inline math.
      var depth = 0
      var previous: Character = " "
      for character in text {
        if previous != "\\" {
          if character == "{" { depth += 1 }
          if character == "}" { depth -= 1 }
        }
        #expect(depth >= 0)
        previous = previous == "\\" ? " " : character
      }
      #expect(depth == 0, "\(id)")
      for paragraph in text.components(separatedBy: "\n\n") {
        let dollars = paragraph.replacingOccurrences(of: "\\$", with: "").filter { $0 == "$" }
        #expect(dollars.count % 2 == 0, "\(id): \(paragraph)")
      }
      #expect(text.contains("\\section*{Step 1. "))
    }
  }

  @Test(
    "pdflatex compiles a handout (only where pdflatex is installed; not in CI)",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pdflatex")))
  func pdflatex() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bptutor-latex-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let text = try Handout(try boundLesson("softmax-jacobian", variant: 1)).document(.latex)
    try text.write(
      to: folder.appendingPathComponent("handout.tex"), atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdflatex")
    process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "handout.tex"]
    process.currentDirectoryURL = folder
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("handout.pdf").path))
  }

  @Test("values as TeX: numbers, vectors and matrices as bmatrix, 3-tensors as a list")
  func valuesAsTeX() throws {
    #expect(Handout.tex(Tensor(-2.5)) == "-2.5")
    #expect(
      Handout.tex(try Tensor(shape: [2, 1], scalars: [1, -1]))
        == "\\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}")
    #expect(
      Handout.tex(try Tensor(shape: [2], scalars: [1, 2]))
        == "\\begin{bmatrix} 1 & 2 \\end{bmatrix}")
    #expect(
      Handout.tex(try Tensor(shape: [2, 1, 1], scalars: [1, 2]))
        == "\\left[ 1,\\ 2 \\right]")
  }
}
