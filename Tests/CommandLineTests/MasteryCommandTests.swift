import Foundation
import TestSupport
import Testing

/// `exam`, `review`, `skills`, `reset` and `learn --variant new` through the binary
/// (issue 11).
@Suite("Mastery commands, end to end")
struct MasteryCommandTests {
  static let slip = "[3; 3]\n[3; 3]\n[0; 0]\n[0; 0]\n0\n36\n-12\n[0, 0]\n"

  static func progress(_ state: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: state + "/progress.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test("exam --json grades issue 11's slip with carry-forward and saves the result")
  func examJSON() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["exam", "relu-1-2-2-1", "--variant", "0", "--json"], input: Self.slip,
      stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["lesson"] as? String == "relu-1-2-2-1")
    #expect(json["variant"] as? Int == 0)
    #expect(json["score"] as? Double == 7)
    let steps = try #require(json["steps"] as? [[String: Any]])
    #expect(
      steps.map { $0["verdict"] as? String }.prefix(9) == [
        "incorrect", "follows", "follows", "follows", "follows", "follows", "follows", "follows",
        "skipped",
      ])
    #expect(steps[1]["follows_from"] as? [String] == ["a1"])
    #expect(steps[1]["expected"] as? [[Double]] == [[3], [0]])
    #expect(steps[1]["given"] as? String == "[3; 3]")
    #expect(steps[1]["title"] as? String == "The first ReLU")
    #expect(steps[1]["recomputed"] as? [[Double]] == [[3], [3]])
    #expect(steps[0]["recomputed"] is NSNull, "only a step that follows has one")
    #expect(steps[8]["given"] is NSNull)
    let saved = try Self.progress(state)
    #expect(saved["version"] as? Int == 2)
    let lesson = try #require(
      (saved["lessons"] as? [String: Any])?["relu-1-2-2-1"] as? [String: Any])
    let exams = try #require(lesson["exams"] as? [[String: Any]])
    #expect(exams.first?["score"] as? Double == 7)
    #expect(lesson["variants"] as? [Int] == [0])
    let skills = try #require(saved["skills"] as? [String: Any])
    #expect(skills["relu-mask"] != nil, "exam verdicts feed knowledge tracing")
  }

  @Test("exam --plain prints each question with earned values hidden, then the report")
  func examPlain() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["exam", "relu-1-2-2-1", "--variant", "0", "--plain"], input: "[3; 3]\n[3; 3]\n",
      stateDirectory: state)
    #expect(result.status == 0)
    #expect(result.stdout.contains("with $a^{(1)} = ?") || result.stdout.contains("a⁽¹⁾ = ?"))
    // Steps are named by number and title; a step that follows shows the value
    // recomputed from the learner's answers.
    #expect(result.stdout.contains("✗ 1. The first pre-activation — incorrect\n"))
    #expect(result.stdout.contains("    expected [3; -3] · given [3; 3]\n"))
    #expect(
      result.stdout.contains("→ 2. The first ReLU — follows from 1. The first pre-activation\n"))
    #expect(result.stdout.contains("    expected [3; 0] · given [3; 3]\n"))
    #expect(result.stdout.contains("    recomputed from your answers: [3; 3]\n"))
    #expect(result.stdout.contains("Score: 1 of 16"))
  }

  @Test("an exam without --variant takes one the learner has not done")
  func examFresh() throws {
    let state = try CommandRunner.temporaryDirectory()
    for expected in [1, 2] {
      let result = try CommandRunner.run(
        ["exam", "relu-1-2-2-1", "--json"], input: "", stateDirectory: state)
      let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      #expect(json?["variant"] as? Int == expected)
    }
  }

  @Test("review: nothing to review, then a solved step is a card due later, with its date")
  func review() throws {
    let state = try CommandRunner.temporaryDirectory()
    let empty = try CommandRunner.run(["review", "--plain"], stateDirectory: state)
    #expect(empty.status == 0)
    #expect(empty.stdout.contains("Nothing to review yet"))
    _ = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "[3; -3]\n", stateDirectory: state)
    let later = try CommandRunner.run(["review", "--plain"], stateDirectory: state)
    #expect(later.stdout.contains("Nothing is due. The next card, relu-1-2-2-1/a1, is due on"))
  }

  @Test("review serves a due card as the same step at a new variant and reschedules it")
  func reviewDue() throws {
    let state = try CommandRunner.temporaryDirectory()
    // A card that fell due a day ago (written as a format-2 file).
    let card = """
      {"version": 2, "lessons": {"relu-1-2-2-1": {"solved": ["a1", "h1"], "revealed": [],
       "cards": {"h1": {"stability": 3.7145, "difficulty": 5.1618, "last": 0, "due": 86400,
       "reviews": 1, "lapses": 0}}}}}
      """
    try card.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(
      ["review", "--plain"], input: "reveal\n", stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("1 card due."))
    #expect(result.stdout.contains("Review 1/1 · relu-1-2-2-1 · variant 1"))
    #expect(result.stdout.contains("The first ReLU"))
    #expect(result.stdout.contains("Reviewed 1 card."))
    let saved = try Self.progress(state)
    let lesson = (saved["lessons"] as? [String: Any])?["relu-1-2-2-1"] as? [String: Any]
    let h1 = (lesson?["cards"] as? [String: Any])?["h1"] as? [String: Any]
    #expect(h1?["lapses"] as? Int == 1, "revealed rates again")
    #expect((h1?["due"] as? Double ?? 0) > Date().timeIntervalSince1970)
  }

  @Test("skills lists every skill with its mastery and lessons; --json too")
  func skills() throws {
    let state = try CommandRunner.temporaryDirectory()
    _ = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "[3; -3]\n[3; 0]\n", stateDirectory: state)
    let text = try CommandRunner.run(["skills"], stateDirectory: state)
    #expect(text.status == 0)
    // Right first time from P(L0) = 0.2: 0.66 (see MasteryModelTests).
    #expect(text.stdout.contains("forward-matmul          ██████░░░░ 66%"))
    #expect(text.stdout.contains("relu-mask               ██░░░░░░░░ not practised"))
    #expect(text.stdout.contains("Next: learn"))
    let json = try CommandRunner.run(["skills", "--json"], stateDirectory: state)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let skills = parsed?["skills"] as? [[String: Any]]
    let matmul = skills?.first { $0["id"] as? String == "forward-matmul" }
    #expect(matmul?["observations"] as? Int == 1)
    #expect((matmul?["lessons"] as? [String])?.contains("relu-1-2-2-1") == true)
  }

  @Test("reset asks first; n keeps the progress, --yes forgets the lesson, --all everything")
  func reset() throws {
    let state = try CommandRunner.temporaryDirectory()
    _ = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "[3; -3]\n", stateDirectory: state)
    _ = try CommandRunner.run(
      ["learn", "linear-layer", "--plain"], input: "quit\n", stateDirectory: state)
    let no = try CommandRunner.run(["reset", "relu-1-2-2-1"], input: "n\n", stateDirectory: state)
    #expect(no.status == 1)
    #expect(no.stdout.contains("Nothing was reset."))
    #expect((try Self.progress(state)["lessons"] as? [String: Any])?["relu-1-2-2-1"] != nil)
    let yes = try CommandRunner.run(["reset", "relu-1-2-2-1"], input: "y\n", stateDirectory: state)
    #expect(yes.status == 0)
    #expect((try Self.progress(state)["lessons"] as? [String: Any])?["relu-1-2-2-1"] == nil)
    let all = try CommandRunner.run(["reset", "--all", "--yes"], stateDirectory: state)
    #expect(all.stdout.contains("Forgot all your progress."))
    #expect((try Self.progress(state)["lessons"] as? [String: Any])?.isEmpty == true)
    let both = try CommandRunner.run(["reset", "relu-1-2-2-1", "--all"], stateDirectory: state)
    #expect(both.status != 0)
  }

  @Test("learn --variant new practises a variant not done and records it when finished")
  func learnNew() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["learn", "linear-layer", "--variant", "new", "--plain"], input: "reveal\n",
      stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    // The first variant not done that keeps the catalogued slips apart (linear-layer's
    // variant 1 makes two alike, so it is passed over).
    let served = result.stdout.firstMatch(of: /\[linear-layer, variant (\d+)\]/).map {
      Int($0.1) ?? 0
    }
    #expect((served ?? 0) >= 1, "\(result.stdout)")
    #expect(result.stdout.contains("?"), "the first step's values are not earned yet")
  }
}
