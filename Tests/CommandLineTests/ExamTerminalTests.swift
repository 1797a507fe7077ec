import Foundation
import TestSupport
import Testing

/// Issue 21, must-hold 5, in a real terminal (tmux), under both `TERM`s users have there:
/// an unreadable answer comes back with its caret and is asked again; Esc, a key that
/// arrives alone after a delay, asks before the answers are discarded.
@Suite("The exam in tmux", .serialized)
struct ExamTerminalTests {
  @Test(
    "an unreadable answer is asked again; Esc asks before discarding",
    arguments: ["screen-256color", "xterm-256color"])
  func exam(term: String) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"),
      "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession(
      ["exam", "relu-1-2-2-1", "--variant", "0"], state: state, term: term)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    try tutor.type("[1 2; 3")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("could not read that"), "\(tutor.screen())")
    #expect(tutor.waitFor("not counted"), "\(tutor.screen())")
    #expect(tutor.screen().contains("Step 1 ·"), "still step 1")
    for _ in 0..<7 { try tutor.keys("BSpace") }
    try tutor.type("[3; -3]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("Step 2 ·"), "\(tutor.screen())")
    #expect(!tutor.screen().contains("could not read that"))
    try tutor.keys("Escape")
    #expect(tutor.waitFor("leave the exam? 1 answer will be discarded"), "\(tutor.screen())")
    try tutor.keys("n")
    #expect(tutor.waitFor("exam: no feedback until the end"), "\(tutor.screen())")
    #expect(tutor.screen().contains("Step 2 ·"))
    try tutor.keys("Escape")
    #expect(tutor.waitFor("leave the exam?"), "\(tutor.screen())")
    try tutor.keys("y")
    #expect(tutor.waitFor("answers were discarded"), "\(tutor.screen())")
    #expect(tutor.waitFor("bptutor — backpropagation by hand"), "\(tutor.screen())")
    try tutor.keys("q")
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=0"))
  }
}
