import TerminalText

/// One line of a screen's key list: the keys, the command they run, the key bar's label
/// and the help screen's line. The help screen, the key bar and the `:` commands are all
/// generated from a screen's list, so a key cannot exist without its help line.
public struct KeyBinding<Command: Sendable>: Sendable {
  /// The keys that run ``command`` (empty: only a `:` command, or ``isFallback``).
  public var keys: [Key]
  /// Every key not bound elsewhere on the screen ("any key") runs this binding.
  public var isFallback: Bool
  public var command: Command
  /// The keys as help writes them ("Ctrl-N", "←/→ Home/End").
  public var keyName: String
  /// The key bar's item (key as the bar writes it, label), or nil when the key is not on
  /// the bar.
  public var bar: (key: String, label: String)?
  /// The help screen's line.
  public var help: String
  /// The `:` command words (first: the name help shows); empty when there is none.
  public var names: [String]
  /// What the `:` command takes after its name, as help writes it (" x = 2").
  public var argument: String

  public init(
    _ keys: [Key], _ command: Command, keyName: String, bar: (key: String, label: String)? = nil,
    help: String, names: [String] = [], argument: String = "", isFallback: Bool = false
  ) {
    (
      self.keys, self.command, self.keyName, self.bar, self.help, self.names, self.argument,
      self.isFallback
    ) = (keys, command, keyName, bar, help, names, argument, isFallback)
  }

  /// A binding for every key the screen does not bind ("any key").
  public static func anyKey(
    _ command: Command, bar label: String? = nil, help: String
  ) -> KeyBinding {
    KeyBinding(
      [], command, keyName: "any key", bar: label.map { ("any key", $0) }, help: help,
      isFallback: true)
  }

  /// The same keys, names and help running `transform(command)`: how a screen that
  /// wraps another (a review around its card) takes over the other's keys.
  public func map<Other>(_ transform: (Command) -> Other) -> KeyBinding<Other> {
    KeyBinding<Other>(
      keys, transform(command), keyName: keyName, bar: bar, help: help, names: names,
      argument: argument, isFallback: isFallback)
  }

  /// The help line: the key names and the `:` command, then what it does.
  public var helpLine: HelpLine {
    let command = names.first.map { ":" + $0 + argument }
    let key = [keys.isEmpty && !isFallback ? nil : keyName, command].compactMap { $0 }
      .joined(separator: " ")
    return HelpLine(keys: key, text: help)
  }
}

/// One line of the help screen: keys, and what they do (empty text: a section heading).
public struct HelpLine: Equatable, Sendable {
  public var keys: String
  public var text: String

  public init(keys: String, text: String) {
    (self.keys, self.text) = (keys, text)
  }
}

extension Array {
  /// The binding `key` runs on a screen with these bindings: the first that lists it,
  /// else the "any key" binding, else nil.
  public func binding<Command>(for key: Key) -> KeyBinding<Command>?
  where Element == KeyBinding<Command> {
    first { $0.keys.contains(key) } ?? first { $0.isFallback }
  }

  /// The binding whose `:` command is `word` (lower-cased), or nil.
  public func binding<Command>(named word: String) -> KeyBinding<Command>?
  where Element == KeyBinding<Command> {
    first { $0.names.contains(word) }
  }

  /// Every `:` command word, for "did you mean".
  public func commandNames<Command>() -> [String] where Element == KeyBinding<Command> {
    flatMap(\.names)
  }

  /// The key bar's items in order, without the bindings `hidden` rejects.
  public func barItems<Command>(hiding hidden: (Command) -> Bool = { _ in false }) -> [(
    String, String
  )] where Element == KeyBinding<Command> {
    compactMap { binding in
      guard let bar = binding.bar, !hidden(binding.command) else { return nil }
      return (bar.key, bar.label)
    }
  }

  /// The help screen's lines under `title`.
  public func helpSection<Command>(_ title: String) -> [HelpLine]
  where Element == KeyBinding<Command> {
    [HelpLine(keys: title, text: "")] + map(\.helpLine)
  }
}
