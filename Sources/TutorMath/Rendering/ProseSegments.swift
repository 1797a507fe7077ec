/// Lesson prose cut into its kinds, for writing it out as a handout (LaTeX or Markdown):
/// text, `` `code` ``, `$inline$` and `$$display$$` math. A backslash and the character
/// after it stay together (so `\$` is not a delimiter), except inside code; an unclosed
/// `$` or backtick and what follows it are text.
enum ProseSegments {
  enum Kind { case text, code, inline, display }

  /// The segments of `text` in order, each with its kind (delimiters removed).
  static func split(_ text: String) -> [(kind: Kind, text: String)] {
    var segments: [(kind: Kind, text: String)] = []
    var segment = ""
    var mode = Kind.text
    func flush(_ next: Kind) {
      if !segment.isEmpty || mode != .text { segments.append((mode, segment)) }
      segment = ""
      mode = next
    }
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      if character == "\\", let next, mode != .code {
        segment.append(character)
        segment.append(next)
        index += 2
        continue
      }
      switch (character, mode) {
      case ("$", .text) where next == "$", ("$", .display) where next == "$":
        flush(mode == .text ? .display : .text)
        index += 2
      case ("$", .text), ("$", .inline):
        flush(mode == .text ? .inline : .text)
        index += 1
      case ("`", .text), ("`", .code):
        flush(mode == .text ? .code : .text)
        index += 1
      default:
        segment.append(character)
        index += 1
      }
    }
    if mode != .text {
      let opener = mode == .display ? "$$" : (mode == .code ? "`" : "$")
      segment = opener + segment
      mode = .text
    }
    flush(.text)
    return segments
  }
}
