import TerminalText

/// UTF-8 byte buffers for laying out prose: decoding a scalar, measuring cells, and
/// trimming trailing spaces exactly as `String` would (a space is its own `Character`
/// unless the scalar before it may join a cluster, where `String` decides).
enum ProseBytes {
  /// The scalar starting at `index` of valid UTF-8, and `index` moved past it.
  static func decode<Bytes: RandomAccessCollection<UInt8>>(
    _ bytes: Bytes, at index: inout Bytes.Index
  ) -> Unicode.Scalar {
    let lead = UInt32(bytes[index])
    bytes.formIndex(after: &index)
    if lead < 0x80 { return Unicode.Scalar(UInt8(lead)) }
    let count = lead >= 0xF0 ? 3 : (lead >= 0xE0 ? 2 : 1)
    var value = lead & (0x3F >> UInt32(count))
    for _ in 0..<count {
      value = value << 6 | UInt32(bytes[index] & 0x3F)
      bytes.formIndex(after: &index)
    }
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  /// Whether an ASCII byte is white space: space, tab, line breaks.
  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 32 || (byte >= 9 && byte <= 13)
  }

  /// ``Unicode/Scalar/isSpace`` without the property lookup: Unicode's White_Space
  /// scalars (a test compares the two over every scalar).
  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 9...13, 32, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
      0x3000:
      return true
    default: return false
    }
  }

  /// How many UTF-8 bytes `scalar` takes.
  static func length(of scalar: Unicode.Scalar) -> Int {
    switch scalar.value {
    case ..<0x80: return 1
    case ..<0x800: return 2
    case ..<0x10000: return 3
    default: return 4
    }
  }

  /// Terminal cells of UTF-8 text, as ``TextWidth/cells(of:)`` counts a string.
  static func cells(of bytes: ArraySlice<UInt8>) -> Int {
    var total = 0
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte < 0x80 {
        total += byte < 0x20 || byte == 0x7F ? 0 : 1
        index += 1
      } else {
        total += TextWidth.cells(of: decode(bytes, at: &index))
      }
    }
    return total
  }

  static func appendSpaces(_ count: Int, to bytes: inout [UInt8]) {
    if count > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
  }

  /// Removes trailing spaces as `while string.last == " " { string.removeLast() }` does.
  static func trimTrailingSpaces(_ bytes: inout [UInt8]) {
    while bytes.last == UInt8(ascii: " ") {
      var start = bytes.count - 2
      guard start >= 0 else {
        bytes.removeLast()
        return
      }
      // The scalar before the space: a space after one that stands alone is a
      // `Character` of its own.
      while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
      var index = start
      let previous = decode(bytes, at: &index)
      guard TextWidth.standsAlone(previous) else {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == " " { text.removeLast() }
        bytes = Array(text.utf8)
        return
      }
      bytes.removeLast()
    }
  }
}
