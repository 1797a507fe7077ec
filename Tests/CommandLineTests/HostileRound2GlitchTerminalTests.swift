import Foundation
import TestSupport
import Testing

/// Issue 25, item 13's screen glitches in a real terminal (tmux), under both
/// `TERM=screen-256color` and `TERM=xterm-256color`.
@Suite("Hostile round 2: screen glitches in tmux", .serialized)
struct HostileRound2GlitchTerminalTests {
  /// The first column of the graph's window, from its scroll indicator.
  static func firstColumn(_ screen: String) -> Int? {
    guard let range = screen.range(of: "columns ") else { return nil }
    return Int(screen[range.upperBound...].prefix { $0.isNumber })
  }

  @Test(
    "13: the graph's scroll indicator stays beside a status; > after End never scrolls left",
    arguments: HostileRound2TerminalTests.terms)
  func graph(term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try HostileTerminalTests.session(["learn", "relu-1-2-2-1"], term: term, in: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    // A status long enough to reach the indicator's place at the right of its row.
    try tutor.type(":thisisnotacommandofthetutoratall")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("unknown command :thisisnotacommand"), "\(tutor.screen())")
    try tutor.keys("F2")
    #expect(tutor.waitFor("Graph:"), "\(tutor.screen())")
    #expect(
      tutor.waitFor("columns 1–80 of "), "indicator hidden by the status: \(tutor.screen())")
    #expect(tutor.screen().contains("unknown command :thisisnotacommand"))
    try tutor.keys("End")
    let deadline = Date().addingTimeInterval(10)
    var atEnd: Int?
    while Date() < deadline {
      atEnd = Self.firstColumn(tutor.screen())
      if let atEnd, atEnd > 1 { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let end = try #require(atEnd, "\(tutor.screen())")
    #expect(end > 1, "End shows the loss at the right: \(tutor.screen())")
    try tutor.type(">")
    // At the drawing's right end > has nothing to show: wait a while for a change.
    var after = end
    let settle = Date().addingTimeInterval(2)
    while Date() < settle, after == end {
      after = Self.firstColumn(tutor.screen()) ?? end
      Thread.sleep(forTimeInterval: 0.05)
    }
    #expect(after >= end, "> scrolled left: \(end) → \(after)\n\(tutor.screen())")
    try tutor.keys("C-c")
    #expect(tutor.afterExit() != nil)
  }

  @Test(
    "13: maxpool-conv step 1 shows I and K once at 80×24 and wraps its heading at 60×16",
    arguments: HostileRound2TerminalTests.terms)
  func receptiveField(term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try HostileTerminalTests.session(["learn", "maxpool-conv"], term: term, in: state)
    #expect(tutor.waitFor("the top-left 2×2 window of I."), "\(tutor.screen())")
    let screen = tutor.screen()
    #expect(screen.split(separator: "\n").filter { $0.contains("⎡") }.count == 1, "\(screen)")
    try tutor.tmux(["resize-window", "-x", "60", "-y", "16"])
    #expect(tutor.waitFor(" kernel):"), "\(tutor.screen())")
    try tutor.keys("C-c")
    #expect(tutor.afterExit() != nil)
  }

  @Test(
    "13: Ctrl-O before the lesson is complete, F5's message and the status left behind",
    arguments: HostileRound2TerminalTests.terms)
  func learnStatus(term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try HostileTerminalTests.session(["learn", "maxpool-conv"], term: term, in: state)
    #expect(tutor.waitFor("Step 1 ·"), "\(tutor.screen())")
    // Ctrl-O at step 1 of an unfinished lesson is refused, saying why.
    try tutor.keys("C-o")
    #expect(tutor.waitFor("another variant once the lesson is complete"), "\(tutor.screen())")
    // F5 names the lesson's last step by its title: maxpool-conv has no descent step.
    try tutor.keys("F5")
    #expect(tutor.waitFor("the last step"), "\(tutor.screen())")
    #expect(!tutor.screen().contains("gradient-descent step"), "\(tutor.screen())")
    // Esc to the menu: the lesson's status does not follow.
    try tutor.keys("Escape")
    #expect(tutor.waitFor("maxpool-conv"), "\(tutor.screen())")
    let menu = Date().addingTimeInterval(1)
    while Date() < menu { Thread.sleep(forTimeInterval: 0.05) }
    #expect(!tutor.screen().contains("the last step"), "\(tutor.screen())")
    try tutor.keys("C-c")
    #expect(tutor.afterExit() != nil)
  }
}
