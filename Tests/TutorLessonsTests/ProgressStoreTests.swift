import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons
@testable import TutorProgress

@Suite("Progress store")
struct ProgressStoreTests {
  static func temporaryDirectory() throws -> String {
    try TemporaryDirectory.make("bptutor-progress")
  }

  @Test("a saved step is there on the next load; resume is the first unsolved step")
  func roundTrip() throws {
    let store = ProgressStore(directory: try Self.temporaryDirectory())
    try store.update { $0.markSolved("a1", in: "relu") }
    try store.update { $0.markSolved("h1", in: "relu") }
    let progress = store.load().progress
    #expect(progress.lessons["relu"]?.solved == ["a1", "h1"])
    #expect(progress.resumeIndex(of: "relu", stepIDs: ["a1", "h1", "a2"]) == 2)
    #expect(progress.status(of: "relu", stepIDs: ["a1", "h1", "a2"]) == "2/3")
    #expect(progress.status(of: "relu", stepIDs: ["a1", "h1"]) == "✓ done")
    #expect(progress.status(of: "other", stepIDs: ["x"]) == "new")
  }

  @Test("two writers with stale copies never lose each other's steps")
  func concurrentWriters() throws {
    let directory = try Self.temporaryDirectory()
    let first = ProgressStore(directory: directory)
    let second = ProgressStore(directory: directory)
    // Each process loaded an empty file, then saves its own step.
    try first.update { $0.markSolved("a1", in: "relu") }
    try second.update { $0.markSolved("x", in: "conv") }
    let merged = first.load().progress
    #expect(merged.lessons["relu"]?.solved == ["a1"])
    #expect(merged.lessons["conv"]?.solved == ["x"])
  }

  @Test("many concurrent updates all land")
  func manyUpdates() async throws {
    let directory = try Self.temporaryDirectory()
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<20 {
        group.addTask {
          _ = try? ProgressStore(directory: directory).update {
            $0.markSolved("s\(index)", in: "l")
          }
        }
      }
    }
    #expect(ProgressStore(directory: directory).load().progress.lessons["l"]?.solved.count == 20)
  }

  @Test("a corrupt file is moved aside with a warning")
  func corrupt() throws {
    let directory = try Self.temporaryDirectory()
    let store = ProgressStore(directory: directory)
    try "{ not json".write(toFile: store.path, atomically: true, encoding: .utf8)
    let (progress, warning) = store.load()
    #expect(progress == LearnerProgress())
    #expect(warning?.contains("moved to") == true)
    #expect(!FileManager.default.fileExists(atPath: store.path))
  }

  @Test("revealing a step does not count as solving it")
  func revealed() {
    var progress = LearnerProgress()
    progress.markRevealed("a1", in: "relu")
    #expect(progress.lessons["relu"]?.solved == [])
    #expect(progress.lessons["relu"]?.revealed == ["a1"])
  }
}

@Suite("Placeholders")
struct PlaceholderTests {
  @Test(
    "outside math every {…} is a placeholder; in math TeX groups stay TeX",
    arguments: [
      ("x is {x}", ["x"]),
      ("$\\frac{a}{b} = {x}$", ["x"]),
      ("$W^{(1)} = {W1}$", ["W1"]),
      ("$-2({y} - {h3})$", ["y", "h3"]),
      ("$\\text{ReLU}({a1})$", ["a1"]),
      ("$\\cdot{x}$", []),
      ("a literal \\{brace\\}", []),
      ("{grad(J, W3)}", ["grad(J, W3)"]),
    ])
  func occurrences(text: String, expressions: [String]) {
    #expect(Placeholders.occurrences(in: text).map(\.expression) == expressions)
  }

  @Test("a negative number after an operator is parenthesised")
  func filling() throws {
    let values: [String: Double] = ["y": 6, "h3": -3]
    let prose = Prose(Located("$({y} - {h3})$", at: SourceLocation(line: 1, column: 1)))
    let filled = try Placeholders.fill(prose) { _, name throws(MathError) in
      Tensor(values[name] ?? 0)
    }
    #expect(filled == "$(6 - (-3))$")
  }
}
