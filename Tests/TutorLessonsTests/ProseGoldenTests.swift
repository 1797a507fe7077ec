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
/// recorded from the renderer of `main` before the change. When a lesson's text changes
/// (and the renderer does not), `RECORD_PROSE_GOLDEN=1 swift test --filter ProseGolden`
/// writes it again.
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
    // Rows by lesson and setting: `id width style blocks` → `lines digest`.
    func keyed(_ rows: [String]) -> [String: String] {
      Dictionary(
        rows.map { row in
          let fields = row.split(separator: " ")
          return (
            fields.prefix(4).joined(separator: " "), fields.dropFirst(4).joined(separator: " ")
          )
        }, uniquingKeysWith: { first, _ in first })
    }
    let expected = keyed(
      try String(contentsOfFile: Self.golden, encoding: .utf8).split(separator: "\n").map(
        String.init))
    let rendered = keyed(actual)
    #expect(expected.count >= 31 * Self.widths.count * 4, "the golden holds every lesson")
    let fix =
      "if a lesson's text changed (not the renderer), record the golden again: "
      + "RECORD_PROSE_GOLDEN=1 swift test --filter ProseGolden"
    for (key, want) in expected.sorted(by: { $0.key < $1.key }) {
      guard let got = rendered[key] else {
        Issue.record("\(key): in the golden, not rendered (a lesson removed?); \(fix)")
        continue
      }
      if got != want { Issue.record("\(key): lines and digest \(got), golden \(want); \(fix)") }
    }
    for key in rendered.keys.sorted() where expected[key] == nil {
      Issue.record("\(key): rendered, not in the golden (a lesson added?); \(fix)")
    }
  }
}
