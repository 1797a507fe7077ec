import ArgumentParser

/// The `bptutor` command line: a terminal tutor for backpropagation.
@main
struct BPTutor: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bptutor",
    abstract: "A terminal tutor that teaches backpropagation by making you do the derivations.",
    discussion: """
      Every value in a lesson is computed live by bptutor's autodiff engine.
      Set-up is `swift run bptutor`; the test suite is `swift test`.
      """,
    version: BPTutor.version,
    subcommands: [
      MenuCommand.self, ListCommand.self, LearnCommand.self, ReplayCommand.self, ValuesCommand.self,
      AnswerCommand.self, CheckCommand.self, EvalCommand.self, RenderCommand.self,
    ],
    defaultSubcommand: MenuCommand.self
  )

  /// The version printed by `bptutor --version`.
  static let version = "0.1.0"
}
