import Foundation
import TestSupport
import Testing

/// Issue 21, must-hold 5, through `bptutor exam --plain` and `--json`: a line that cannot
/// be read is shown with its caret and does not answer the step; the next line does.
@Suite("exam --plain: unreadable answers are asked again")
struct ExamPlainTrustTests {
  @Test(
    "an unreadable line is shown with its caret, not counted, and the step asked again",
    arguments: ["[1 2; 3", "np.array([3, -3])"])
  func plain(_ typed: String) throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["exam", "relu-1-2-2-1", "--variant", "0", "--plain"], input: "\(typed)\n[3; -3]\n",
      stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.components(separatedBy: "\n")
    let headline = try #require(lines.firstIndex { $0.contains("could not read that") })
    #expect(lines[headline + 1].hasSuffix(typed), "the answer as typed")
    #expect(lines[headline + 2].contains("^"), "and the caret under the problem")
    #expect(result.stdout.contains("Not counted: answer step 1 again"))
    // The second line answered step 1, and it is right.
    #expect(result.stdout.contains("Score: 1 of 18"), "\(result.stdout)")
    #expect(!result.stdout.contains("incorrect  expected"))
  }

  @Test("--json: the message goes to standard error and the report has the readable answer")
  func json() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["exam", "relu-1-2-2-1", "--variant", "0", "--json"], input: "[3; -3\n[3; -3]\n",
      stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("could not read that"))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let steps = try #require(json["steps"] as? [[String: Any]])
    #expect(steps[0]["verdict"] as? String == "correct")
    #expect(steps[0]["given"] as? String == "[3; -3]")
    #expect(steps[1]["verdict"] as? String == "skipped")
  }
}
