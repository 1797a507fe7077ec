import Foundation
import TutorCore

#if canImport(Glibc)
  import Glibc
#endif

/// Lines of standard input read in fixed-size chunks, each line bounded: a 10 MB line
/// costs one 64 KB buffer and is refused, instead of being held (and echoed) whole.
struct LineReader {
  /// What one call to ``next()`` found.
  enum Line: Equatable {
    /// A line, without its line break (and without a `\r` before it).
    case text(String)
    /// A line longer than ``maxCharacters``: skipped to its end, never stored.
    case tooLong
  }

  /// The longest line kept, in characters: the answer line's (and the parser's) limit.
  static let maxCharacters = LineEditor.maxLength
  /// Bytes kept per line: enough for `maxCharacters` characters of up to 4 bytes each.
  static let maxBytes = maxCharacters * 4

  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private var position = 0
  private var endOfInput = false

  init(descriptor: Int32 = 0) {
    self.descriptor = descriptor
  }

  /// The next line, or nil at the end of input (a last line without a line break counts).
  mutating func next() -> Line? {
    var line: [UInt8] = []
    var overflowed = false
    var sawAnything = false
    while true {
      if position == buffer.count {
        guard !endOfInput, fill() else {
          guard sawAnything else { return nil }
          break
        }
      }
      sawAnything = true
      let available = buffer[position...]
      if let newline = available.firstIndex(of: UInt8(ascii: "\n")) {
        if !overflowed { line += buffer[position..<newline] }
        position = newline + 1
        break
      }
      if !overflowed { line += available }
      position = buffer.count
      if line.count > Self.maxBytes {
        overflowed = true
        line = []
      }
    }
    if overflowed || line.count > Self.maxBytes { return .tooLong }
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    let text = String(decoding: line, as: UTF8.self)
    return text.count > Self.maxCharacters ? .tooLong : .text(text)
  }

  /// Reads the next chunk; false at the end of input or on an error.
  private mutating func fill() -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else {
        endOfInput = true
        return false
      }
      buffer = Array(chunk[..<count])
      position = 0
      return true
    }
  }
}
