import Foundation
import TestSupport
import Testing

/// Every plain command end to end, through the built binary.
@Suite("Plain commands, end to end")
struct PlainCommandTests {
  @Test("--help explains every command")
  func help() throws {
    let result = try CommandRunner.run(["--help"])
    #expect(result.status == 0)
    for command in ["list", "learn", "replay", "values", "answer", "check", "eval"] {
      #expect(result.stdout.contains("  \(command)"), "\(command) missing from --help")
    }
  }

  @Test("off a terminal: bptutor prints the lesson list; learn and replay ask for --plain")
  func notATerminal() throws {
    let state = try CommandRunner.temporaryDirectory()
    let menu = try CommandRunner.run([], stateDirectory: state)
    #expect(menu.status == 0)
    #expect(menu.stdout.contains("relu-1-2-2-1"))
    #expect(!menu.stdout.contains("\u{1B}["), "no escape sequences when not on a terminal")
    for command in ["learn", "replay"] {
      let result = try CommandRunner.run([command, "relu-1-2-2-1"], stateDirectory: state)
      #expect(result.status != 0)
      #expect(result.stderr.contains("bptutor \(command) relu-1-2-2-1 --plain"), "\(result.stderr)")
    }
  }

  @Test("list shows each lesson with its step count and progress")
  func list() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(["list"], stateDirectory: state)
    #expect(result.status == 0)
    let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("  relu-1-2-2-1") }
    #expect(line?.contains("18 steps") == true)
    #expect(line?.contains("new") == true)
    let json = try CommandRunner.run(["list", "--json"], stateDirectory: state)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    let relu = parsed?.first { $0["id"] as? String == "relu-1-2-2-1" }
    #expect(relu?["steps"] as? Int == 18)
    #expect(relu?["status"] as? String == "new")
  }

  @Test("values --json: nodes with shape, value and loss gradient; steps with expected answers")
  func values() throws {
    let result = try CommandRunner.run(["values", "relu-1-2-2-1", "--json"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let nodes = try #require(object["nodes"] as? [[String: Any]])
    let w3 = try #require(nodes.first { $0["name"] as? String == "W3" })
    #expect(w3["shape"] as? [Int] == [1, 2])
    #expect(w3["gradient"] as? [[Double]] == [[0, -18]])
    let x = try #require(nodes.first { $0["name"] as? String == "x" })
    #expect(x["shape"] as? [Int] == [])
    #expect(x["value"] as? Double == 3)
    let steps = try #require(object["steps"] as? [[String: Any]])
    let sgd = try #require(steps.first { $0["id"] as? String == "sgd" })
    #expect(sgd["kind"] as? String == "value")
    let expected = try #require(sgd["expected"] as? [String: Any])
    #expect(expected["shape"] as? [Int] == [2, 1])
    #expect(expected["value"] as? [[Double]] == [[1.18], [-1]])
  }

  @Test(
    "answer exits 0 correct, 1 wrong, 2 malformed, 64 unknown",
    arguments: [
      (["relu-1-2-2-1", "dJ-dW3", "[0, -18]"], Int32(0), "correct"),
      (["relu-1-2-2-1", "dJ-dW3", "[0, 18]"], 1, "a sign slipped in J"),
      (["relu-1-2-2-1", "dJ-dh3", "-5.9"], 1, "close"),
      (["relu-1-2-2-1", "dJ-dW3", "[0, -18"], 2, "expected `]`"),
      (["relu-1-2-2-1", "dJdW3", "1"], 64, "did you mean `dJ-dW3`?"),
      (["relu-1-2-2-2", "a1", "1"], 64, "did you mean `relu-1-2-2-1`?"),
    ])
  func answer(arguments: [String], status: Int32, text: String) throws {
    let result = try CommandRunner.run(["answer"] + arguments)
    #expect(result.status == status)
    #expect((result.stdout + result.stderr).contains(text), "\(result.stdout)\(result.stderr)")
  }

  @Test("answer --json and --set: the verdict follows the new givens")
  func answerWithSet() throws {
    // With x = 2: h3 = 2 and ∂J/∂h3 = −2(6 − 2) = −8.
    let result = try CommandRunner.run([
      "answer", "relu-1-2-2-1", "dJ-dh3", "-8", "--set", "x=2", "--json",
    ])
    #expect(result.status == 0)
    #expect(result.stdout.contains(#""verdict": "correct""#))
  }

  @Test("replay --plain prints every step with the engine's numbers")
  func replay() throws {
    let result = try CommandRunner.run(["replay", "relu-1-2-2-1", "--plain"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Step 18 of 18"))
    #expect(result.stdout.contains("[0, −18]"))  // math renders the minus as U+2212
    // The updated W⁽¹⁾ = [1.18; −1], a column, drawn in 2-D in the worked line.
    #expect(result.stdout.contains("⎡ 1.18 ⎤"))
    #expect(result.stdout.contains("⎣   −1 ⎦"))
  }

  @Test("learn --plain: a hint that opens with a drawn matrix keeps its columns (issue 22)")
  func hintMatrixColumns() throws {
    // batch-gradients' SGD step (10): its hint opens with ∂L/∂w, a column drawn in 2-D
    // once the steps before are revealed.
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["learn", "batch-gradients", "--plain"],
      input: String(repeating: "reveal\n", count: 9) + "hint\n", stateDirectory: state)
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n").map {
      $0.replacingOccurrences(of: "answer> ", with: "")
    }
    let top = try #require(lines.firstIndex { $0.hasPrefix("hint 1/1: ") })
    let bottom = try #require(lines[top...].firstIndex { $0.contains("⎣") })
    #expect(bottom == top + 1)
    let column = { (line: String, mark: Character) -> Int? in
      line.firstIndex(of: mark).map { line.distance(from: line.startIndex, to: $0) }
    }
    #expect(column(lines[top], "⎡") != nil)
    #expect(column(lines[top], "⎡") == column(lines[bottom], "⎣"), "\(lines[top...bottom])")
  }

  @Test("learn --plain: answers, hints, reveal; progress saved and resumed")
  func learn() throws {
    let state = try CommandRunner.temporaryDirectory()
    let first = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "hint\n[3; -3]\nreveal\n",
      stateDirectory: state)
    #expect(first.status == 0)
    #expect(first.stdout.contains("hint 1/2"))
    #expect(first.stdout.contains("correct"))
    #expect(first.stdout.contains("Progress saved."))
    let saved = try String(contentsOfFile: state + "/progress.json", encoding: .utf8)
    #expect(saved.contains("\"a1\""))
    #expect(saved.contains("\"h1\""))  // revealed
    let second = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "", stateDirectory: state)
    // a1 solved, h1 revealed: the lesson resumes at the first step neither solved nor revealed.
    #expect(second.stdout.contains("Resuming at step 3"))
    let list = try CommandRunner.run(["list"], stateDirectory: state)
    #expect(list.stdout.contains("1/18"))
  }

  @Test(
    "revealed is not solved: list says \"· 1 revealed\" and list --json counts reveals and hints")
  func revealedCounts() throws {
    let state = try CommandRunner.temporaryDirectory()
    // Step 1 with two hints, then revealed; typing its value afterwards keeps it revealed.
    _ = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "hint\nhint\nreveal\nprev\n[3; -3]\nquit\n",
      stateDirectory: state)
    let list = try CommandRunner.run(["list"], stateDirectory: state)
    let line = list.stdout.split(separator: "\n").first { $0.contains("relu-1-2-2-1") }
    #expect(line?.contains("0/18 · 1 revealed") == true, "\(list.stdout)")
    let json = try CommandRunner.run(["list", "--json"], stateDirectory: state)
    let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
    let relu = try #require(items?.first { $0["id"] as? String == "relu-1-2-2-1" })
    #expect(relu["solved"] as? Int == 0)
    #expect(relu["revealed"] as? Int == 1)
    #expect(relu["hints"] as? Int == 2)
  }

  @Test("a corrupt progress file is moved aside with a warning")
  func corruptProgress() throws {
    let state = try CommandRunner.temporaryDirectory()
    try "{ not json".write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(["list"], stateDirectory: state)
    #expect(result.status == 0)
    #expect(result.stderr.contains("moved to"))
    let files = try FileManager.default.contentsOfDirectory(atPath: state)
    #expect(files.contains { $0.hasPrefix("progress.json.corrupt-") })
  }

  @Test("check passes every lesson and fails a broken one with file:line:col")
  func check() throws {
    let clean = try CommandRunner.run(["check"])
    #expect(clean.status == 0, "\(clean.stdout)")
    #expect(clean.stdout.contains("0 errors"))
    let broken = CommandRunner.repository.appendingPathComponent(
      "Tests/TutorLessonsTests/BrokenLessons/cycle.yaml"
    ).path
    let result = try CommandRunner.run(["check", broken])
    #expect(result.status == 1)
    #expect(result.stdout.contains("cycle.yaml:16:10: error:"))
  }

  @Test("eval prints values, JSON, and errors with a caret")
  func eval() throws {
    let value = try CommandRunner.run([
      "eval", "grad(sum(relu(W @ x)), W)", "--set", "W=[1 -1; 2 0]", "--set", "x=[3; 1]",
    ])
    #expect(value.status == 0)
    #expect(value.stdout == "⎡ 3  1 ⎤\n⎣ 3  1 ⎦\n")
    let json = try CommandRunner.run(["eval", "-2*(6 - 3)", "--json"])
    #expect(json.stdout == "{\"shape\": [], \"value\": -6}\n")
    let error = try CommandRunner.run(["eval", "2 * (3 + )"])
    #expect(error.status == 1)
    #expect(error.stderr.contains("  2 * (3 + )\n           ^"))
  }
}

