import ArgumentParser

/// `--state-dir`, `--lessons` and `--ascii` before the subcommand name, as in
/// `bptutor --state-dir D learn X`: ArgumentParser only reads a subcommand's options after
/// its name, so ``BPTutor/main()`` first moves these from the front of the command line to
/// just after the name. Nothing else is reordered, and an option the subcommand does not
/// take is a usage error naming it (never silently dropped, never an expression to eval).
extension BPTutor {
  /// The options that may come before the subcommand; the first two take a value.
  static let globalOptions = (withValue: ["--state-dir", "--lessons"], flags: ["--ascii"])

  /// `arguments` (without the program name) with leading global options moved after the
  /// subcommand name; unchanged when there are none or no subcommand name follows them
  /// (then the default subcommand, the menu, reads them itself).
  static func movingGlobalOptions(_ arguments: [String]) throws -> [String] {
    var index = 0
    var leading: [(name: String, words: [String])] = []
    while index < arguments.count {
      let word = arguments[index]
      if globalOptions.flags.contains(word) {
        leading.append((word, [word]))
        index += 1
      } else if globalOptions.withValue.contains(word), index + 1 < arguments.count {
        leading.append((word, [word, arguments[index + 1]]))
        index += 2
      } else if let name = globalOptions.withValue.first(where: { word.hasPrefix($0 + "=") }) {
        leading.append((name, [word]))
        index += 1
      } else {
        break
      }
    }
    guard !leading.isEmpty, index < arguments.count,
      let command = subcommand(named: arguments[index])
    else { return arguments }
    let name = arguments[index]
    let help = command.helpMessage(columns: 10_000)
    for option in leading where !help.contains(option.name + " ") {
      throw ValidationError("\(option.name) does not apply to `bptutor \(name)`")
    }
    return [name] + leading.flatMap(\.words) + arguments[(index + 1)...]
  }

  /// The subcommand called `name` (or one of its aliases).
  private static func subcommand(named name: String) -> ParsableCommand.Type? {
    configuration.subcommands.first {
      $0.configuration.commandName == name || $0.configuration.aliases.contains(name)
    }
  }
}
