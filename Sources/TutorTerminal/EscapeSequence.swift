import TerminalText
import TutorCore

/// What the bytes after an ESC mean, read to the end of their sequence (ECMA-48: a CSI
/// is `ESC [`, parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte
/// 0x40–0x7E; SS3 is `ESC O` and one final byte; OSC, DCS, APC, PM and SOS strings end
/// with BEL or `ESC \`). The common keys are mapped whatever `TERM` says (Home and End
/// in every form, modified arrows, F1–F20, kitty's CSI-u, xterm's modifyOtherKeys);
/// mouse reports, focus events and terminal replies are read and ignored. The ESC of a
/// sequence is never the Esc key (as in vim and less).
enum EscapeSequence: Equatable {
  /// A key.
  case key(Key)
  /// The Esc key itself: nothing followed within ``escapeWait`` milliseconds.
  case escape
  /// The Esc key, and right after it a control key (Ctrl-C, Enter, Tab, Backspace, …):
  /// pressed together, or arriving together over a slow link. Both are keys, in order;
  /// no terminal sends a control character as the second byte of a sequence.
  case escapeThen(UInt32)
  /// `ESC [ 200 ~`, a bracketed paste begins (also when it came split across reads).
  case pasteStart
  /// `ESC [ 201 ~`, it ends.
  case pasteEnd
  /// A sequence read to its end that means no key here (mouse, focus, replies, Alt+key).
  case ignored

  /// How long to wait for the byte after a lone ESC, in milliseconds (ncurses has
  /// already waited its ESCDELAY).
  static let escapeWait: Int32 = 30
  /// How long to wait for each further byte of a sequence already begun.
  static let sequenceWait: Int32 = 300
  /// The longest sequence read; past it the rest is dropped up to its final byte.
  static let maxLength = 256

  /// Reads the rest of a sequence whose ESC was just read. `next(milliseconds)` is the
  /// next input scalar, or nil when nothing comes within that time.
  static func read(_ next: (Int32) -> UInt32?) -> EscapeSequence {
    guard let first = next(escapeWait) else { return .escape }
    switch first {
    case 0x5B:  // [
      return csi(next)
    case 0x4F:  // O
      return ss3(next)
    case 0x5D, 0x50, 0x5F, 0x5E, 0x58:  // ] P _ ^ X: a string up to BEL or ESC \
      var previous: UInt32 = 0
      for _ in 0..<(maxLength * 16) {
        guard let byte = next(sequenceWait) else { break }
        if byte == 0x07 || (previous == 0x1B && byte == 0x5C) { break }
        previous = byte
      }
      return .ignored
    case 0x1B:
      return .escape
    case 0x00..<0x20, 0x7F:
      return .escapeThen(first)
    default:
      return .ignored  // Alt+key: bound to nothing
    }
  }

  /// `ESC [ params intermediates final`.
  private static func csi(_ next: (Int32) -> UInt32?) -> EscapeSequence {
    var parameters = ""
    var intermediates = ""
    var count = 0
    while let byte = next(sequenceWait) {
      count += 1
      switch byte {
      case 0x30...0x3F:
        if count < maxLength { parameters.unicodeScalars.append(Unicode.Scalar(byte)!) }
      case 0x20...0x2F:
        if count < maxLength { intermediates.unicodeScalars.append(Unicode.Scalar(byte)!) }
      case 0x40...0x7E:
        return csiMeaning(parameters, intermediates, final: byte, next)
      default:
        return .ignored  // not a sequence after all: dropped
      }
    }
    return .ignored
  }

