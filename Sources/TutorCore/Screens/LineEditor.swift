/// The answer line: text, a cursor, and the history of submitted answers.
public struct LineEditor: Equatable, Sendable {
  public private(set) var characters: [Character] = []
  /// 0…characters.count.
  public private(set) var cursor = 0
  public private(set) var history: [String] = []
  /// Index into history while browsing with ↑/↓ (nil: editing a new line).
  private var browsing: Int?
  private var draft: [Character] = []
  /// The longest line accepted (the parser refuses more anyway).
  public static let maxLength = 4096

  public init(text: String = "") {
    characters = Array(text.prefix(Self.maxLength))
    cursor = characters.count
  }

  public var text: String { String(characters) }

  /// What the status line says when typing into a full line.
  public static let fullMessage =
    "The answer line is full: it holds at most \(maxLength) characters."
  /// What the status line says when a paste did not fit.
  public static let pasteCutMessage =
    "The paste was cut off: the answer line holds at most \(maxLength) characters."

  /// Whether no more characters fit.
  public var isFull: Bool { characters.count >= Self.maxLength }

  public mutating func insert(_ character: Character) {
    guard !isFull, !character.isNewline else { return }
    characters.insert(character, at: cursor)
    cursor += 1
    browsing = nil
  }

  /// Inserts pasted text at the cursor in one go (one splice, not one per character):
  /// line breaks and tabs become spaces, other control characters are dropped, and what
  /// does not fit under ``maxLength`` is cut off. Returns how many characters were cut.
  @discardableResult
  public mutating func insert(_ text: String) -> Int {
    var accepted: [Character] = []
    var cut = 0
    let room = Self.maxLength - characters.count
    for character in text {
      let cleaned: Character
      if character.isNewline || character == "\t" {
        cleaned = " "
      } else if character.unicodeScalars.contains(where: {
        $0.properties.generalCategory == .control
      }) {
        continue
      } else {
        cleaned = character
      }
      if accepted.count < room {
        accepted.append(cleaned)
      } else {
        cut += 1
      }
    }
    characters.insert(contentsOf: accepted, at: cursor)
    cursor += accepted.count
    if !accepted.isEmpty { browsing = nil }
    return cut
  }

  public mutating func backspace() {
    guard cursor > 0 else { return }
    characters.remove(at: cursor - 1)
    cursor -= 1
  }

  public mutating func delete() {
    guard cursor < characters.count else { return }
    characters.remove(at: cursor)
  }

  public mutating func left() { cursor = max(0, cursor - 1) }
  public mutating func right() { cursor = min(characters.count, cursor + 1) }
  public mutating func home() { cursor = 0 }
  public mutating func end() { cursor = characters.count }

  /// Ctrl-U: delete from the start of the line to the cursor.
  public mutating func killToStart() {
    characters.removeFirst(cursor)
    cursor = 0
  }

  /// ↑: the previous submitted answer.
  public mutating func historyBack() {
    guard !history.isEmpty else { return }
    if browsing == nil { draft = characters }
    let index = max(0, (browsing ?? history.count) - 1)
    browsing = index
    characters = Array(history[index])
    cursor = characters.count
  }

  /// ↓: the next submitted answer, then the line being typed.
  public mutating func historyForward() {
    guard let index = browsing else { return }
    if index + 1 < history.count {
      browsing = index + 1
      characters = Array(history[index + 1])
    } else {
      browsing = nil
      characters = draft
    }
    cursor = characters.count
  }

  /// Takes the line (adding it to history) and clears the editor.
  public mutating func submit() -> String {
    let line = text
    if !line.isEmpty, history.last != line { history.append(line) }
    if history.count > 100 { history.removeFirst(history.count - 100) }
    characters = []
    cursor = 0
    browsing = nil
    return line
  }

  /// Clears the line, keeping history.
  public mutating func clear() {
    characters = []
    cursor = 0
    browsing = nil
  }
}
