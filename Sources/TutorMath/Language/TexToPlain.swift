/// Rewrites the TeX a learner may paste (`\frac{1}{2}`, `\sigma(x) \cdot (1 - \sigma(x))`,
/// `e^{-x}`, `s_i`) in this language, for the suggestion beside the error: `1/2`,
/// `sigma(x) * (1 - sigma(x))`, `e^(-x)`, `si`. `nil` when the TeX uses anything else.
struct TexToPlain {
  private let characters: [Character]
  private var position = 0
  private var depth = 0

  init(_ characters: [Character]) {
    self.characters = characters
  }

  /// The whole input rewritten, or `nil`.
  mutating func convert() -> String? {
    guard let text = sequence(), position == characters.count else { return nil }
    return text
  }

  /// Items up to the end or an unmatched `}` (not consumed).
  private mutating func sequence() -> String? {
    depth += 1
    defer { depth -= 1 }
    guard depth < 32 else { return nil }
    var result = ""
    while position < characters.count, characters[position] != "}" {
      let character = characters[position]
      switch character {
      case "\\":
        guard let command = command() else { return nil }
        result += command
      case "{":
        guard let inner = group() else { return nil }
        result += "(" + inner + ")"
      case "^":
        position += 1
        guard let exponent = argument() else { return nil }
        result += "^" + Self.wrap(exponent)
      case "_":
        position += 1
        guard let index = argument(), index.allSatisfy({ $0.isLetter || $0.isNumber }) else {
          return nil
        }
        result += index
      default:
        result.append(character)
        position += 1
      }
    }
    return result
  }

  /// `{…}` rewritten, braces consumed.
  private mutating func group() -> String? {
    guard position < characters.count, characters[position] == "{" else { return nil }
    position += 1
    guard let inner = sequence(), position < characters.count, characters[position] == "}"
    else { return nil }
    position += 1
    return inner
  }

  /// The argument of `^`, `_`, `\frac`, `\sqrt`: a group, a command or one character.
  private mutating func argument() -> String? {
    while position < characters.count, characters[position] == " " { position += 1 }
    guard position < characters.count else { return nil }
    switch characters[position] {
    case "{": return group()
    case "\\": return command()
    case "}": return nil
    default:
      defer { position += 1 }
      return String(characters[position])
    }
  }

  private mutating func command() -> String? {
    position += 1  // the backslash
    guard position < characters.count else { return nil }
    let first = characters[position]
    guard first.isLetter else {
      position += 1
      switch first {
      case ",", ";", "!", " ", ":": return " "
      case "{": return "("
      case "}": return ")"
      default: return nil
      }
    }
    var end = position
    while end < characters.count, characters[end].isLetter { end += 1 }
    let name = String(characters[position..<end])
    position = end
    switch name {
    case "frac", "dfrac", "tfrac":
      guard let numerator = argument(), let denominator = argument() else { return nil }
      return Self.wrap(numerator) + "/" + Self.wrap(denominator)
    case "sqrt":
      guard let radicand = argument() else { return nil }
      return "sqrt(" + radicand + ")"
    case "cdot", "times", "ast", "odot": return "*"
    case "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr": return ""
    case "exp", "log", "tanh", "max", "min": return name
    case "ln": return "log"
    case "top", "intercal": return "'"
    default:
      return TexSymbols.greek[name] != nil ? name : nil
    }
  }

  /// `text` as an operand: bare when it is one number or name, else in parentheses.
  static func wrap(_ text: String) -> String {
    let trimmed = text.trimmingWhitespace()
    let simple = trimmed.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
    return simple && !trimmed.isEmpty ? trimmed : "(" + trimmed + ")"
  }
}
