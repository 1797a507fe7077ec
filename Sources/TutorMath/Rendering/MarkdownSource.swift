/// Lesson prose as Markdown that no renderer reads as HTML or as a link: outside math
/// and code, `&`, `<` and `>` become entities and `[`, `]` are escaped; inside `$…$` and
/// `$$…$$`, `<` and `>` become `\lt` and `\gt`; `` `code` `` is kept (a code span shows
/// its text as it is). A lesson is data: a handout never carries a script, a frame or a
/// `javascript:` link.
public enum MarkdownSource {
  /// Prose with `$…$` and `$$…$$` math and `` `code` ``, escaped.
  public static func prose(_ text: String) -> String {
    var output = ""
    var segment = ""
    enum Mode { case text, code, inline, display }
    var mode = Mode.text
    func flush() {
      switch mode {
      case .text: output += self.text(segment)
      case .code: output += "`" + segment + "`"
      case .inline: output += "$" + math(segment) + "$"
      case .display: output += "$$" + math(segment) + "$$"
      }
      segment = ""
    }
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      if character == "\\", let next, mode != .code {
        if mode == .text {
          flush()
          output += "\\" + self.text(String(next))
        } else {
          segment.append(character)
          segment.append(next)
        }
        index += 2
        continue
      }
      switch (character, mode) {
      case ("$", .text) where next == "$", ("$", .display) where next == "$":
        flush()
        mode = mode == .text ? .display : .text
        index += 2
      case ("$", .text), ("$", .inline):
        flush()
        mode = mode == .text ? .inline : .text
        index += 1
      case ("`", .text), ("`", .code):
        flush()
        mode = mode == .text ? .code : .text
        index += 1
      default:
        segment.append(character)
        index += 1
      }
    }
    // An unclosed `$` or backtick: what follows is text.
    if mode != .text {
      let opener = mode == .display ? "$$" : (mode == .code ? "`" : "$")
      segment = opener + segment
      mode = .text
    }
    flush()
    return output
  }

  /// Plain text (no math, no code) with HTML and link syntax escaped.
  public static func text(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "[": output += "\\["
      case "]": output += "\\]"
      default: output.append(character)
      }
    }
    return output
  }

  /// TeX math (no `$`) with `<` and `>` written `\lt` and `\gt`, so that a renderer
  /// without math support shows no tag.
  public static func math(_ tex: String) -> String {
    var output = ""
    output.reserveCapacity(tex.utf8.count)
    for character in tex {
      switch character {
      case "<": output += "\\lt "
      case ">": output += "\\gt "
      case "$": output += "\\$"
      default: output.append(character)
      }
    }
    return output
  }
}
