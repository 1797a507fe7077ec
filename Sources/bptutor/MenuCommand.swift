import ArgumentParser
import TutorCore

/// `bptutor` with no arguments: the full-screen tutor at the lesson menu.
struct MenuCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "menu", _superCommandName: "bptutor",
    abstract: "Open the full-screen tutor at the lesson menu (the default).",
    discussion: """
      Keys: ↑/↓ or j/k choose, Enter learns, r replays, ? help, q quits. In a lesson \
      Tab gives a hint, Ctrl-R reveals, Ctrl-N/Ctrl-P move between steps, F2 shows the \
      graph, F3 explores. Set NO_COLOR to turn colour off. When standard input or output \
      is not a terminal, or TERM is unset, unknown or cannot move the cursor (TERM=dumb), \
      the lesson list is printed instead.
      """)

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    guard FullScreen.isInteractive else { return try printList() }
    if let problem = FullScreen.terminalProblem {
      printError(
        "bptutor: \(problem), so the full-screen tutor cannot start; here is the lesson list "
          + "instead. To learn, \(FullScreen.terminalHint).", style: output.style)
      return try printList()
    }
    try FullScreen.run(location: location, state: state, ascii: output.ascii)
  }

  /// `bptutor list` with the same options.
  private func printList() throws {
    var arguments = ["--state-dir", state.store.directory]
    if output.ascii { arguments.append("--ascii") }
    var list = try ListCommand.parse(arguments)
    list.location = location
    try list.run()
  }
}
