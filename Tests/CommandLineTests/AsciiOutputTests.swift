import Foundation
import TestSupport
import Testing

/// With `--ascii`, or a locale that is not UTF-8, every command prints pure ASCII:
/// one Unicode → ASCII table serves them all.
@Suite("ASCII output, end to end")
struct AsciiOutputTests {
  static let commands: [[String]] = [
    ["list"], ["list", "--json"], ["values", "relu-1-2-2-1"], ["values", "softmax-jacobian"],
    ["answer", "relu-1-2-2-1", "a1", "[3, -3]"], ["answer", "relu-1-2-2-1", "dJ-dW3", "[0, 18]"],
    ["answer", "relu-1-2-2-1", "a1", "[3, -3", "--json"],
    ["answer", "sigmoid-chain", "1", "2×3"], ["replay", "relu-1-2-2-1", "--plain"],
    ["replay", "softmax-jacobian", "--plain"], ["replay", "conv-3x3", "--plain"],
    ["eval", "softmax([1; 2; 3])"], ["eval", "1 +"], ["check"],
    ["render", "\\frac{\\partial J}{\\partial a^{(1)}} = \\sigma(x) \\cdot W^\\top"],
    ["--help"], ["learn", "--help"], ["eval", "--help"], ["nosuch-command"],
    ["export", "sigmoid-chain", "--format", "markdown"],
    ["export", "softmax-jacobian", "--format", "latex"],
  ]

  static func nonASCII(_ text: String) -> [String] {
    text.split(separator: "\n").filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }.map(String.init)
  }

  @Test("--ascii: stdout and stderr are ASCII for every command", arguments: commands)
  func asciiFlag(arguments: [String]) throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      arguments + ["--ascii"], environment: ["LC_ALL": "C.UTF-8"], stateDirectory: state)
    #expect(Self.nonASCII(result.stdout) == [], "\(arguments)")
    #expect(Self.nonASCII(result.stderr) == [], "\(arguments)")
  }

  @Test("a locale that is not UTF-8 gives the same pure ASCII", arguments: commands)
  func cLocale(arguments: [String]) throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      arguments, environment: ["LC_ALL": "C"], stateDirectory: state)
    #expect(Self.nonASCII(result.stdout) == [], "\(arguments)")
    #expect(Self.nonASCII(result.stderr) == [], "\(arguments)")
  }

  @Test("learn --plain --ascii: questions, hints, verdicts and the end are ASCII")
  func learnPlain() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain", "--ascii"],
      input: "hint\nhint\nhint\n[3; 0]\n[3; -3]\nreveal\nhelp\nbogus-word\n:bogus\nquit\n",
      stateDirectory: state)
    #expect(result.status == 0)
    #expect(Self.nonASCII(result.stdout) == [])
    #expect(result.stdout.contains("a^(1)"))
    #expect(result.stdout.contains("x incorrect"))
    #expect(result.stdout.contains("ok correct"))
  }
}

/// `answer --json` carries the suggestion for foreign notation.
@Suite("answer --json notes")
struct AnswerJSONNoteTests {
  @Test("a NumPy array gets its suggestion in error.note")
  func numpyNote() throws {
    let result = try CommandRunner.run(
      ["answer", "relu-1-2-2-1", "a1", "np.array([[3],[-3]])", "--json"])
    #expect(result.status == 2)
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let error = json?["error"] as? [String: Any]
    #expect((error?["note"] as? String)?.contains("[3; -3]") == true, "\(result.stdout)")
  }
}

/// `learn --plain` drives the same tutor session as the full-screen tutor.
@Suite("learn --plain commands")
struct PlainLearnCommandTests {
  @Test("next, prev and help move and explain; the end says how many steps are solved")
  func moves() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "next\nnext\nprev\nprev\nprev\nhelp\n:hint\n",
      stateDirectory: state)
    #expect(result.status == 0)
    let titles = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Step ") }
      .map { String($0.prefix(12)) }
    #expect(
      titles == ["Step 1 of 18", "Step 2 of 18", "Step 3 of 18", "Step 2 of 18", "Step 1 of 18"])
    #expect(result.stdout.contains("this is the first step"))
    for command in ["hint", "reveal", "next", "prev", "help", "quit"] {
      #expect(result.stdout.contains("  \(command) "), "help lists \(command)")
    }
    #expect(result.stdout.contains("hint 1/2"))
    #expect(result.stdout.contains("0 of 18 steps solved."))
    #expect(result.stdout.contains("Progress saved."))
  }

  @Test("an answer word that is a lesson name is an answer, not a command")
  func answersAreAnswers() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["learn", "relu-1-2-2-1", "--plain"], input: "x\n", stateDirectory: state)
    // Judged as an answer: the step asks for numbers, so the name is refused as such.
    #expect(result.stdout.contains("could not read that: type the numbers"), "\(result.stdout)")
  }
}
