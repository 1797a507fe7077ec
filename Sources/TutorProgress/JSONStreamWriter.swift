#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// JSON written to a file descriptor 64 KB at a time, pretty-printed with sorted keys as
/// Foundation's `JSONEncoder` (`[.prettyPrinted, .sortedKeys]`) writes it, so a large
/// progress file is never built whole in memory: the caller writes an object's fields in
/// order (``field(_:_:)`` for a small value, ``beginObject()`` … for a large one).
///
/// A writer made with ``init(lineLimit:)`` writes compact JSON on one line into memory
/// instead (``line``): a record of the journal, appended with one `write(2)`.
final class JSONStreamWriter {
  enum Failure: Error, Equatable {
    /// The system refused to write (`errno`).
    case system(code: Int32)
    /// More bytes than the limit.
    case tooLarge
  }

  /// The writer's variables, behind a pointer: a class's stored `var`s are checked for
  /// exclusive access at run time on every change (`swift_beginAccess`).
  private struct State {
    var buffer: [UInt8] = []
    var depth = 0
    /// Whether the container being written has no item yet, one entry per open container.
    var empty: [Bool] = []
    /// Bytes written so far, the buffer included.
    var written = 0
  }

  private let descriptor: Int32
  private let limit: Int
  /// Pretty-printed (a file); false: compact, in memory, for one line.
  private let pretty: Bool
  private let state: UnsafeMutablePointer<State>

  private var buffer: [UInt8] {
    @inline(__always) _read { yield state.pointee.buffer }
    @inline(__always) _modify { yield &state.pointee.buffer }
  }
  private var depth: Int {
    get { state.pointee.depth }
    set { state.pointee.depth = newValue }
  }
  private var empty: [Bool] {
    _read { yield state.pointee.empty }
    _modify { yield &state.pointee.empty }
  }
  /// Bytes written so far, the buffer included.
  private(set) var written: Int {
    get { state.pointee.written }
    set { state.pointee.written = newValue }
  }

  init(descriptor: Int32, limit: Int) {
    self.descriptor = descriptor
    self.limit = limit
    pretty = true
    state = .allocate(capacity: 1)
    state.initialize(to: State())
    state.pointee.buffer.reserveCapacity(64 * 1024 + 1024)
  }

  /// A writer of one compact line in memory, at most `lineLimit` bytes (its newline
  /// included): nothing is written to a file, ``finish()`` ends the line.
  init(lineLimit: Int) {
    descriptor = -1
    limit = lineLimit
    pretty = false
    state = .allocate(capacity: 1)
    state.initialize(to: State())
  }

  /// The line written, once finished (a writer of ``init(lineLimit:)``).
  var line: [UInt8] { buffer }

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// Writes out what is buffered.
  func flush() throws(Failure) {
    guard !buffer.isEmpty else { return }
    let failure = buffer.withUnsafeBytes { RegularFile.writeAll(descriptor, $0) }
    guard failure == 0 else { throw .system(code: failure) }
    buffer.removeAll(keepingCapacity: true)
  }

  @inline(__always)
  private func append(_ byte: UInt8) {
    buffer.append(byte)
  }

