/// Lesson prose as Markdown that no renderer reads as HTML or as a link: outside math
/// and code, `&`, `<` and `>` become entities and `[`, `]` are escaped; inside `$…$` and
/// `$$…$$`, `<` and `>` become `\lt` and `\gt`; `` `code` `` is kept (a code span shows
/// its text as it is). A lesson is data: a handout never carries a script, a frame or a
/// `javascript:` link.
public enum MarkdownSource {
  /// Prose with `$…$` and `$$…$$` math and `` `code` ``, escaped.
  public static func prose(_ text: String) -> String {
    ProseSegments.split(text).map { segment in
      switch segment.kind {
      case .text: return self.text(segment.text)
      case .code: return "`" + segment.text + "`"
      case .inline: return "$" + math(segment.text) + "$"
      case .display: return "$$" + math(segment.text) + "$$"
      }
    }.joined()
  }

  /// Plain text (no math, no code) with HTML and link syntax escaped.
  public static func text(_ text: String) -> String {
    replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]"])
  }

  /// TeX math (no `$`) with `<` and `>` written `\lt` and `\gt`, so that a renderer
  /// without math support shows no tag.
  public static func math(_ tex: String) -> String {
    replacing(tex, ["<": "\\lt ", ">": "\\gt ", "$": "\\$"])
  }

  /// `text` with each character of `table` replaced by its entry.
  private static func replacing(_ text: String, _ table: [Character: String]) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
      if let replacement = table[character] {
        output += replacement
      } else {
        output.append(character)
      }
    }
    return output
  }
}
