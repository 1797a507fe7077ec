import Foundation
import TestSupport
import Testing

/// Issue 25, item 10, in a real terminal (tmux) under both `TERM=screen-256color` and
/// `TERM=xterm-256color`: every CSI/SS3 sequence is read to its final byte, the common
/// keys are mapped whatever the terminal description says, the rest is ignored, and the
/// ESC of a sequence is never the Esc key.
@Suite("Hostile round 2: terminal keys in tmux", .serialized)
struct HostileRound2TerminalTests {
  static let terms = ["screen-256color", "xterm-256color"]

  /// Sends `sequence` (with `\e` for ESC) as raw bytes.
  static func send(_ tutor: TmuxSession, _ sequence: String) throws {
    let bytes = Array(sequence.replacingOccurrences(of: "\\e", with: "\u{1B}").utf8)
    try tutor.tmux(["send-keys", "-H"] + bytes.map { String(format: "%02x", $0) })
  }

  static let home = ["\\e[1~", "\\e[7~", "\\e[H", "\\eOH", "\\e[1;5H", "\\e[1;2H"]
  static let end = ["\\e[4~", "\\e[8~", "\\e[F", "\\eOF", "\\e[1;5F"]
  static let ignored = [
    "\\e[1;5D", "\\e[1;2C", "\\e[1;3A", "\\e[1;5B",  // modified arrows
    "\\e[25~", "\\e[34~", "\\e[1;2P", "\\e[15;5~",  // F13, F20, Shift-F1, Ctrl-F5
    "\\e[<0;10;5M", "\\e[<0;10;5m", "\\e[<64;3;4M", "\\e[32;10;5M", "\\e[M !!",  // mice
    "\\e[I", "\\e[O",  // focus
    "\\e[?1;2c", "\\e[12;40R", "\\e[>41;351;0c", "\\e[?2004;1$y",  // replies
    "\\e]11;rgb:0000/0000/0000\u{07}", "\\eP1$r0m\\e\\",  // OSC, DCS
    "\\e[97;3u", "\\e[27;3;120~",  // Alt+a (kitty), Alt+x (modifyOtherKeys)
  ]

  @Test(
    "10: Home, End, modified arrows, F13+, mice, focus and replies keep the answer",
    arguments: terms)
  func learnKeys(term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try HostileTerminalTests.session(["learn", "relu-1-2-2-1"], term: term, in: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    try tutor.type("3; -3]")
    for sequence in Self.home { try Self.send(tutor, sequence) }
    try tutor.type("[")  // at the start of the line
    for sequence in Self.end + Self.ignored { try Self.send(tutor, sequence) }
    try Self.send(tutor, "\\e[F")
    // kitty CSI-u and modifyOtherKeys text keys type their characters.
    try Self.send(tutor, "\\e[32u\\e[27;1;32~")
    try tutor.keys("BSpace", "BSpace")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("✓ correct", seconds: 10), "\(tutor.screen())")
    #expect(!tutor.screen().contains("!!"))
    try tutor.keys("C-c")
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=0"))
  }

  @Test("10: a bracketed-paste marker split across reads is still a paste", arguments: terms)
  func splitPaste(term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try HostileTerminalTests.session(["learn", "relu-1-2-2-1"], term: term, in: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    try Self.send(tutor, "\\e[20")
    Thread.sleep(forTimeInterval: 0.15)  // the marker's second half comes in a later read
    try Self.send(tutor, "0~[3; -3]\\e[20")
    Thread.sleep(forTimeInterval: 0.15)
    try Self.send(tutor, "1~")
    #expect(tutor.waitFor("[3; -3]"), "\(tutor.screen())")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("✓ correct", seconds: 10), "\(tutor.screen())")
    try tutor.keys("C-c")
    #expect(tutor.afterExit() != nil)
  }

  @Test("10: End in the menu and in an exam neither quits nor abandons", arguments: terms)
  func menuAndExam(term: String) throws {
    try #require(TerminalTests.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let exam = try HostileTerminalTests.session(
      ["exam", "relu-1-2-2-1", "--variant", "1"], term: term, in: state)
    #expect(exam.waitFor("Exam"), "\(exam.screen())")
    let before = exam.screen()
    for sequence in Self.end + Self.home { try Self.send(exam, sequence) }
    try exam.type("7")
    #expect(exam.waitFor("7"))
    #expect(!exam.screen().contains("nothing was saved"), "\(exam.screen())")
    #expect(exam.screen().split(separator: "\n").first == before.split(separator: "\n").first)
    try exam.keys("C-c")
    #expect(exam.afterExit() != nil)

    let menuState = try CommandRunner.temporaryDirectory()
    let menu = try HostileTerminalTests.session([], term: term, in: menuState)
    #expect(menu.waitFor("relu-1-2-2-1"), "\(menu.screen())")
    for sequence in Self.end + Self.home + Self.ignored { try Self.send(menu, sequence) }
    try menu.type("?")
    #expect(menu.waitFor("Help") || menu.waitFor("help"), "\(menu.screen())")
    let marker = try? String(contentsOfFile: menuState + "/after-exit.txt", encoding: .utf8)
    #expect(marker == nil, "the menu quit: \(marker ?? "")")
    try menu.keys("C-c")
    #expect(menu.afterExit() != nil)
  }
}