  private func append(_ text: StaticString) {
    buffer.append(
      contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// After each item: flush a full buffer, keep to the limit.
  private func settle() throws(Failure) {
    if pretty, buffer.count >= 64 * 1024 {
      written += buffer.count
      try flush()
    }
    if written + buffer.count > limit { throw .tooLarge }
  }

  /// The total, once everything is flushed.
  func finish() throws(Failure) {
    append(UInt8(ascii: "\n"))
    written += buffer.count
    if written > limit { throw .tooLarge }
    if pretty { try flush() }
  }

  private func newline() {
    guard pretty else { return }
    append(UInt8(ascii: "\n"))
    for _ in 0..<(2 * depth) { append(UInt8(ascii: " ")) }
  }

  /// Starts the next item of the open container (after its name, in an object).
  private func item(named name: String?) {
    if let last = empty.indices.last {
      if !empty[last] { append(UInt8(ascii: ",")) }
      empty[last] = false
      newline()
    }
    if let name {
      string(name)
      if pretty { append(" : ") } else { append(UInt8(ascii: ":")) }
    }
  }

  // MARK: - Containers

  /// Opens an object (named, inside an object).
  func beginObject(_ name: String? = nil) {
    begin(UInt8(ascii: "{"), named: name)
  }

  func endObject() throws(Failure) {
    try end(UInt8(ascii: "}"))
  }

  /// Opens an array (named, inside an object).
  func beginArray(_ name: String? = nil) {
    begin(UInt8(ascii: "["), named: name)
  }

  private func begin(_ byte: UInt8, named name: String?) {
    item(named: name)
    append(byte)
    depth += 1
    empty.append(true)
  }

  func endArray() throws(Failure) {
    try end(UInt8(ascii: "]"))
  }

  private func end(_ byte: UInt8) throws(Failure) {
    depth -= 1
    if empty.removeLast() == false { newline() }
    append(byte)
    try settle()
  }

  // MARK: - Values

  /// A whole value, named inside an object; an object's fields in sorted order.
  func value(_ json: ProgressJSON, named name: String? = nil) throws(Failure) {
    switch json {
    case .object(let fields):
      beginObject(name)
      for key in fields.keys.sorted() { try value(fields[key]!, named: key) }
      try endObject()
    case .array(let items):
      beginArray(name)
      for entry in items { try value(entry) }
      try endArray()
    case .string(let text):
      item(named: name)
      string(text)
      try settle()
    case .number(let number):
      item(named: name)
      self.number(number)
      try settle()
    case .bool(let flag):
      item(named: name)
      append(flag ? "true" : "false")
      try settle()
    case .null:
      item(named: name)
      append("null")
      try settle()
    }
  }

  /// A number: a whole one below 2^53 without a fraction, others as Swift prints them
  /// (the shortest text that reads back as the same double); not finite as `null`.
  private func number(_ value: Double) {
    guard value.isFinite else { return append("null") }
    if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
      var whole = Int(value)
      if whole == 0 {
        // −0 reads back as 0, as JSONEncoder writes it.
        return append(UInt8(ascii: "0"))
      }
      if whole < 0 {
        append(UInt8(ascii: "-"))
        whole = -whole
      }
      var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
      var length = 0
      withUnsafeMutableBytes(of: &digits) { raw in
        while whole > 0 {
          raw[length] = UInt8(0x30 + whole % 10)
          whole /= 10
          length += 1
        }
      }
      withUnsafeBytes(of: &digits) { raw in
        for offset in stride(from: length - 1, through: 0, by: -1) { append(raw[offset]) }
      }
      return
    }
    buffer.append(contentsOf: "\(value)".utf8)
  }

  /// A string in quotes: `"`, `\` and control characters escaped.
  private func string(_ text: String) {
    append(UInt8(ascii: "\""))
    // Most strings (step ids, outcomes) have nothing to escape: copied whole.
    if !text.utf8.contains(where: {
      $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
    }) {
      buffer.append(contentsOf: text.utf8)
      return append(UInt8(ascii: "\""))
    }
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): append("\\\"")
      case UInt8(ascii: "\\"): append("\\\\")
      case 0x0A: append("\\n")
      case 0x0D: append("\\r")
      case 0x09: append("\\t")
      case 0x08: append("\\b")
      case 0x0C: append("\\f")
      case 0..<0x20:
        append("\\u00")
        let hex: StaticString = "0123456789abcdef"
        append(hex.utf8Start[Int(byte >> 4)])
        append(hex.utf8Start[Int(byte & 0xF)])
      default: append(byte)
      }
    }
    append(UInt8(ascii: "\""))
  }
}
