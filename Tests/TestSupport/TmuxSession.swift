import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The full-screen tutor end to end: the real binary in tmux at a fixed size, keys sent,
/// the screen polled with a deadline (never a fixed sleep).
public final class TmuxSession {
  public let socket = "bptutor-test-\(UUID().uuidString.prefix(8))"
  public let state: String
  public let marker: String

  /// Starts `bptutor arguments…` in a detached 80×24 session; after it exits, the shell
  /// records the terminal modes and the exit status in `marker`.
  public convenience init(
    _ arguments: [String], state: String, term: String = "xterm-256color"
  ) throws {
    let marker = state + "/after-exit.txt"
    try self.init(
      state: state,
      script: Self.environment(term: term) + Self.command(arguments, state: state)
        + "; echo \"status=$?\" > '\(marker)'; stty -a >> '\(marker)'")
  }

  /// An interactive bash (with job control, for Ctrl-Z and `fg`) in the same environment;
  /// `command(_:state:)` is what to type into it.
  public static func shell(state: String, term: String = "xterm-256color") throws -> TmuxSession {
    try TmuxSession(state: state, script: environment(term: term) + "bash --norc --noprofile -i")
  }

  /// Runs `script` (a shell command line) in a detached 80×24 session; `state` holds the
  /// marker file.
  public init(state: String, script: String) throws {
    self.state = state
    marker = state + "/after-exit.txt"
    try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "sh", "-c", script])
  }

  /// The `env …` prefix of every command: UTF-8, `TERM` (users set `xterm-256color` inside
  /// tmux, where `screen-256color` is right: test both), this checkout's lessons.
  public static func environment(term: String = "xterm-256color") -> String {
    let lessons = CommandRunner.lessons.path
    return "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=\(term) BPTUTOR_LESSONS='\(lessons)' "
  }

  /// The environment with `TERM=xterm-256color`.
  public static var environment: String { environment() }

  /// `bptutor arguments… --state-dir state`, quoted for a shell.
  public static func command(_ arguments: [String], state: String) -> String {
    ([CommandRunner.binary.path] + arguments + ["--state-dir", state])
      .map { "'\($0)'" }.joined(separator: " ")
  }

  /// The pid of the bptutor process running in the pane (a child of the pane's shell).
  public func tutorPID() throws -> String? {
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
  public func tmux(_ arguments: [String]) throws -> String {
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

  public func screen() -> String { (try? tmux(["capture-pane", "-p"])) ?? "" }

  public func keys(_ keys: String...) throws { try tmux(["send-keys"] + keys) }
  public func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

  /// Waits up to `seconds` for `text` on screen; returns whether it appeared.
  @discardableResult
  public func waitFor(_ text: String, seconds: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if screen().contains(text) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// Waits for the program to exit; returns what the shell recorded afterwards.
  public func afterExit(seconds: Double = 10) -> String? {
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
