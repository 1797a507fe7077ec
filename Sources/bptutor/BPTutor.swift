import ArgumentParser
import Foundation
import TerminalText
import TutorMath

/// The `bptutor` command line: a terminal tutor for backpropagation.
@main
struct BPTutor: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bptutor",
    abstract: "A terminal tutor that teaches backpropagation by making you do the derivations.",
    discussion: """
      Every value in a lesson is computed live by bptutor's autodiff engine. \
      Set-up is `swift run bptutor`; the test suite is `swift test`.
      """,
    version: BPTutor.version,
    subcommands: [
      MenuCommand.self, ListCommand.self, LearnCommand.self, ReplayCommand.self, ValuesCommand.self,
      AnswerCommand.self, CheckCommand.self, EvalCommand.self, RenderCommand.self,
      ExportCommand.self, ExamCommand.self, ReviewCommand.self, SkillsCommand.self,
      ResetCommand.self, TrainCommand.self, NewCommand.self, DrillCommand.self,
    ],
    defaultSubcommand: MenuCommand.self
  )

  /// Start-up: `bptutor replay X --plain` parses `ReplayCommand` alone instead of the
  /// whole tree of sixteen commands (about 2 ms of every run). Anything else — no
  /// subcommand, help, version, completion scripts, or arguments the command refuses —
  /// goes through the full parser, so its messages and usage lines are the usual ones.
  ///
  /// Each subcommand's configuration names `bptutor` as its `_superCommandName`, so a
  /// subcommand parsed alone is known not to be the root: ArgumentParser then skips its
  /// `--generate-completion-script` probe (two more reflective parses, half the cost of
  /// this one) and a usage line still reads `bptutor replay …`. Completion requests are
  /// sent to the full parser above, so nothing is lost.
  ///
  /// No subcommand name (nothing, or options only, as `bptutor --state-dir D`) is the
  /// menu, the default subcommand, parsed alone the same way: the full parser's
  /// completion-script probe and tree cost about 14 million instructions, a third of the
  /// menu's start-up.
  static func parseDirectly(_ arguments: [String]) -> ParsableCommand? {
    guard
      !arguments.contains(where: {
        $0.hasPrefix("-h") || $0.hasPrefix("--h") || $0 == "help"
          || ["--version", "--generate-completion-script", "--experimental-dump-help"].contains($0)
          || $0.hasPrefix("--generate-completion-script=")
      })
    else { return nil }
    guard let name = arguments.first, !name.hasPrefix("-") else {
      return try? MenuCommand.parse(arguments)
    }
    guard
      let type = configuration.subcommands.first(where: {
        $0.configuration.commandName == name
      })
    else { return nil }
    return try? type.parse(Array(arguments.dropFirst()))
  }

  /// The version printed by `bptutor --version`.
  static let version = "0.1.0"

  /// Runs the command line. Like ArgumentParser's own `main`, but help, usage and error
  /// messages go through the same ASCII fold as everything else under `--ascii` or a
  /// locale that is not UTF-8. `--state-dir`, `--lessons` and `--ascii` may come before
  /// the subcommand name (``movingGlobalOptions(_:)``).
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let style: MathStyle =
      arguments.contains("--ascii") || !TerminalStyle.localeIsUTF8 ? .ascii : .unicode
    do {
      let moved = try movingGlobalOptions(arguments)
      LessonPrefetch.start(for: moved)
      var command = try parseDirectly(moved) ?? parseAsRoot(moved)
      try command.run()
      LessonPrefetch.settle()
    } catch {
      LessonPrefetch.settle()
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if code == .success {
          Output.print(message, style: style)
        } else {
          printError(message, style: style)
        }
      }
      Foundation.exit(code.rawValue)
    }
  }
}
