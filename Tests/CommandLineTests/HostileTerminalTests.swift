import Foundation
import TestSupport
import Testing

/// Issue 15 in a real terminal (tmux): pastes, TERM that cannot run the full screen, and a
/// save that fails. Each case waits for what it expects with a deadline, so a hang fails.
@Suite("Hostile input: the full-screen tutor in tmux", .serialized)
struct HostileTerminalTests {
  /// `bptutor arguments…` in tmux with `TERM` set to `term` (nil: unset); afterwards the
  /// shell records the exit status and `stty -a` in the state folder's marker, and the pane
  /// stays open so what was printed after the full screen can be read.
  static func session(
    _ arguments: [String], term: String? = "xterm-256color", stateDirectory: String? = nil,
    in state: String
  ) throws -> TmuxSession {
    let lessons = CommandRunner.repository.appendingPathComponent("lessons").path
    let environment =
      "env " + (term.map { "TERM='\($0)' " } ?? "-u TERM ")
      + "LANG=C.UTF-8 LC_ALL=C.UTF-8 BPTUTOR_LESSONS='\(lessons)' "
    let command =
      ([CommandRunner.binary.path] + arguments + ["--state-dir", stateDirectory ?? state])
      .map { "'\($0)'" }.joined(separator: " ")
    let marker = state + "/after-exit.txt"
    return try TmuxSession(
      state: state,
      script: environment + command
        + "; echo \"status=$?\" > '\(marker)'; stty -a >> '\(marker)'; sleep 60")
  }

  /// The whole pane, scrollback included, wrapped lines joined.
  static func history(_ tutor: TmuxSession) -> String {
    (try? tutor.tmux(["capture-pane", "-p", "-J", "-S", "-500"])) ?? ""
  }

  // MARK: 6. Pastes

  @Test(
    "6: a 100 KB paste (bracketed or as keys) stops at 4,096 characters; the next key works",
    arguments: [true, false])
  func paste(bracketed: Bool) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try Self.session(["learn", "relu-1-2-2-1"], in: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    let text = state + "/paste.txt"
    try String(repeating: "1+", count: 50_000).write(
      toFile: text, atomically: true, encoding: .utf8)
    try tutor.tmux(["load-buffer", text])
    try tutor.tmux(["paste-buffer"] + (bracketed ? ["-p"] : []))
    let message = bracketed ? "The paste was cut off" : "The answer line is full"
    #expect(tutor.waitFor(message, seconds: 30), "\(tutor.screen())")
    #expect(tutor.screen().contains("at most 4096 characters"))
    // Responsive: Ctrl-U clears the line, and an answer is judged within seconds.
    try tutor.keys("C-u")
    try tutor.type("[3; -3]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("✓ correct", seconds: 10), "\(tutor.screen())")
    try tutor.keys("C-c")
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=0"))
  }

  // MARK: 16. TERM

  @Test(
    "16: TERM=dumb, unset or unknown: the menu prints the lesson list with a hint and exits 0",
    arguments: [
      ("dumb", "TERM=dumb cannot move the cursor"), (nil, "TERM is not set"),
      ("no-such-terminal", "TERM=no-such-terminal is unknown here"),
    ] as [(String?, String)])
  func dumbMenu(term: String?, problem: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try Self.session([], term: term, in: state)
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=0"), "\(after.prefix(20))")
    let screen = Self.history(tutor)
    #expect(screen.contains(problem), "\(screen)")
    #expect(screen.contains("use --plain") && screen.contains("or set TERM"), "\(screen)")
    #expect(screen.contains("relu-1-2-2-1"), "the lesson list: \(screen)")
    #expect(after.contains(" icanon") && after.contains(" echo"), "\(after)")
  }

  @Test(
    "16: learn or replay without --plain on a dumb or unknown terminal is a usage error naming --plain",
    arguments: [("learn", "dumb"), ("replay", "no-such-terminal")])
  func dumbLearn(command: String, term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try Self.session([command, "relu-1-2-2-1"], term: term, in: state)
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=64"), "\(after.prefix(20))")
    let screen = Self.history(tutor)
    #expect(screen.contains("use: bptutor \(command) relu-1-2-2-1 --plain"), "\(screen)")
  }

  // MARK: 9. A save that fails

  @Test(
    "9: full screen with a state path that is a file: the status line and the end say so, exit 1")
  func saveFails() throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    // Everything runs as root here, so permissions would not stop a save: a regular file
    // where the state folder should be does.
    let file = state + "/not-a-folder"
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    let tutor = try Self.session(["learn", "relu-1-2-2-1"], stateDirectory: file, in: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    try tutor.type("[3; -3]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("could not save progress"), "\(tutor.screen())")
    try tutor.keys("C-c")
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.hasPrefix("status=1\n"), "\(after.prefix(20))")
    #expect(tutor.waitFor("Progress was not saved."), "\(tutor.screen())")
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "x", "the file is left alone")
  }
}
