import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Issue 25 through the built binary: what is accepted can be stored, a handout runs
/// nothing, messages and exit codes say what happened.
@Suite("Hostile round 2: commands")
struct HostileRound2CommandTests {
  static func run(
    _ arguments: [String], input: String = "", stateDirectory: String? = nil,
    seconds: Double = 30, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CommandRunner.Result {
    try HostileCommandTests.run(
      arguments, input: input, stateDirectory: stateDirectory, seconds: seconds,
      sourceLocation: sourceLocation)
  }

  // MARK: 1. Variants that cannot be stored

  @Test(
    "1: --variant of 10^15 or more is refused (usage) by learn, exam, values and answer",
    arguments: [
      ["learn", "sigmoid-chain", "--plain"], ["exam", "sigmoid-chain", "--plain"],
      ["values", "sigmoid-chain"],
    ])
  func hugeVariant(_ command: [String]) throws {
    // `values` keeps no progress.
    let state = command[0] == "values" ? nil : try CommandRunner.temporaryDirectory()
    for variant in ["1000000000000000", "9223372036854775807"] {
      let result = try Self.run(
        command + ["--variant", variant], input: "quit\n", stateDirectory: state)
      #expect(result.status == 64, "\(command) \(variant): \(result.stderr)")
      #expect(result.stderr.contains("--variant must be a whole number from 0 to 999999999999999"))
    }
    let largest = try Self.run(
      command + ["--variant", "999999999999999"], input: "quit\n", stateDirectory: state)
    #expect(largest.status == 0, "\(largest.stderr)")
  }
}

extension HostileRound2CommandTests {
  /// sigmoid-chain with `title` and `summary` replaced.
  static func lessonFile(title: String, summary: String) throws -> String {
    let source = try String(
      contentsOf: CommandRunner.repository.appendingPathComponent("lessons/sigmoid-chain.yaml"),
      encoding: .utf8)
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let summaryAt = try #require(lines.firstIndex { $0.hasPrefix("summary:") })
    let sourceAt = try #require(lines.firstIndex { $0.hasPrefix("source:") })
    lines.replaceSubrange(summaryAt..<sourceAt, with: ["summary: |", "  " + summary])
    lines[0...1] = ["version: 1", "title: |-", "  " + title]
    let path = try CommandRunner.temporaryDirectory() + "/hostile.yaml"
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  // MARK: 4, 5. Handouts run nothing

  @Test("4: export --format latex writes no \\input, \\write18, \\catcode, ^^ or \\end{document}")
  func latexExport() throws {
    let file = try Self.lessonFile(
      title: #"T $\input{/etc/passwd}$ \input{x}"#,
      summary: #"$\immediate\write18{id}$ $\catcode`\^^5c=12$ $\end{document}$ $\def\a{b}$"#)
    let result = try Self.run(["export", file, "--format", "latex"])
    #expect(result.status == 0, "\(result.stderr)")
    for bad in [
      "\\input", "\\write18", "\\immediate", "\\catcode", "^^", "\\def", "\\openout",
    ] {
      #expect(!result.stdout.contains(bad), "\(bad) in the handout")
    }
    #expect(result.stdout.components(separatedBy: "\\end{document}").count == 2)
  }

  @Test("5: export --format markdown writes no HTML, in the title either")
  func markdownExport() throws {
    let file = try Self.lessonFile(
      title: "<script>alert(1)</script>",
      summary: "<img src=x onerror=alert(1)> <iframe src=x> [a](javascript:alert(1)) $<b>$")
    let result = try Self.run(["export", file, "--format", "markdown"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stdout.contains("<"), "\(result.stdout.prefix(400))")
    #expect(!result.stdout.replacingOccurrences(of: "\\]", with: "").contains("]("))
    #expect(result.stdout.hasPrefix("# &lt;script&gt;alert(1)&lt;/script&gt;\n"))
  }

  // MARK: 6. --output

  @Test("6: --output writes a FIFO in place; it stays a FIFO")
  func outputFIFO() throws {
    let directory = try CommandRunner.temporaryDirectory()
    let fifo = directory + "/pipe"
    #expect(mkfifo(fifo, 0o600) == 0)
    let reader = Process()
    reader.executableURL = URL(fileURLWithPath: "/bin/cat")
    reader.arguments = [fifo]
    let pipe = Pipe()
    reader.standardOutput = pipe
    try reader.run()
    let result = try Self.run(
      ["export", "sigmoid-chain", "--format", "markdown", "--output", fifo], seconds: 30)
    let read = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    reader.waitUntilExit()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(read.hasPrefix("# Two sigmoids in a chain"))
    var status = stat()
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
  }

  @Test("6: --output /dev/null stays a device; a folder is refused; a replaced file is named")
  func outputKinds() throws {
    let null = try Self.run([
      "export", "sigmoid-chain", "--format", "latex", "--output", "/dev/null",
    ])
    #expect(null.status == 0, "\(null.stderr)")
    var status = stat()
    #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)

    let directory = try CommandRunner.temporaryDirectory()
    let folder = try Self.run(
      ["export", "sigmoid-chain", "--format", "latex", "--output", directory])
    #expect(folder.status == 1)
    #expect(folder.stderr.contains("cannot write \(directory): it is a folder"), "\(folder.stderr)")

    let file = directory + "/handout.md"
    let first = try Self.run(["export", "sigmoid-chain", "--format", "markdown", "--output", file])
    #expect(first.status == 0 && first.stderr.isEmpty, "\(first.stderr)")
    let link = directory + "/link.md"
    #expect(symlink(file, link) == 0)
    let second = try Self.run(["export", "sigmoid-chain", "--format", "latex", "--output", link])
    #expect(second.status == 0)
    #expect(second.stderr.contains("replaced \(link)"), "\(second.stderr)")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == file)
    #expect(
      (try String(contentsOfFile: file, encoding: .utf8)).hasPrefix("\\documentclass{article}"))
  }
}

extension HostileRound2CommandTests {
  // MARK: 9. Crashes

  @Test("9: review with a card due in 8×10^23 s says when, without trapping")
  func farDueCard() throws {
    let state = try CommandRunner.temporaryDirectory()
    try """
    {"version": 2, "lessons": {"sigmoid-chain": {"solved": ["forward-y"], "cards": {"forward-y":
      {"stability": 3, "difficulty": 5, "last": 0, "due": 8e23, "reviews": 3, "lapses": 0}}}}}
    """.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let result = try Self.run(["review", "--plain"], stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("(in more than a million years)"), "\(result.stdout)")
  }

  @Test("9: train on a lesson whose loss is near the largest double draws its chart")
  func trainHugeLoss() throws {
    let directory = try CommandRunner.temporaryDirectory()
    let file = directory + "/big.yaml"
    try """
    version: 1
    title: Big loss
    summary: A loss near the largest double.
    source: hostile test
    given:
      w: {value: 1.5}
      eta: {value: 2e-308}
    graph:
      L: w * 1e308
    loss: L
    train: {parameters: [w], rate: eta, steps: 5}
    steps:
      - id: s1
        title: The loss
        skills: [forward-matmul]
        text: Compute $L$.
        ask: L
        accept: numbers
        hints: [Multiply.]
        worked: $L = {L}$
    """.write(toFile: file, atomically: true, encoding: .utf8)
    for steps in ["1", "5"] {
      let result = try Self.run(["train", file, "--plain", "--steps", steps])
      #expect(result.status == 0, "\(result.stderr.suffix(300))")
      #expect(result.stdout.contains("loss 1.5e308 at step 0"), "\(result.stdout)")
    }
  }
}

extension HostileRound2CommandTests {
  // MARK: 8. Runaway work

  @Test("8: review --plain with 28,000 stale cards serves the good one and reads quit (20 s)")
  func staleCards() throws {
    let state = try CommandRunner.temporaryDirectory()
    let card = #"{"stability": 3, "difficulty": 5, "last": 0, "due": 1, "reviews": 1, "lapses": 0}"#
    let stale = (0..<28_000).map { #""gone-\#($0)": \#(card)"# }.joined(separator: ",")
    try """
    {"version": 2, "lessons": {"sigmoid-chain": {"solved": ["forward-y"],
      "cards": {"forward-y": \(card), \(stale)}}}}
    """.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let start = Date()
    let result = try Self.run(
      ["review", "--plain"], input: "quit\n", stateDirectory: state, seconds: 20)
    #expect(result.status == 0, "\(result.stderr.suffix(300))")
    #expect(result.stdout.contains("1 card due"), "\(result.stdout.prefix(300))")
    #expect(result.stdout.contains("Review 1/1 · sigmoid-chain"))
    #expect(
      result.stderr.components(separatedBy: "\n").filter {
        $0.contains("no step of a lesson here")
      }.count == 1,
      "one line for the stale cards")
    print("28,000 stale cards: \(Date().timeIntervalSince(start)) s")
  }

  @Test("8: stale cards (step or lesson gone) are removed from the progress, said once")
  func staleCardsRemoved() throws {
    let state = try CommandRunner.temporaryDirectory()
    let card = #"{"stability": 3, "difficulty": 5, "last": 0, "due": 1, "reviews": 1, "lapses": 0}"#
    try """
    {"version": 2, "lessons": {
      "sigmoid-chain": {"solved": ["forward-y"],
        "cards": {"forward-y": \(card), "gone-step": \(card)}},
      "gone-lesson": {"solved": ["a"], "cards": {"a": \(card), "b": \(card)}}}}
    """.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let first = try Self.run(["review", "--plain"], input: "quit\n", stateDirectory: state)
    #expect(first.status == 0, "\(first.stderr.suffix(300))")
    #expect(first.stdout.contains("1 card due."), "\(first.stdout.prefix(300))")
    #expect(
      first.stderr.contains(
        "warning: 1 card of sigmoid-chain names no step of a lesson here; removed from your "
          + "progress"), "\(first.stderr)")
    #expect(
      first.stderr.contains(
        "warning: 2 cards of gone-lesson name no step of a lesson here; removed from your "
          + "progress"), "\(first.stderr)")
    let saved = try String(contentsOfFile: state + "/progress.json", encoding: .utf8)
    #expect(!saved.contains("gone-step"))
    #expect(saved.contains("\"forward-y\""))
    #expect(saved.contains("gone-lesson"), "the lesson's other progress is kept")
    #expect(!saved.contains("\"b\" :") && !saved.contains("\"b\":"))
    // Once: the next review neither warns nor counts them.
    let second = try Self.run(["review", "--plain"], input: "quit\n", stateDirectory: state)
    #expect(!second.stderr.contains("no step of a lesson here"), "\(second.stderr)")
    #expect(second.stdout.contains("1 card due."))
  }