/// The read-ahead (the lesson file is loaded on another core while the command line is
/// parsed) only guesses: the command's own reading of its arguments decides.
@Suite("Reading the lesson ahead never changes the outcome")
struct LessonReadAheadTests {
  /// A lessons folder whose `relu-1-2-2-1` has the title `title`.
  private func folder(titled title: String) throws -> String {
    let directory = try CommandRunner.temporaryDirectory()
    let source = CommandRunner.repository.appendingPathComponent("lessons/relu-1-2-2-1.yaml")
    let text = try String(contentsOf: source, encoding: .utf8)
    let original = text.split(separator: "\n").first { $0.hasPrefix("title:") }!
    try text.replacingOccurrences(of: original, with: "title: \(title)")
      .write(toFile: directory + "/relu-1-2-2-1.yaml", atomically: true, encoding: .utf8)
    return directory
  }

  @Test("--lessons given twice: the last one wins, as ArgumentParser reads it")
  func lastFolderWins() throws {
    let first = try folder(titled: "From the first folder")
    let second = try folder(titled: "From the second folder")
    let result = try CommandRunner.run([
      "replay", "relu-1-2-2-1", "--plain", "--lessons", first, "--lessons", second,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("From the second folder"))
    #expect(!result.stdout.contains("From the first folder"))
  }

  @Test("--lessons=DIR and --lessons DIR before the command read the same file")
  func folderSpellings() throws {
    let directory = try folder(titled: "A folder of its own")
    for arguments in [
      ["replay", "relu-1-2-2-1", "--plain", "--lessons=\(directory)"],
      ["--lessons", directory, "replay", "relu-1-2-2-1", "--plain"],
      ["export", "relu-1-2-2-1", "--format", "markdown", "--lessons", directory],
    ] {
      let result = try CommandRunner.run(arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      #expect(result.stdout.contains("A folder of its own"), "\(arguments)")
    }
  }

  @Test("a misspelt id, a broken file and a refused option end as they would without it")
  func failuresUnchanged() throws {
    let misspelt = try CommandRunner.run(["replay", "relu-1-2-2", "--plain"])
    #expect(misspelt.status == 64)
    #expect(misspelt.stderr.contains("did you mean"))
    let broken = try CommandRunner.temporaryDirectory() + "/broken.yaml"
    try "version: 1\ntitle: [unclosed\n".write(toFile: broken, atomically: true, encoding: .utf8)
    let invalid = try CommandRunner.run(["replay", broken, "--plain"])
    #expect(invalid.status == 1)
    #expect(invalid.stderr.contains("broken.yaml:"))
    let refused = try CommandRunner.run(["replay", "relu-1-2-2-1", "--plain", "--bogus"])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("--bogus"))
  }
}
