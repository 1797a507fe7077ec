#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// JSON read from a file descriptor 64 KB at a time, value by value, so a large progress
/// file is never held whole in memory, nor as one tree: the caller takes an object's
/// fields one at a time (``readObject(_:)``) and reads each value as it likes (a whole
/// ``ProgressJSON`` for a small one, field by field for a large one).
///
/// Strict RFC 8259: what Foundation's `JSONDecoder` refuses (trailing commas, comments,
/// bare words, invalid UTF-8, unpaired surrogates, leading zeros) throws ``Failure/syntax``.
package final class JSONStreamReader {
  package enum Failure: Error, Equatable {
    /// Not JSON.
    case syntax
    /// The system refused to read (`errno`).
    case system(code: Int32)
    /// More bytes than the limit.
    case tooLarge
  }

  /// The reader's variables, behind a pointer: a class's stored `var`s are checked for
  /// exclusive access at run time on every change (`swift_beginAccess`), which made
  /// reading cost a few hundred instructions a byte.
  private struct State {
    var index = 0
    var count = 0
    var total = 0
    var atEnd = false
    /// A string's bytes, when it has escapes or spans two chunks.
    var scratch: [UInt8] = []
  }

  private let descriptor: Int32
  private let limit: Int
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private let state: UnsafeMutablePointer<State>

  private var index: Int {
    @inline(__always) get { state.pointee.index }
    @inline(__always) set { state.pointee.index = newValue }
  }
  private var count: Int {
    @inline(__always) get { state.pointee.count }
    @inline(__always) set { state.pointee.count = newValue }
  }
  private var total: Int {
    get { state.pointee.total }
    set { state.pointee.total = newValue }
  }
  private var atEnd: Bool {
    get { state.pointee.atEnd }
    set { state.pointee.atEnd = newValue }
  }
  private var scratch: [UInt8] {
    @inline(__always) _read { yield state.pointee.scratch }
    @inline(__always) _modify { yield &state.pointee.scratch }
  }

  /// A reader of `descriptor` (which it does not close) that fails after `limit` bytes.
  package init(descriptor: Int32, limit: Int, chunk: Int = 64 * 1024) {
    self.descriptor = descriptor
    self.limit = limit
    buffer = .allocate(capacity: chunk)
    buffer.initialize(repeating: 0)
    state = .allocate(capacity: 1)
    state.initialize(to: State())
  }

  /// A reader of `bytes` already in memory (one record of the journal): no file is read.
  package init(bytes: [UInt8]) {
    descriptor = -1
    limit = bytes.count
    buffer = .allocate(capacity: max(1, bytes.count))
    _ = buffer.initialize(from: bytes)
    state = .allocate(capacity: 1)
    state.initialize(to: State(count: bytes.count, total: bytes.count, atEnd: true))
  }

  deinit {
    buffer.deallocate()
    state.deinitialize(count: 1)
    state.deallocate()
  }

  // MARK: - Bytes

  /// Reads the next chunk; false at the end of the file.
  private func refill() throws(Failure) -> Bool {
    guard !atEnd else { return false }
    while true {
      let read = RegularFile.systemRead(descriptor, buffer.baseAddress, buffer.count)
      if read < 0 {
        if errno == EINTR { continue }
        throw .system(code: errno)
      }
      if read == 0 {
        atEnd = true
        return false
      }
      total += read
      if total > limit { throw .tooLarge }
      (index, count) = (0, read)
      return true
    }
  }

  /// The next byte, not consumed; nil at the end.
  @inline(__always)
  private func peek() throws(Failure) -> UInt8? {
    if index < count { return buffer[index] }
    guard try refill() else { return nil }
    return buffer[index]
  }

  /// The next byte, consumed; throws at the end.
  @inline(__always)
  private func next() throws(Failure) -> UInt8 {
    if index < count {
      defer { index += 1 }
      return buffer[index]
    }
    guard try refill() else { throw .syntax }
    index = 1
    return buffer[0]
  }

  /// The next byte that is not white space, not consumed; nil at the end.
  private func peekToken() throws(Failure) -> UInt8? {
    while let byte = try peek() {
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
      index += 1
    }
    return nil
  }

  private func expect(_ byte: UInt8) throws(Failure) {
    guard try peekToken() == byte else { throw .syntax }
    index += 1
  }

  // MARK: - Values

  /// The next value's kind, by its first byte: `{`, `[`, `"`, or another.
  package func peekKind() throws(Failure) -> UInt8 {
    guard let byte = try peekToken() else { throw .syntax }
    return byte
  }

  /// An object, field by field: `field` is called with each name and must read its value.
  package func readObject(_ field: (String) throws(Failure) -> Void) throws(Failure) {
    try expect(UInt8(ascii: "{"))
    if try peekToken() == UInt8(ascii: "}") {
      index += 1
      return
    }
    while true {
      guard try peekToken() == UInt8(ascii: "\"") else { throw .syntax }
      let name = try readString()
      try expect(UInt8(ascii: ":"))
      try field(name)
      if try closes(with: UInt8(ascii: "}")) { return }
    }
  }

  /// After a member or an item: consumes the `,` before the next (false) or the `close`
  /// that ends its container (true).
  private func closes(with close: UInt8) throws(Failure) -> Bool {
    let token = try peekToken()
    guard token == UInt8(ascii: ",") || token == close else { throw .syntax }
    index += 1
    return token == close
  }

  /// An array, item by item: `item` is called for each and must read it.
  package func readArray(_ item: () throws(Failure) -> Void) throws(Failure) {
    try expect(UInt8(ascii: "["))
    if try peekToken() == UInt8(ascii: "]") {
      index += 1
      return
    }
    while true {
      try item()
      if try closes(with: UInt8(ascii: "]")) { return }
    }
  }

  /// Any value, whole.
  package func readValue() throws(Failure) -> ProgressJSON {
    switch try peekKind() {
    case UInt8(ascii: "{"):
      var fields: [String: ProgressJSON] = [:]
      try readObject { (name) throws(Failure) in fields[name] = try readValue() }
      return .object(fields)
    case UInt8(ascii: "["):
      var items: [ProgressJSON] = []
      try readArray { () throws(Failure) in items.append(try readValue()) }
      return .array(items)
    case UInt8(ascii: "\""):
      return .string(try readString())
    case UInt8(ascii: "t"):
      try readWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try readWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try readWord("null")
      return .null
    default:
      return .number(try readNumber())
    }
  }

  /// Reads a value and throws it away.
  package func skipValue() throws(Failure) { _ = try readValue() }

  /// A whole number written without a fraction or an exponent, exactly (nil when it is
  /// another number or does not fit 64 bits); anything but a number throws.
  package func readInteger() throws(Failure) -> Int64? {
    guard try peekToken() != nil else { throw .syntax }
    _ = try readNumber()
    // readNumber leaves the number's text in scratch (with a 0 byte when it was parsed).
    var text = scratch[...]
    if text.last == 0 { text = text.dropLast() }
    let negative = text.first == UInt8(ascii: "-")
    if negative { text = text.dropFirst() }
    var magnitude: UInt64 = 0
    for byte in text {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, carry) = times.addingReportingOverflow(UInt64(byte - 0x30))
      guard !overflow, !carry else { return nil }
      magnitude = sum
    }
    guard negative else { return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil }
    return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
  }

  /// Only white space is left.
  package func readEnd() throws(Failure) {
    guard try peekToken() == nil else { throw .syntax }
  }

  private func readWord(_ word: StaticString) throws(Failure) {
    let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for byte in bytes where try next() != byte { throw .syntax }
  }

  /// Moves the digits that follow into `scratch`; how many there were.
  private func digitRun() throws(Failure) -> Int {
    var count = 0
    while let byte = try peek(), byte >= 0x30, byte <= 0x39 {
      scratch.append(byte)
      count += 1
      index += 1
    }
    return count
  }

  /// A number as JSON writes it; whole numbers of up to 15 digits without a fraction or
  /// an exponent are read exactly without parsing text.
  private func readNumber() throws(Failure) -> Double {
    scratch.removeAll(keepingCapacity: true)
    var whole = 0
    var digits = 0
    var plain = true
    var negative = false
    if try peek() == UInt8(ascii: "-") {
      negative = true
      scratch.append(try next())
    }
    guard let first = try peek(), first >= 0x30, first <= 0x39 else { throw .syntax }
    while let byte = try peek(), byte >= 0x30, byte <= 0x39 {
      scratch.append(byte)
      whole = whole &* 10 &+ Int(byte - 0x30)
      digits += 1
      index += 1
    }
    if first == 0x30, digits > 1 { throw .syntax }  // no leading zeros
    if try peek() == UInt8(ascii: ".") {
      plain = false
      scratch.append(try next())
      if try digitRun() == 0 { throw .syntax }
    }
    if let byte = try peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
      plain = false
      scratch.append(try next())
      if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        scratch.append(try next())
      }
      if try digitRun() == 0 { throw .syntax }
    }
    if plain, digits <= 15 { return negative ? -Double(whole) : Double(whole) }
    scratch.append(0)
    let value = scratch.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) { strtod($0.baseAddress!, nil) }
    }
    guard value.isFinite else { throw .syntax }
    return value
  }

  /// A string: its escapes decoded, its UTF-8 validated.
  package func readString() throws(Failure) -> String {
    guard try next() == UInt8(ascii: "\"") else { throw .syntax }
    // Fast path: no escape before the closing quote within this chunk.
    var end = index
    while end < count {
      let byte = buffer[end]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
      end += 1
    }
    if end < count, buffer[end] == UInt8(ascii: "\"") {
      let bytes = UnsafeBufferPointer(rebasing: buffer[index..<end])
      // ASCII needs no validation (and the generic validating initialiser looks up type
      // metadata on every call).
      let text: String?
      if bytes.allSatisfy({ $0 < 0x80 }) {
        text = String(decoding: bytes, as: UTF8.self)
      } else {
        text = String(validating: bytes, as: UTF8.self)
      }
      guard let text else { throw .syntax }
      index = end + 1
      return text
    }
    scratch.removeAll(keepingCapacity: true)
    while true {
      let byte = try next()
      switch byte {
      case UInt8(ascii: "\""):
        if scratch.allSatisfy({ $0 < 0x80 }) { return String(decoding: scratch, as: UTF8.self) }
        guard let text = String(validating: scratch, as: UTF8.self) else { throw .syntax }
        return text
      case UInt8(ascii: "\\"):
        try readEscape()
      case 0..<0x20:
        throw .syntax
      default:
        scratch.append(byte)
      }
    }
  }

  /// One escape after its backslash, appended to ``scratch`` as UTF-8.
  private func readEscape() throws(Failure) {
    let byte = try next()
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var unit = try readHex()
      if unit >= 0xD800, unit < 0xDC00 {
        guard try next() == UInt8(ascii: "\\"), try next() == UInt8(ascii: "u") else {
          throw .syntax
        }
        let low = try readHex()
        guard low >= 0xDC00, low < 0xE000 else { throw .syntax }
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
      } else if unit >= 0xDC00, unit < 0xE000 {
        throw .syntax
      }
      guard let scalar = Unicode.Scalar(unit) else { throw .syntax }
      scratch.append(contentsOf: UTF8.encode(scalar)!)
    default:
      throw .syntax
    }
  }

  private func readHex() throws(Failure) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = try next()
      let digit: UInt8
      switch byte {
      case 0x30...0x39: digit = byte - 0x30
      case 0x41...0x46: digit = byte - 0x41 + 10
      case 0x61...0x66: digit = byte - 0x61 + 10
      default: throw .syntax
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// Skips white space and reports whether the next value is `byte` (`{`, `[`, …).
  package func nextIs(_ byte: UInt8) throws(Failure) -> Bool { try peekToken() == byte }
}
