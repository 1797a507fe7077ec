import Foundation
import TerminalText
import TestSupport
import Testing
import TutorLessons
import TutorMath

/// Every lesson's prose renders exactly as it did before the renderer was made faster
/// (issue 24): each step's text, display block, hints and worked line, filled from the
/// engine and as written, at several widths, in both styles, with and without 2-D
/// matrices. The golden holds one digest (FNV-1a of the lines) per lesson and setting,
/// recorded from the renderer of `main` before the change;
/// `RECORD_PROSE_GOLDEN=1 swift test --filter ProseGolden` writes it again.
@Suite("Prose golden: every lesson's rendered text is unchanged")
struct ProseGoldenTests {
  static let golden = Repository.tests("TutorLessonsTests") + "/Fixtures/prose-golden.txt"
  static let widths = [12, 40, 60, 80, 120, 2000]

  /// The texts of a lesson a presenter renders, filled and as written.
  static func texts(of path: String) throws -> [String] {
    let lesson = try #require(LessonLoader.load(path: path).lesson, "\(path) does not load")
    let bound = try BoundLesson(lesson: lesson)
    var texts = [lesson.summary]
    for step in lesson.steps {
      let proses = [step.text] + (step.display.map { [$0] } ?? []) + step.hints + [step.worked]
      for prose in proses {
        texts.append(
          (try? bound.fill(prose, context: "golden", markingOversized: true)) ?? prose.text)
        texts.append(prose.text)
      }
    }
    return texts
  }

  static func digest(_ lines: [String], into hash: inout UInt64) {
    for byte in lines.joined(separator: "\n").utf8 + [0] {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
  }

  /// One line per lesson and setting: `id width style blocks digest`.
  static func render() throws -> [String] {
    var rows: [String] = []
    for path in LessonCatalog.paths(in: Repository.lessons) {
      let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      let texts = try texts(of: path)
      for width in widths {
        for style in [MathStyle.unicode, .ascii] {
          for blocks in [true, false] {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var lineCount = 0
            for text in texts {
              let lines = MathRenderer.prose(
                text, width: width, style: style, matrixBlocks: blocks)
              lineCount += lines.count
              digest(lines, into: &hash)
            }
            rows.append(
              "\(id) \(width) \(style == .ascii ? "ascii" : "unicode") \(blocks) "
                + "\(lineCount) \(String(hash, radix: 16))")
          }
        }
      }
    }
    return rows
  }

  @Test("every lesson's prose at every width and style matches the golden recorded before")
  func unchanged() throws {
    let actual = try Self.render()
    if ProcessInfo.processInfo.environment["RECORD_PROSE_GOLDEN"] == "1" {
      try (actual.joined(separator: "\n") + "\n").write(
        toFile: Self.golden, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOfFile: Self.golden, encoding: .utf8)
      .split(separator: "\n").map(String.init)
    #expect(actual.count >= 31 * Self.widths.count * 4, "every lesson and setting rendered")
    #expect(actual.count == expected.count, "the same lessons as when recorded")
    for (want, got) in zip(expected, actual) where want != got {
      Issue.record("prose differs: expected \(want), got \(got)")
    }
  }
}
