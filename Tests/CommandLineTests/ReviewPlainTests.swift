import Foundation
import TestSupport
import Testing

/// Issue 21, must-hold 6, through `bptutor review --plain`: a card comes with its givens
/// and the values it builds on (and `values` shows them again); an empty line skips as in
/// the exam; an unreadable answer is asked again and does not use up the card; a day
/// serves at most `--new-per-day` new cards.
@Suite("review --plain is review")
struct ReviewPlainTests {
  /// relu-1-2-2-1's h1 card, due since day 1; a1 solved before it.
  static let h1Due = """
    {"version": 2, "lessons": {"relu-1-2-2-1": {"solved": ["a1", "h1"], "revealed": [],
     "cards": {"h1": {"stability": 3.7145, "difficulty": 5.1618, "last": 0, "due": 86400,
     "reviews": 1, "lapses": 0}}}}}
    """

  static func card(_ lesson: String, _ step: String) -> String {
    "\"\(step)\": {\"stability\": 3.7145, \"difficulty\": 5.1618, \"last\": 0, \"due\": 86400, "
      + "\"reviews\": 1, \"lapses\": 0}"
  }

  static func h1(_ state: String) throws -> [String: Any]? {
    let data = try Data(contentsOf: URL(fileURLWithPath: state + "/progress.json"))
    let saved = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let lesson = (saved?["lessons"] as? [String: Any])?["relu-1-2-2-1"] as? [String: Any]
    return (lesson?["cards"] as? [String: Any])?["h1"] as? [String: Any]
  }

  @Test("givens and the values it builds on; values again; unreadable asked again; empty skips")
  func card() throws {
    let state = try CommandRunner.temporaryDirectory()
    try Self.h1Due.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(
      ["review", "--plain"], input: "values\n[1 2; 3\n\n", stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.components(separatedBy: "\n")
    // The card's givens and the value of a1 (the step before h1) at this variant.
    // (A prompt without a terminal ends without a line break, so `answer> ` may lead.)
    #expect(lines.filter { $0.contains("Given: x = 3") }.count == 2)
    #expect(
      lines.filter { $0.hasPrefix("Values: ") && $0.contains("= [3; -3]") }.count == 2,
      "shown with the card, and again for `values`: \(result.stdout)")
    // The unreadable answer: its caret, not counted.
    let headline = try #require(lines.firstIndex { $0.contains("could not read that") })
    #expect(lines[headline + 2].contains("^"))
    #expect(result.stdout.contains("Not counted: answer again"))
    // The empty line skipped: no worked line, no lapse, the card still due as before.
    #expect(result.stdout.contains("Reviewed 0 cards."))
    let h1 = try Self.h1(state)
    #expect(h1?["lapses"] as? Int ?? 0 == 0)
    #expect(h1?["due"] as? Double == 86_400)
  }

  @Test("a typo does not use up the card: the answer after it is the one rated")
  func typoThenRight() throws {
    let state = try CommandRunner.temporaryDirectory()
    try Self.h1Due.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(
      ["review", "--plain"], input: "[3; 0\n[3; 0]\n", stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("✓ correct") || result.stdout.contains("ok correct"))
    #expect(result.stdout.contains("Reviewed 1 card."))
    let h1 = try Self.h1(state)
    #expect(h1?["lapses"] as? Int == 0)
    #expect(h1?["reviews"] as? Int == 2)
  }

  @Test("--new-per-day bounds the day's new cards; the rest wait")
  func newPerDay() throws {
    let state = try CommandRunner.temporaryDirectory()
    let cards = ["a1", "h1", "a2"].map { Self.card("relu-1-2-2-1", $0) }.joined(separator: ", ")
    let progress = """
      {"version": 2, "lessons": {"relu-1-2-2-1": {"solved": ["a1", "h1", "a2"], "revealed": [],
       "cards": {\(cards)}}}}
      """
    try progress.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let two = try CommandRunner.run(
      ["review", "--plain", "--new-per-day", "2"], input: "quit\n", stateDirectory: state)
    #expect(two.status == 0, "\(two.stderr)")
    #expect(two.stdout.contains("2 cards due today (1 new ones wait for a later day)."))
    let none = try CommandRunner.run(
      ["review", "--plain", "--new-per-day", "0"], input: "", stateDirectory: state)
    #expect(none.stdout.contains("3 more wait for tomorrow"), "\(none.stdout)")
    let all = try CommandRunner.run(["review", "--plain"], input: "quit\n", stateDirectory: state)
    #expect(all.stdout.contains("3 cards due."))
  }
}
