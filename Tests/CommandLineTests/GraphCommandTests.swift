import Foundation
import TestSupport
import Testing

/// Issue 23 through the built binary: `--graph … --set …` in place of a lesson id,
/// `bptutor new`, `bptutor drill --plain`.
@Suite("Graphs as lessons, end to end")
struct GraphCommandTests {
  /// A graph no lesson contains, typed as a new user would.
  static let graph = [
    "--graph", "a = W @ x + b; h = tanh(a); L = sum((h - y)^2) / 2", "--set", "W=[1 -1; 2 0]",
    "--set", "x=[1; 2]", "--set", "b=[1; -3]", "--set", "y=[0; 1]",
  ]

  @Test("learn --plain opens the graph and is answerable step by step with the engine's values")
  func learnPlain() throws {
    let state = try CommandRunner.temporaryDirectory()
    let values = try CommandRunner.run(["values", "--json"] + Self.graph, stateDirectory: state)
    #expect(values.status == 0, "\(values.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(values.stdout.utf8)) as? [String: Any])
    let steps = try #require(json["steps"] as? [[String: Any]])
    #expect(
      steps.map { $0["id"] as? String } == [
        "a", "h", "L", "dL-dh", "dL-da", "dL-dW", "dL-dx", "dL-db",
      ])
    // a = W x + b = [0; -1] by hand.
    let first = try #require(steps.first?["expected"] as? [String: Any])
    #expect(first["value"] as? [[Double]] == [[0], [-1]])
    // Answer every step with the engine's own value, typed as a learner would.
    var answers: [String] = []
    for step in steps {
      let expected = try #require(step["expected"] as? [String: Any])
      answers.append(Self.typed(expected["value"]))
    }
    let learn = try CommandRunner.run(
      ["learn", "--plain"] + Self.graph, input: answers.joined(separator: "\n") + "\n",
      stateDirectory: state)
    #expect(learn.status == 0, "\(learn.stderr)")
    #expect(learn.stdout.components(separatedBy: "✓ correct").count - 1 == steps.count)
    #expect(learn.stdout.contains("Lesson complete."))
  }

  /// A JSON value as the language types it.
  static func typed(_ value: Any?) -> String {
    if let number = value as? Double { return String(format: "%.10g", number) }
    if let rows = value as? [[Double]] {
      return "["
        + rows.map { $0.map { String(format: "%.10g", $0) }.joined(separator: ", ") }
        .joined(separator: "; ") + "]"
    }
    return "?"
  }

  @Test("learn --graph opens the full-screen tutor; the menu lists the graph's lesson")
  func fullScreen() throws {
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession(
      [
        "learn", "--graph", "h = relu(W @ x); L = sum((h - y)^2) / 2", "--set", "W=[1 2; -1 0]",
        "--set", "x=[1; 2]", "--set", "y=[0; 1]",
      ], state: state)
    #expect(tutor.waitFor("Step 1 · The activation h"), "\(tutor.screen())")
    try tutor.type("[5; -1]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("skips the activation"), "\(tutor.screen())")
    try tutor.type("[5; 0]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("✓ correct"), "\(tutor.screen())")
    try tutor.keys("Escape")
    #expect(tutor.waitFor("Generated from a graph"), "\(tutor.screen())")
    try tutor.keys("C-c")
    #expect(tutor.afterExit() != nil)
  }

  @Test("drill on a terminal: the first graph opens as an exam, the menu lists the next ones")
  func drillFullScreen() throws {
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession(
      ["drill", "--level", "2", "--seed", "3", "--count", "3"], state: state)
    #expect(tutor.waitFor("Exam · Drill 1, level 2"), "\(tutor.screen())")
    try tutor.keys("Escape")
    #expect(tutor.waitFor("Generated from a graph"), "\(tutor.screen())")
    // The three graphs are lessons of their own (the menu lists them; at 80×24 it scrolls).
    let kept = try FileManager.default.contentsOfDirectory(atPath: state + "/generated")
    #expect(kept.filter { $0.hasPrefix("drill-") }.count == 3, "\(kept)")
    try tutor.keys("q")
    #expect(tutor.afterExit() != nil)
  }

  @Test("review serves a drill's due card like a lesson's")
  func review() throws {
    let state = try CommandRunner.temporaryDirectory()
    let drill = try CommandRunner.run(
      ["drill", "--plain", "--count", "1", "--level", "1", "--seed", "4"], input: "",
      stateDirectory: state)
    #expect(drill.status == 0, "\(drill.stderr)")
    let kept = try FileManager.default.contentsOfDirectory(atPath: state + "/generated")
    let id = try #require(kept.first).replacingOccurrences(of: ".yaml", with: "")
    // The drill's first step (its first quantity, `a`), due since 1970.
    let card = #"{"stability": 3, "difficulty": 5, "last": 0, "due": 1, "reviews": 1, "lapses": 0}"#
    try """
    {"version": 2, "lessons": {"\(id)": {"solved": ["a"], "cards": {"a": \(card)}}}}
    """.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let review = try CommandRunner.run(
      ["review", "--plain"], input: "quit\n", stateDirectory: state)
    #expect(review.status == 0, "\(review.stderr)")
    #expect(review.stdout.contains("1 card due"), "\(review.stdout)")
    #expect(!review.stderr.contains("removed"), "\(review.stderr)")
  }

  @Test("answer with --graph names the catalogue's misconception")
  func answer() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      [
        "answer", "--json", "--graph", "h = relu(W @ x); L = sum((h - y)^2) / 2", "--set",
        "W=[1 2; -1 0]", "--set", "x=[1; 2]", "--set", "y=[0; 1]", "h", "[5; -1]",
      ], stateDirectory: state)
    #expect(result.status == 1)
    #expect(result.stdout.contains("\"kind\": \"activation-skipped\""), "\(result.stdout)")
  }

  @Test("new writes NAME.yaml that passes check, and opens by path")
  func newAndCheck() throws {
    let folder = try CommandRunner.temporaryDirectory()
    let made = try ProcessRunner.run(
      CommandRunner.binary,
      ["new", "my-layer"] + Self.graph + ["--output", folder + "/my-layer.yaml"],
      environment: CommandRunner.environment(), seconds: 120)
    #expect(made.status == 0, "\(made.stderr)")
    let check = try CommandRunner.run(["check", folder + "/my-layer.yaml"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("0 errors"))
    let replay = try CommandRunner.run(
      ["replay", "--plain", folder + "/my-layer.yaml"], stateDirectory: folder)
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stdout.contains("Step 8 of 8"))
    // With the steps written out to edit: the same steps, and check still passes.
    let written = try ProcessRunner.run(
      CommandRunner.binary,
      ["new", "my-steps", "--write-steps"] + Self.graph + ["--output", folder + "/my-steps.yaml"],
      environment: CommandRunner.environment(), seconds: 120)
    #expect(written.status == 0, "\(written.stderr)")
    let text = try String(contentsOfFile: folder + "/my-steps.yaml", encoding: .utf8)
    #expect(text.contains("generate: true") && text.contains("  - id: dL-dW"))
    let checked = try CommandRunner.run(["check", folder + "/my-steps.yaml"])
    #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    let values = try CommandRunner.run(["values", folder + "/my-steps.yaml"])
    let generated = try CommandRunner.run(["values", folder + "/my-layer.yaml"])
    #expect(
      values.stdout.split(separator: "\n").last == generated.stdout.split(separator: "\n").last)
  }

  @Test("a bad --graph or --set: the error points with a caret, exit 64 or 65")
  func badInputs() throws {
    let state = try CommandRunner.temporaryDirectory()
    let syntax = try CommandRunner.run(
      ["learn", "--plain", "--graph", "h = relu(W @ x; L = sum(h)"], stateDirectory: state)
    #expect(syntax.status == 64)
    #expect(syntax.stderr.contains("error: --graph:"))
    #expect(syntax.stderr.contains("^"))
    let shape = try CommandRunner.run(
      ["values", "--graph", "h = relu(W @ x); L = sum(h^2)", "--set", "x=[1; 2]"],
      stateDirectory: state)
    #expect(shape.status == 65)
    #expect(shape.stderr.contains("shape of `W`"), "\(shape.stderr)")
    let set = try CommandRunner.run(
      ["values", "--graph", "L = sum(W @ x)", "--set", "W=[1 2"], stateDirectory: state)
    #expect(set.status == 64)
    #expect(set.stderr.contains("--set"))
    let both = try CommandRunner.run(
      ["values", "relu-1-2-2-1", "--graph", "L = x^2", "--set", "x=1"], stateDirectory: state)
    #expect(both.status == 64)
  }

  @Test("drill --plain serves graphs, grades each at its end, and records progress")
  func drill() throws {
    let state = try CommandRunner.temporaryDirectory()
    let listed = try CommandRunner.run(
      ["drill", "--list", "--count", "3", "--level", "2", "--seed", "8"], stateDirectory: state)
    let again = try CommandRunner.run(
      ["drill", "--list", "--count", "3", "--level", "2", "--seed", "8"], stateDirectory: state)
    #expect(listed.status == 0 && listed.stdout == again.stdout)
    let result = try CommandRunner.run(
      ["drill", "--plain", "--count", "2", "--level", "1", "--seed", "8"],
      input: String(repeating: "1\n", count: 40), stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Drill 1, level 1"))
    #expect(result.stdout.contains("Drill 2, level 1"))
    let progress = try String(contentsOfFile: state + "/progress.json", encoding: .utf8)
    #expect(progress.contains("drill-"))
    // Kept beside the progress, so replay (and review) find a drill by its id.
    let kept = try FileManager.default.contentsOfDirectory(atPath: state + "/generated")
    let id = try #require(kept.first).replacingOccurrences(of: ".yaml", with: "")
    let replay = try CommandRunner.run(["replay", "--plain", id], stateDirectory: state)
    #expect(replay.status == 0, "\(replay.stderr)")
  }
}
