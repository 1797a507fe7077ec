import ArgumentParser
import TutorCore

/// `bptutor` with no arguments: the full-screen tutor at the lesson menu.
struct MenuCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "menu",
    abstract: "Open the full-screen tutor at the lesson menu (the default).",
    discussion: """
      Keys: ↑/↓ or j/k choose, Enter learns, r replays, ? help, q quits. In a lesson
      Tab gives a hint, Ctrl-R reveals, Ctrl-N/Ctrl-P move between steps, F2 shows the
      graph, F3 explores. Set NO_COLOR to turn colour off. When standard input or output
      is not a terminal, the lesson list is printed instead.
      """)

  @OptionGroup var location: LessonsLocation
  @OptionGroup var state: StateOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    guard FullScreen.isInteractive else {
      var arguments = ["--state-dir", state.store.directory]
      if output.ascii { arguments.append("--ascii") }
      var list = try ListCommand.parse(arguments)
      list.location = location
      try list.run()
      return
    }
    try FullScreen.run(location: location, state: state, ascii: output.ascii)
  }
}