  /// The key of a complete CSI sequence.
  private static func csiMeaning(
    _ parameters: String, _ intermediates: String, final: UInt32,
    _ next: (Int32) -> UInt32?
  ) -> EscapeSequence {
    // X10 mouse: `ESC [ M` and three raw bytes.
    if final == 0x4D, parameters.isEmpty, intermediates.isEmpty {
      for _ in 0..<3 { _ = next(sequenceWait) }
      return .ignored
    }
    // A private marker (`<` SGR mouse, `?` replies, `>` and `=`) or an intermediate:
    // nothing a key sends.
    guard intermediates.isEmpty, parameters.first.map({ !"<=>?".contains($0) }) ?? true else {
      return .ignored
    }
    let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map {
      Int($0.split(separator: ":").first ?? "") ?? 0
    }
    let first = numbers.first ?? 0
    let modifiers = numbers.count > 1 ? max(0, numbers[1] - 1) : 0
    let finalCharacter = Unicode.Scalar(final).map(Character.init)
    if let finalCharacter, let key = cursorKey(finalCharacter) { return .key(key) }
    switch finalCharacter {
    case "Z": return .key(.tab)
    case "P", "Q", "R", "S":
      // `ESC [ 1 ; mod P`: a modified F1–F4; `ESC [ row ; col R` is a cursor report.
      guard numbers.count == 2, first == 1 else { return .ignored }
      return .key(.function(Int(final - 0x50) + 1))
    case "~":
      if first == 27, numbers.count >= 3 {
        // modifyOtherKeys: `ESC [ 27 ; mod ; code ~`.
        return codeKey(numbers[2], modifiers: max(0, numbers[1] - 1))
      }
      return tilde(first)
    case "u":
      // kitty: `ESC [ code ; mod u`.
      return codeKey(first, modifiers: modifiers)
    default:
      return .ignored  // focus (I, O), reports (c, n, R, t, y), mouse (M, m), …
    }
  }

  /// `ESC [ n ~`: the keys of the VT220 editing pad and function row.
  private static func tilde(_ number: Int) -> EscapeSequence {
    switch number {
    case 1, 7: return .key(.home)
    case 4, 8: return .key(.end)
    case 3: return .key(.delete)
    case 5: return .key(.pageUp)
    case 6: return .key(.pageDown)
    case 200: return .pasteStart
    case 201: return .pasteEnd
    default:
      let functionKeys = [
        11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 17: 6, 18: 7, 19: 8, 20: 9, 21: 10, 23: 11,
        24: 12, 25: 13, 26: 14, 28: 15, 29: 16, 31: 17, 32: 18, 33: 19, 34: 20,
      ]
      return functionKeys[number].map { .key(.function($0)) } ?? .ignored
    }
  }

  /// A key sent as its code point and modifiers (kitty, modifyOtherKeys): bit 4 of
  /// `modifiers` is Ctrl.
  private static func codeKey(_ code: Int, modifiers: Int) -> EscapeSequence {
    switch code {
    case 9: return .key(.tab)
    case 13: return .key(.enter)
    case 27: return .escape
    case 8, 127: return .key(.backspace)
    default: break
    }
    guard code >= 32, code < 57_344, let scalar = Unicode.Scalar(UInt32(code)) else {
      return .ignored  // kitty's private-use function keys and the like
    }
    if modifiers & 4 != 0 {
      let lower = Character(scalar).lowercased()
      guard let letter = lower.first, lower.count == 1, letter >= "a", letter <= "z" else {
        return .ignored
      }
      return .key(.control(letter))
    }
    if modifiers & 2 != 0 { return .ignored }  // Alt+key: bound to nothing
    return .key(.character(Character(scalar)))
  }

  /// `ESC O final` (the application-mode cursor and keypad keys), with any parameter
  /// bytes some terminals put before the final.
  private static func ss3(_ next: (Int32) -> UInt32?) -> EscapeSequence {
    var count = 0
    while let byte = next(sequenceWait), count < maxLength {
      count += 1
      if (0x30...0x3F).contains(byte) { continue }
      guard let scalar = Unicode.Scalar(byte) else { return .ignored }
      if let key = cursorKey(Character(scalar)) { return .key(key) }
      switch Character(scalar) {
      case "P", "Q", "R", "S": return .key(.function(Int(byte - 0x50) + 1))
      case "M": return .key(.enter)
      default:
        // The keypad in application mode: `ESC O p` … `ESC O y` are 0 … 9.
        let keypad: [Character: Character] = [
          "j": "*", "k": "+", "l": ",", "m": "-", "n": ".", "o": "/", "X": "=",
        ]
        if byte >= 0x70, byte <= 0x79, let digit = Unicode.Scalar(byte - 0x40) {
          return .key(.character(Character(digit)))
        }
        if let character = keypad[Character(scalar)] { return .key(.character(character)) }
        return .ignored
      }
    }
    return .ignored
  }

  /// The arrows, Home and End by the final byte both CSI and SS3 give them.
  private static func cursorKey(_ final: Character) -> Key? {
    let keys: [Character: Key] = [
      "A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end,
    ]
    return keys[final]
  }
}
