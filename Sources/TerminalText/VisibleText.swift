/// User input made safe to echo: control characters (C0, DEL, C1) and the bidirectional
/// overrides cannot reach a terminal raw, so an answer such as `1+ESC]0;pwned BEL` cannot
/// retitle the window or reorder what is shown. Each becomes `<U+001B>`.
public enum VisibleText {
  /// Whether `scalar` is escaped by ``escaped(_:keepingLineBreaks:)``.
  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F..<0xA0: return true
    case 0x202A...0x202E, 0x2066...0x2069: return true  // bidi embeddings and isolates
    default: return false
    }
  }

  /// `<U+001B>`: the notation for an escaped scalar (at least four hex digits).
  public static func notation(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
  }

  /// `text` with every control character written as `<U+XXXX>`; with `keepingLineBreaks`,
  /// newlines and tabs stay as they are (for multi-line output the program itself wrote).
  public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
    func escapes(_ scalar: Unicode.Scalar) -> Bool {
      needsEscape(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
    }
    // Most text has nothing to escape (line breaks kept): returned as it is, not rebuilt a
    // scalar at a time (about 500 instructions a scalar).
    guard text.unicodeScalars.contains(where: escapes) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if escapes(scalar) {
        result.append(contentsOf: notation(scalar).unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }
}
