/// Positions in a file's bytes as compilers print them: 1-based lines, and columns counted
/// in Unicode scalars, as libyaml (and so Yams) counts them.
enum TextPosition {
  /// The offset of the first byte that is not part of valid UTF-8, or nil when all are.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  /// The line and column of the byte at `offset`; the bytes before it on its line
  /// count one column per scalar (an invalid byte counts as one).
  static func location(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
    let end = min(max(offset, 0), bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    let prefix = String(decoding: bytes[lineStart..<end], as: UTF8.self)
    return SourceLocation(line: line, column: prefix.unicodeScalars.count + 1)
  }

  /// Line `line` (1-based) of `bytes`, decoded with invalid bytes as U+FFFD and control
  /// characters as their visible pictures (␛ for ESC), so it can be shown under a message.
  static func shownLine(_ line: Int, of bytes: [UInt8]) -> String? {
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return nil }
    return visible(String(decoding: lines[line - 1], as: UTF8.self))
  }

  /// `text` with each control character but tab shown as its Unicode control picture
  /// (one column, so carets under it stay aligned) rather than sent to the terminal.
  static func visible(_ text: some StringProtocol) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return String(text) }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar == "\t" || !isControl(scalar) {
        result.append(scalar)
      } else if scalar.value == 0x7F {
        result.append("\u{2421}")
      } else if scalar.value < 0x20 {
        result.append(Unicode.Scalar(0x2400 + scalar.value)!)
      } else {
        result.append("\u{FFFD}")
      }
    }
    return String(result)
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
  }

  /// `U+001B`: a code point as the Unicode standard writes it.
  static func codePoint(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