  @Test("8: the first save with a 60,000-event attempt log is not quadratic (20 s)")
  func longAttemptLog() throws {
    let state = try CommandRunner.temporaryDirectory()
    let events = (0..<60_000).map { index in
      #"{"step":"a","outcome":"right","variant":0,"time":\#(index)}"#
    }
    try
      (#"{"version": 2, "lessons": {"sigmoid-chain": {"solved": [], "attempts": ["#
      + events.joined(separator: ",") + "]}}}").write(
        toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let start = Date()
    let result = try Self.run(
      ["learn", "sigmoid-chain", "--plain"], input: "hint\nquit\n", stateDirectory: state,
      seconds: 20)
    #expect(result.status == 0, "\(result.stderr.suffix(300))")
    let saved = try String(contentsOfFile: state + "/progress.json", encoding: .utf8)
    let hasHints = saved.contains(#""hints""#)
    #expect(hasHints, "the hint was saved")
    print("60,000-event log: learn with one save in \(Date().timeIntervalSince(start)) s")
  }

  @Test("8: exam --plain and review --plain refuse a 20 MB line without echoing it (60 s)")
  func hugeAnswerLine() throws {
    let huge = String(repeating: "9", count: 20_000_000)
    let exam = try Self.run(
      ["exam", "sigmoid-chain", "--json", "--variant", "1"], input: huge + "\n",
      stateDirectory: try CommandRunner.temporaryDirectory(), seconds: 60)
    #expect(exam.status == 0, "\(exam.stderr.suffix(300))")
    #expect(exam.stdout.count < 100_000 && exam.stderr.count < 100_000)
    #expect(exam.stderr.contains("counts as skipped"))

    let state = try CommandRunner.temporaryDirectory()
    let card = #"{"stability": 3, "difficulty": 5, "last": 0, "due": 1, "reviews": 1, "lapses": 0}"#
    try """
    {"version": 2, "lessons": {"sigmoid-chain": {"solved": ["forward-y"],
      "cards": {"forward-y": \(card)}}}}
    """.write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let review = try Self.run(
      ["review", "--plain"], input: huge + "\nquit\n", stateDirectory: state, seconds: 60)
    #expect(review.status == 0)
    #expect(review.stdout.count < 100_000)
    #expect(review.stdout.contains("That line is over 4096 characters"))
  }
}

extension HostileRound2CommandTests {
  // MARK: 7. Long lines, many errors, cycles

  static var sigmoidChain: String {
    CommandRunner.repository.appendingPathComponent("lessons/sigmoid-chain.yaml").path
  }

  @Test("7: a 210 KB course line with 10,000 bad requires: a window of it, 100 errors (20 s)")
  func longCourseLine() throws {
    let folder = try CommandRunner.temporaryDirectory()
    #expect(symlink(Self.sigmoidChain, folder + "/sigmoid-chain.yaml") == 0)
    let ids = (0..<10_000).map { String(format: "nosuch-lesson-%05d", $0) }
    try """
    version: 1
    title: T
    sections:
      - title: S
        lessons:
          - id: sigmoid-chain
            requires: [\(ids.joined(separator: ", "))]

    """.write(toFile: folder + "/course.yaml", atomically: true, encoding: .utf8)
    let start = Date()
    let result = try Self.run(["check", folder + "/course.yaml"], seconds: 20)
    #expect(result.status == 1)
    let output = result.stdout + result.stderr
    #expect(output.utf8.count < 100_000, "\(output.utf8.count) bytes")
    #expect(output.contains("9900 more problems in this file not shown"))
    let quoted = output.split(separator: "\n").filter {
      $0.hasPrefix("  ") && $0.contains("nosuch")
    }
    #expect(quoted.allSatisfy { $0.count <= 110 })
    #expect(output.contains("\n  …-00001, nosuch-lesson-00002"), "a window around the column")
    print("10,000 requires: check in \(Date().timeIntervalSince(start)) s")
  }

  @Test("7: a 1,500-lesson cycle is reported once, abbreviated (20 s)")
  func cycleBomb() throws {
    let folder = try CommandRunner.temporaryDirectory()
    var course = "version: 1\ntitle: T\nsections:\n  - title: S\n    lessons:\n"
    for index in 0..<1_500 {
      #expect(symlink(Self.sigmoidChain, folder + "/l\(index).yaml") == 0)
      course += "      - id: l\(index)\n        requires: [l\((index + 1) % 1_500)]\n"
    }
    try course.write(toFile: folder + "/course.yaml", atomically: true, encoding: .utf8)
    let result = try Self.run(["check", folder + "/course.yaml"], seconds: 20)
    let output = result.stdout + result.stderr
    #expect(result.status == 1)
    #expect(output.components(separatedBy: "cycle in prerequisites").count == 2, "\(output)")
    #expect(output.contains("… 1491 more …"))
    #expect(output.utf8.count < 10_000)
  }

  @Test("7: a 36 KB train line: list stays fast, check shows 100 errors in windows (20 s)")
  func longTrainLine() throws {
    let folder = try CommandRunner.temporaryDirectory()
    let source = try String(contentsOfFile: Self.sigmoidChain, encoding: .utf8)
    let parameters = Array(repeating: "7", count: 12_000).joined(separator: ", ")
    let lesson = source.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasPrefix("train:") ? "train: {parameters: [\(parameters)], rate: 0.1, steps: 5}" : $0
    }.joined(separator: "\n")
    try lesson.write(toFile: folder + "/sigmoid-chain.yaml", atomically: true, encoding: .utf8)
    let start = Date()
    let list = try HostileCommandTests.run(
      ["list"], environment: ["BPTUTOR_LESSONS": folder], seconds: 20)
    #expect(list.stdout.contains("cannot be read"))
    let check = try Self.run(["check", folder + "/sigmoid-chain.yaml"], seconds: 20)
    let output = check.stdout + check.stderr
    #expect(check.status == 1)
    #expect(output.utf8.count < 100_000, "\(output.utf8.count) bytes")
    #expect(output.contains("more than 100 problems; the rest are not shown"))
    print("12,000-entry train line: list and check in \(Date().timeIntervalSince(start)) s")
  }

  // MARK: 11. BOM

  @Test("11: a lesson that starts with a UTF-8 byte order mark loads and checks")
  func byteOrderMark() throws {
    let folder = try CommandRunner.temporaryDirectory()
    let source = try String(contentsOfFile: Self.sigmoidChain, encoding: .utf8)
    try ("\u{FEFF}" + source).write(
      toFile: folder + "/sigmoid-chain.yaml", atomically: true, encoding: .utf8)
    let check = try Self.run(["check", folder + "/sigmoid-chain.yaml"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let learn = try Self.run(
      ["learn", folder + "/sigmoid-chain.yaml", "--plain"], input: "quit\n",
      stateDirectory: try CommandRunner.temporaryDirectory())
    #expect(learn.status == 0, "\(learn.stderr)")
    #expect(learn.stdout.contains("Two sigmoids in a chain"))
  }
}

extension HostileRound2CommandTests {
  // MARK: 12. Messages and exit codes

  @Test("12: train --steps -1 and --rate -1 say what is wrong (64), not \"Missing value\"")
  func negativeSteps() throws {
    let steps = try Self.run(["train", "relu-1-2-2-1", "--steps", "-1"])
    #expect(steps.status == 64)
    #expect(steps.stderr.contains("--steps must be 1 to"), "\(steps.stderr)")
    #expect(!steps.stderr.contains("Missing value"))
  }

  @Test("12: a malformed --set is a usage error (64) in eval as elsewhere; a refused one too")
  func setCodes() throws {
    let eval = try Self.run(["eval", "--set", "foo", "x"])
    #expect(eval.status == 64, "\(eval.stderr)")
    #expect(eval.stderr.contains("Usage: bptutor eval"), "\(eval.stderr)")
    let values = try Self.run(["values", "relu-1-2-2-1", "--set", "foo"])
    #expect(values.status == 64)
    let refused = try Self.run(["answer", "relu-1-2-2-1", "a1", "[3; -3]", "--set", "nosuch=1"])
    #expect(refused.status == 64, "\(refused.stderr)")
    #expect(refused.stderr.contains("`nosuch` is not a given"))
    let wrong = try Self.run(["answer", "relu-1-2-2-1", "a1", "[3; 3]"])
    #expect(wrong.status == 1, "a wrong answer keeps its code")
  }

  @Test("12: reset of a lesson without progress says so and exits 64")
  func resetUnknown() throws {
    let state = try CommandRunner.temporaryDirectory()
    _ = try Self.run(
      ["learn", "sigmoid-chain", "--plain"], input: "hint\nquit\n", stateDirectory: state)
    let result = try Self.run(["reset", "sigmoid-chian", "--yes"], stateDirectory: state)
    #expect(result.status == 64)
    #expect(!result.stdout.contains("Forgot"))
    #expect(result.stderr.contains("there is no progress in `sigmoid-chian`"), "\(result.stderr)")
    #expect(result.stderr.contains("sigmoid-chain"), "a suggestion")
    let real = try Self.run(["reset", "sigmoid-chain", "--yes"], stateDirectory: state)
    #expect(real.status == 0)
    #expect(real.stdout.contains("Forgot your progress in sigmoid-chain."))
  }

  @Test("12: DEL in a JSON string is the escape \\u007f")
  func deleteInJSON() throws {
    let result = try Self.run(
      ["exam", "sigmoid-chain", "--json", "--variant", "1"], input: "3\u{7F}\n",
      stateDirectory: try CommandRunner.temporaryDirectory())
    #expect(result.status == 0, "\(result.stderr)")
    // An answer with DEL cannot be read: it is shown with its caret (on standard error
    // under --json) and not counted; no raw DEL reaches the JSON.
    #expect(result.stderr.contains("U+007F"), "\(result.stderr)")
    #expect(!result.stdout.contains("\u{7F}"))
    #expect(result.stdout.contains(#""verdict": "skipped""#), "\(result.stdout)")
  }
}

extension HostileRound2CommandTests {
  @Test("12: a state folder that cannot be written warns once per run, not once per save")
  func warnOnce() throws {
    let folder = try CommandRunner.temporaryDirectory()
    try "not a folder".write(toFile: folder + "/state", atomically: true, encoding: .utf8)
    let result = try Self.run(
      ["learn", "sigmoid-chain", "--plain"], input: "hint\nhint\nreveal\nnext\nhint\nquit\n",
      stateDirectory: folder + "/state")
    let warnings = result.stderr.components(separatedBy: "could not save progress").count - 1
    #expect(warnings == 1, "\(result.stderr)")
  }

  // MARK: 13. Glitches outside the screen

  @Test("13: plain skills draws ten blocks at 100% (a skill known at 0.996)")
  func skillsBar() throws {
    let state = try CommandRunner.temporaryDirectory()
    try
      #"{"version": 2, "lessons": {}, "skills": {"forward-matmul": {"known": 0.996, "observations": 9, "updated": 1}}}"#
      .write(toFile: state + "/progress.json", atomically: true, encoding: .utf8)
    let result = try Self.run(["skills"], stateDirectory: state)
    let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("forward-matmul") } ?? ""
    #expect(line.contains("██████████ 100%"), "\(line)")
  }
}

extension HostileRound2CommandTests {
  @Test("12: refusing --set of a fixed given names its place in the lesson file (64)")
  func fixedGivenPosition() throws {
    let result = try Self.run(["values", "conv-3x3", "--set", "n=6"])
    #expect(result.status == 64, "\(result.stderr)")
    #expect(
      result.stderr.contains("conv-3x3.yaml:24:3: error: n is fixed in this lesson"),
      "\(result.stderr)")
  }
}

extension HostileRound2CommandTests {
  @Test("12: an infinite gradient in values --json is \"Infinity\", not null")
  func infiniteGradient() throws {
    let folder = try CommandRunner.temporaryDirectory()
    try """
    version: 1
    title: Infinite slope
    summary: The square root at zero.
    source: hostile test
    given:
      w: {value: 0}
    graph:
      L: sqrt(w)
    loss: L
    steps:
      - id: s1
        title: The loss
        skills: [forward-matmul]
        text: Compute $L$.
        ask: L
        accept: numbers
        hints: [Take the root.]
        worked: $L = {L}$
    """.write(toFile: folder + "/inf.yaml", atomically: true, encoding: .utf8)
    let result = try Self.run(["values", folder + "/inf.yaml", "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        #""name": "w", "kind": "given", "shape": [], "value": 0, "gradient": "Infinity""#),
      "\(result.stdout)")
    #expect(!result.stdout.contains("null"))
  }
}

extension HostileRound2CommandTests {
  @Test("8: values on a 1000×1000 matrix summarises it in plain text (20 s)")
  func valuesHugeMatrix() throws {
    let folder = try CommandRunner.temporaryDirectory()
    try """
    version: 1
    title: Big matrix
    summary: A million entries.
    source: hostile test
    given:
      A:
        value: ones(1000, 1000)
    graph:
      B: A * 2
      L: sum(B)
    loss: L
    steps:
      - id: s1
        title: The matrix
        skills: [forward-matmul]
        text: Compute $B$.
        ask: B
        accept: numbers
        hints: [Double it.]
        worked: $B = 2A$
    """.write(toFile: folder + "/big.yaml", atomically: true, encoding: .utf8)
    let start = Date()
    let result = try Self.run(["values", folder + "/big.yaml"], seconds: 20)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.utf8.count < 10_000, "\(result.stdout.utf8.count) bytes")
    #expect(
      result.stdout.contains("B = (1000×1000, 1000000 entries from 2 to 2; --json prints them all)")
    )
    #expect(result.stdout.contains("L = 2000000"))
    print("1000×1000 values: \(Date().timeIntervalSince(start)) s")
  }
}

extension HostileRound2CommandTests {
  @Test("12: a bad embedding id is reported where it fails, without a follow-on shape error")
  func embeddingFollowOn() throws {
    // The lesson fixes its ids (its prose names the repeated row), so the bad id is
    // written into a copy of the file.
    let source = try String(
      contentsOf: CommandRunner.repository.appendingPathComponent("lessons/embedding.yaml"),
      encoding: .utf8)
    let path = try CommandRunner.temporaryDirectory() + "/embedding.yaml"
    try source.replacingOccurrences(of: "'[2; 4; 2]'", with: "'[2; 9; 2]'")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let result = try Self.run(["values", path])
    #expect(result.status != 0, "\(result.stderr)")
    #expect(result.stderr.contains("label 9 (entry 2) is not a class from 1 to 4"))
    #expect(!result.stderr.contains("shape mismatch"), "\(result.stderr)")
  }
}

extension HostileRound2CommandTests {
  @Test(
    "13: help texts at 80 columns wrap between words, not mid-sentence after a short line",
    arguments: ["values", "learn", "exam", "export", "review", "train", "skills", "check"])
  func helpWraps(_ command: String) throws {
    for arguments in [[command, "--help"], ["help", command]] {
      let result = try Self.run(arguments)
      let text = result.stdout.components(separatedBy: "\nUSAGE:").first ?? ""
      for paragraph in text.components(separatedBy: "\n\n").dropFirst() {
        let lines = paragraph.split(separator: "\n").filter { !$0.hasPrefix("  ") }
        for line in lines.dropLast() where !line.hasSuffix(":") {
          #expect(line.count >= 55, "\(arguments): a short line in the middle: `\(line)`")
        }
      }
    }
  }
}
