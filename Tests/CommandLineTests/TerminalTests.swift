import Foundation
import TestSupport
import Testing

@Suite("The full-screen tutor in tmux", .serialized)
struct TerminalTests {
  static var tmuxAvailable: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
  }

  @Test("answer wrong then right, resize mid-answer, quit with Ctrl-C, resume next time")
  func session() throws {
    try #require(Self.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession(["learn", "relu-1-2-2-1"], state: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")

    try tutor.type("[3; 3]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("✗ incorrect"), "\(tutor.screen())")
    try tutor.type("[3; -3]")
    try tutor.keys("Enter")
    #expect(tutor.waitFor("✓ correct"), "\(tutor.screen())")

    // Resize in the middle of typing: the answer survives and the layout follows.
    try tutor.keys("C-n")
    #expect(tutor.waitFor("Step 2 · The first ReLU"))
    try tutor.type("[3; 0")
    try tutor.tmux(["resize-window", "-x", "100", "-y", "30"])
    #expect(tutor.waitFor("answer> [3; 0"), "\(tutor.screen())")
    try tutor.tmux(["resize-window", "-x", "50", "-y", "12"])
    #expect(tutor.waitFor("needs a terminal of at least 60×16"), "\(tutor.screen())")
    try tutor.tmux(["resize-window", "-x", "80", "-y", "24"])
    #expect(tutor.waitFor("answer> [3; 0"), "\(tutor.screen())")

    // Ctrl-C: the program exits 0 and the shell gets a cooked terminal back.
    try tutor.keys("C-c")
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=0"))
    #expect(after.contains(" icanon") && after.contains(" echo"), "\(after)")

    // Progress was saved after the first step: the next start resumes at step 2.
    let again = try TmuxSession(["learn", "relu-1-2-2-1"], state: state)
    #expect(again.waitFor("Step 2 · The first ReLU"), "\(again.screen())")
    #expect(again.waitFor("resumed at step 2"))
    try again.keys("Escape")
    #expect(again.waitFor("bptutor — backpropagation by hand"))
    try again.keys("q")
    #expect(again.afterExit()?.contains("status=0") == true)
  }

  @Test(
    "Esc and Ctrl-C arriving together (pressed at once, or over a slow link): both keys, so it quits"
  )
  func escapeThenControl() throws {
    try #require(Self.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession(["learn", "relu-1-2-2-1"], state: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    // One write: ESC and ETX reach the tutor within its wait for a sequence's next byte.
    try tutor.type("\u{1B}\u{03}")
    let after = try #require(tutor.afterExit(), "bptutor did not exit: \(tutor.screen())")
    #expect(after.contains("status=0"))
    #expect(after.contains(" icanon") && after.contains(" echo"), "\(after)")
  }

  @Test(
    "13: SIGINT, SIGTERM, SIGHUP, SIGQUIT and crashes restore the terminal; status 128 + signal",
    arguments: [
      ("INT", "status=130"), ("TERM", "status=143"), ("HUP", "status=129"),
      ("QUIT", "status=131"), ("SEGV", "status=139"), ("ABRT", "status=134"),
    ])
  func signals(signal: String, status: String) throws {
    try #require(Self.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession([], state: state)
    #expect(tutor.waitFor("bptutor — backpropagation by hand"), "\(tutor.screen())")
    let pid = try #require(try tutor.tutorPID(), "no bptutor process in the pane")
    let kill = Process()
    kill.executableURL = URL(fileURLWithPath: "/bin/kill")
    kill.arguments = ["-\(signal)", pid]
    try kill.run()
    kill.waitUntilExit()
    let after = try #require(tutor.afterExit(), "bptutor did not exit on SIG\(signal)")
    #expect(after.contains(status), "\(after.prefix(20))")
    #expect(after.contains(" icanon") && after.contains(" echo"), "\(after)")
  }

  @Test("earn every value: at step 1 the graph shows ? for h⁽¹⁾; revealed, a⁽¹⁾ appears")
  func graphConceals() throws {
    try #require(Self.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let tutor = try TmuxSession(["learn", "relu-1-2-2-1"], state: state)
    #expect(tutor.waitFor("Step 1 · The first pre-activation"), "\(tutor.screen())")
    try tutor.keys("F2")
    #expect(tutor.waitFor("relu(a1)"), "\(tutor.screen())")
    let graph = tutor.screen()
    #expect(graph.contains("h⁽¹⁾"))
    #expect(graph.contains("= ?"))
    #expect(!graph.contains("= [3; 0]"), "h⁽¹⁾ is not earned yet: \(graph)")
    #expect(!graph.contains("= [3; -3]"), "a⁽¹⁾ is not earned yet: \(graph)")
    try tutor.keys("Escape")
    #expect(tutor.waitFor("answer>"))
    try tutor.keys("C-r")
    #expect(tutor.waitFor("counts as revealed"), "\(tutor.screen())")
    try tutor.keys("F2")
    #expect(tutor.waitFor("= [3; -3]"), "\(tutor.screen())")
    try tutor.keys("C-c")
  }

  @Test("idle means blocked on input: no CPU time while nobody types")
  func idle() throws {
    try #require(Self.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let tutor = try TmuxSession([], state: try CommandRunner.temporaryDirectory())
    #expect(tutor.waitFor("bptutor — backpropagation by hand"), "\(tutor.screen())")
    let pid = try #require(try tutor.tutorPID(), "no bptutor process in the pane")
    // utime + stime, in clock ticks (1/100 s), fields 14 and 15 of /proc/PID/stat.
    func cpuTicks() throws -> Int {
      let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
      let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
      return Int(fields[11])! + Int(fields[12])!
    }
    let before = try cpuTicks()
    Thread.sleep(forTimeInterval: 1)  // measuring an interval, not waiting for the screen
    // A busy loop would use ~100 ticks a second; a blocked read uses none.
    #expect(try cpuTicks() - before <= 2)
    try tutor.keys("q")
    #expect(tutor.afterExit()?.contains("status=0") == true)
  }

  @Test("Ctrl-Z suspends to the shell; fg brings the screen back as it was")
  func suspendAndResume() throws {
    try #require(Self.tmuxAvailable, "tmux is needed (.ci/run installs it)")
    let state = try CommandRunner.temporaryDirectory()
    let shell = try TmuxSession.shell(state: state)
    try shell.type(TmuxSession.command(["learn", "relu-1-2-2-1"], state: state))
    try shell.keys("Enter")
    #expect(shell.waitFor("Step 1 · The first pre-activation"), "\(shell.screen())")
    try shell.type("[3; -3")
    try shell.keys("C-z")
    #expect(shell.waitFor("Stopped"), "\(shell.screen())")
    try shell.type("fg")
    try shell.keys("Enter")
    #expect(shell.waitFor("answer> [3; -3"), "\(shell.screen())")
    try shell.type("]")
    try shell.keys("Enter")
    #expect(shell.waitFor("✓ correct"), "\(shell.screen())")
  }
}
