import TutorMath

/// A command typed instead of an answer: `:hint` in the full-screen tutor, `hint` at
/// the `learn --plain` prompt. One vocabulary for both front ends.
public enum SessionCommand: Equatable, Sendable {
  case hint, reveal, next, previous, help, quit
  /// Full-screen only: the graph (F2), the known values (F4), the loss curve (F5).
  case graph, values, curve, menu, variant
  /// Another variant never done, every value earned again (Ctrl-O).
  case another
  /// `:set x = 2` (full-screen only; empty opens explore).
  case set(String)

  /// The commands and what they do, for help and errors.
  public static let descriptions: [(name: String, summary: String)] = [
    ("hint", "the next hint"), ("reveal", "the worked line (counts as revealed, not solved)"),
    ("next", "the next step (also: skip)"), ("prev", "the previous step"),
    ("help", "this list"), ("quit", "save and stop"),
  ]

  /// Reads `text` (without the leading `:`). Returns nil for an unknown word, with a
  /// "did you mean" suggestion in `suggestion`.
  public static func parse(_ text: String) -> Result<SessionCommand, UnknownCommand> {
    let words = text.trimmingWhitespace().split(separator: " ", maxSplits: 1).map(String.init)
    let name = words.first?.lowercased() ?? ""
    let argument = words.count > 1 ? words[1] : ""
    switch name {
    case "hint", "h": return .success(.hint)
    case "reveal": return .success(.reveal)
    case "next", "n", "skip": return .success(.next)
    case "prev", "previous", "p": return .success(.previous)
    case "help", "?": return .success(.help)
    case "quit", "q": return .success(.quit)
    case "graph", "g": return .success(.graph)
    case "values": return .success(.values)
    case "curve": return .success(.curve)
    case "menu": return .success(.menu)
    case "variant": return .success(.variant)
    case "another": return .success(.another)
    case "set": return .success(.set(argument))
    default:
      let known = [
        "hint", "reveal", "next", "skip", "prev", "graph", "values", "curve", "set", "variant",
        "another", "help", "menu", "quit",
      ]
      return .failure(
        UnknownCommand(name: name, suggestion: Suggestion.didYouMean(name, among: known)))
    }
  }

  /// A word that is not a command.
  public struct UnknownCommand: Error, Equatable, Sendable {
    public var name: String
    /// "did you mean `hint`?", when one is close.
    public var suggestion: String?
  }
}
