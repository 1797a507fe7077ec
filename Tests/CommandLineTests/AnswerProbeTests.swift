import Foundation
import TestSupport
import Testing

/// Issue 21, must-hold 3, through `bptutor answer`: a probe costs what a hint costs. The
/// first wrong answer to a step says how many entries are off; the next one marks them
/// and that counts as a hint — the count kept in the progress between runs.
@Suite("bptutor answer is no free probe")
struct AnswerProbeTests {
  /// maxpool-conv's ∂L/∂O (a 2×4 routing with two nonzero entries) answered with zeros.
  static let zeros = ["answer", "maxpool-conv", "dL-dO", "[0 0 0 0; 0 0 0 0]", "--json"]

  static func lesson(_ state: String) throws -> [String: Any]? {
    let data = try Data(contentsOf: URL(fileURLWithPath: state + "/progress.json"))
    let saved = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return (saved?["lessons"] as? [String: Any])?["maxpool-conv"] as? [String: Any]
  }

  @Test("the first wrong answer counts the entries off; the second marks them, as a hint")
  func secondAttemptMarks() throws {
    let state = try CommandRunner.temporaryDirectory()
    let first = try CommandRunner.run(Self.zeros, stateDirectory: state)
    #expect(first.status == 1, "\(first.stderr)")
    #expect(first.stdout.contains(#""entries": null"#), "\(first.stdout)")
    #expect(first.stdout.contains("2 of 8 entries are off"), "\(first.stdout)")
    #expect((try Self.lesson(state)?["probes"] as? [String: Int]) == ["dL-dO": 1])
    #expect(try Self.lesson(state)?["hints"] == nil, "counting the entries is no hint")

    let second = try CommandRunner.run(Self.zeros, stateDirectory: state)
    #expect(second.status == 1)
    #expect(second.stdout.contains(#""entries": ["#), "\(second.stdout)")
    #expect(!second.stdout.contains("entries are off"), "\(second.stdout)")
    #expect((try Self.lesson(state)?["probes"] as? [String: Int]) == ["dL-dO": 2])
    #expect((try Self.lesson(state)?["hints"] as? [String: Int]) == ["dL-dO": 1])

  }

  @Test("plain output: the count first, then the marks")
  func plainOutput() throws {
    let state = try CommandRunner.temporaryDirectory()
    let arguments = ["answer", "maxpool-conv", "dL-dO", "[0 0 0 0; 0 0 0 0]"]
    let first = try CommandRunner.run(arguments, stateDirectory: state)
    #expect(first.stdout.contains("2 of 8 entries are off"), "\(first.stdout)")
    let second = try CommandRunner.run(arguments, stateDirectory: state)
    #expect(!second.stdout.contains("entries are off"), "\(second.stdout)")
    #expect(second.stdout != first.stdout)
  }

  @Test("a step already solved marks its entries at once: nothing left to probe")
  func solvedStepMarks() throws {
    let state = try CommandRunner.temporaryDirectory()
    try #"{"version": 2, "lessons": {"maxpool-conv": {"solved": ["dL-dO"], "revealed": []}}}"#
      .write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let first = try CommandRunner.run(Self.zeros, stateDirectory: state)
    #expect(first.stdout.contains(#""entries": ["#), "\(first.stdout)")
  }
}
