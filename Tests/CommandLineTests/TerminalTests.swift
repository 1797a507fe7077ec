import Foundation
import Testing

/// The full-screen tutor end to end: the real binary in tmux at a fixed size, keys sent,
/// the screen polled with a deadline (never a fixed sleep).
final class TmuxSession {
  let socket = "bptutor-test-\(UUID().uuidString.prefix(8))"
  let state: String
  let marker: String

  /// Starts `bptutor arguments…` in a detached 80×24 session; after it exits, the shell
  /// records the terminal modes and the exit status in `marker`.
  convenience init(_ arguments: [String], state: String) throws {
    let marker = state + "/after-exit.txt"
    try self.init(
      state: state,
      script: Self.environment + Self.command(arguments, state: state)
        + "; echo \"status=$?\" > '\(marker)'; stty -a >> '\(marker)'")
  }

  /// An interactive bash (with job control, for Ctrl-Z and `fg`) in the same environment;
  /// `command(_:state:)` is what to type into it.
  static func shell(state: String) throws -> TmuxSession {
    try TmuxSession(state: state, script: environment + "bash --norc --noprofile -i")
  }

  /// Runs `script` (a shell command line) in a detached 80×24 session; `state` holds the
  /// marker file.
  init(state: String, script: String) throws {
    self.state = state
    marker = state + "/after-exit.txt"
    try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "sh", "-c", script])
  }

  static var environment: String {
    let lessons = CommandRunner.repository.appendingPathComponent("lessons").path
    return "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color BPTUTOR_LESSONS='\(lessons)' "
  }

  /// `bptutor arguments… --state-dir state`, quoted for a shell.
  static func command(_ arguments: [String], state: String) -> String {
    ([CommandRunner.binary.path] + arguments + ["--state-dir", state])
      .map { "'\($0)'" }.joined(separator: " ")
  }

  /// The pid of the bptutor process running in the pane (a child of the pane's shell).
  func tutorPID() throws -> String? {
    let pane = try tmux(["display-message", "-p", "#{pane_pid}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let listing = try String(contentsOfFile: "/proc/\(pane)/task/\(pane)/children", encoding: .utf8)
    return listing.split(separator: " ").map(String.init).first {
      (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8))?.hasPrefix("bptutor")
        == true
    }
  }

  deinit {
    _ = try? tmux(["kill-server"])
  }

  /// Runs `tmux -L socket arguments…` and returns its standard output.
  ///
  /// Spawned with `posix_spawn` and reaped with `waitpid` rather than `Process`: the tmux
  /// server is forked from the first client and inherits its descriptors, including the
  /// socket `Process` watches for the child's exit and any output pipe, so `Process` would
  /// wait forever. Output goes to a file, which has no such end to wait for.
  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    let outputPath = NSTemporaryDirectory() + "tmux-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ["tmux", "-L", socket] + arguments
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, "tmux", &actions, nil, &cArguments, environ)
    guard spawned == 0 else {
      throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot run tmux"])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let data = FileManager.default.contents(atPath: outputPath) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  func screen() -> String { (try? tmux(["capture-pane", "-p"])) ?? "" }

  func keys(_ keys: String...) throws { try tmux(["send-keys"] + keys) }
  func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

  /// Waits up to `seconds` for `text` on screen; returns whether it appeared.
  @discardableResult
  func waitFor(_ text: String, seconds: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if screen().contains(text) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// Waits for the program to exit; returns what the shell recorded afterwards.
  func afterExit(seconds: Double = 10) -> String? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: marker, encoding: .utf8), text.contains("speed") {
        return text
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }
}

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
