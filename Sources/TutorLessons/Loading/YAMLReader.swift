import TutorMath
import Yams

/// Reads values out of a composed YAML tree, turning every surprise into a
/// ``LessonDiagnostic`` at the node's `line:col` (Yams marks syntax errors itself;
/// for everything else the node's mark is attached here).
struct YAMLReader {
  let path: String
  private let text: String
  /// The UTF-8 offset at which each line starts ("\n" is one byte, so found byte by byte).
  private let lineStarts: [Int]
  private(set) var diagnostics: [LessonDiagnostic] = []

  init(path: String, text: String) {
    self.path = path
    self.text = text
    var starts = [0]
    let found: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
      for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
        starts.append(index + 1)
      }
    }
    if found == nil {
      for (index, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") {
        starts.append(index + 1)
      }
    }
    lineStarts = starts
  }

  /// The number of lines of the file (one more than its line feeds).
  var lineCount: Int { lineStarts.count }

  /// File line `line` (1-based) as written, without its line feed.
  func line(_ line: Int) -> Substring {
    let utf8 = text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[line - 1])
    let end =
      line < lineStarts.count
      ? utf8.index(utf8.startIndex, offsetBy: lineStarts[line] - 1) : utf8.endIndex
    return Substring(utf8[start..<end])
  }

  // MARK: - Reporting

  func location(of node: Node) -> SourceLocation? {
    node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
  }

  /// File line `line` (1-based) as shown under a message: control characters as their
  /// pictures, never sent raw to the terminal.
  func sourceLine(_ line: Int) -> String? {
    line >= 1 && line <= lineCount ? TextPosition.visible(self.line(line)) : nil
  }

  mutating func error(
    _ message: String, at location: SourceLocation?, length: Int = 1, note: String? = nil
  ) {
    report(.error, message, at: location, length: length, note: note)
  }

  mutating func warning(
    _ message: String, at location: SourceLocation?, length: Int = 1, note: String? = nil
  ) {
    report(.warning, message, at: location, length: length, note: note)
  }

  mutating func report(
    _ severity: LessonDiagnostic.Severity, _ message: String, at location: SourceLocation?,
    length: Int = 1, note: String? = nil
  ) {
    // Past the cap, one line says the rest are not shown (a line of 10,000 bad entries
    // costs a hundred messages, not ten thousand).
    guard diagnostics.count <= LessonDiagnostic.maxPerFile else { return }
    guard diagnostics.count < LessonDiagnostic.maxPerFile else {
      diagnostics.append(
        LessonDiagnostic(
          severity, path: path, at: nil,
          "more than \(LessonDiagnostic.maxPerFile) problems; the rest are not shown"))
      return
    }
    var diagnostic = LessonDiagnostic(
      severity, path: path, at: location, length: length, message, note: note)
    if let line = location?.line, line >= 1, line <= lineCount {
      diagnostic.quote(self.line(line))
    }
    diagnostics.append(diagnostic)
  }

  mutating func error(_ message: String, at node: Node, note: String? = nil) {
    error(message, at: location(of: node), length: keyLength(node), note: note)
  }

  private func keyLength(_ node: Node) -> Int {
    if case .scalar(let scalar) = node, !scalar.string.contains("\n") {
      return max(1, scalar.string.count)
    }
    return 1
  }

  // MARK: - Mappings

  /// The pairs of a mapping, checking its keys: unknown ones get "did you mean",
  /// missing required ones an error at the mapping. Nil (with an error) if not a mapping.
  mutating func mapping(
    _ node: Node, what: String, required: [String], optional: [String]
  ) -> [String: (key: Node, value: Node)]? {
    guard case .mapping(let mapping) = node else {
      error("\(what) must be a mapping of keys to values", at: node)
      return nil
    }
    var result: [String: (key: Node, value: Node)] = [:]
    result.reserveCapacity(mapping.count)
    let known = required + optional
    var suggested: Set<String> = []
    var candidates: [String]?  // known keys not present, computed once when needed
    for index in mapping.indices {
      let (key, value) = mapping[index]
      guard let name = key.string else {
        error("keys must be plain names", at: key)
        continue
      }
      guard known.contains(name) else {
        if candidates == nil {
          let present = Set(mapping.compactMap { $0.key.string })
          candidates = known.filter { !present.contains($0) }
        }
        let candidates = candidates ?? []
        let suggestion = Suggestion.didYouMean(name, among: candidates)
        for candidate in candidates where Suggestion.editDistance(name, candidate) <= 2 {
          suggested.insert(candidate)
        }
        error(
          "unknown key `\(name)` in \(what)", at: key,
          note: suggestion ?? "the keys are: " + known.joined(separator: ", "))
        continue
      }
      if result[name] != nil {
        error("duplicate key `\(name)` in \(what)", at: key)
        continue
      }
      result[name] = (key, value)
    }
    for name in required where result[name] == nil && !suggested.contains(name) {
      error("missing key `\(name)` in \(what)", at: location(of: node))
    }
    return result
  }

  /// The ordered `(name, value)` pairs of a mapping whose keys are names (given, graph).
  mutating func namedPairs(_ node: Node, what: String) -> [(key: Node, name: String, value: Node)] {
    guard case .mapping(let mapping) = node else {
      error("\(what) must be a mapping of names to expressions", at: node)
      return []
    }
    var seen: Set<String> = []
    var result: [(key: Node, name: String, value: Node)] = []
    for index in mapping.indices {
      let (key, value) = mapping[index]
      guard let name = key.string, Self.isName(name) else {
        error(
          "`\(key.string ?? "?")` is not a name", at: key,
          note: "names are letters, digits and _, starting with a letter")
        continue
      }
      if !seen.insert(name).inserted {
        error("duplicate name `\(name)` in \(what)", at: key)
        continue
      }
      result.append((key, name, value))
    }
    return result
  }

  static func isName(_ text: String) -> Bool {
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      // ASCII: a letter or `_`, then letters, digits and `_` (as the characters say).
      guard let first = text.utf8.first, first == UInt8(ascii: "_") || isASCIILetter(first)
      else { return false }
      return text.utf8.allSatisfy {
        isASCIILetter($0) || isASCIIDigit($0) || $0 == UInt8(ascii: "_")
      }
    }
    guard let first = text.first, first.isLetter || first == "_" else { return false }
    return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }

  /// Whether every character of `text` is a letter, a digit or one of `others`, asked
  /// of the bytes when the text is ASCII (where a letter or a number is `A`…`Z`, `a`…`z`
  /// or `0`…`9`, and a carriage return, alone or before a line feed, is neither).
  static func isWord(_ text: String, others: [Character]) -> Bool {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
      return text.allSatisfy { $0.isLetter || $0.isNumber || others.contains($0) }
    }
    let bytes = others.compactMap(\.asciiValue)
    return text.utf8.allSatisfy { isASCIILetter($0) || isASCIIDigit($0) || bytes.contains($0) }
  }

  static func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  static func isASCIIDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  // MARK: - Scalars

  /// A string scalar with where each character came from; nil (with an error) otherwise.
  mutating func located(_ node: Node, what: String, math: Bool = false) -> Located? {
    guard case .scalar(let scalar) = node else {
      let hint =
        node.sequence != nil
        ? "YAML reads [ ] as a list: quote it, e.g. '[1; -1]', or use a | block" : nil
      error("\(what) must be text", at: node, note: hint)
      return nil
    }
    let start = location(of: node) ?? SourceLocation(line: 1, column: 1)
    let located: Located
    switch scalar.style {
    case .literal, .folded:
      let firstLine = start.line + 1
      let indents = (0..<Self.lineCount(scalar.string)).map { k in indent(ofLine: firstLine + k) }
      located = Located(
        scalar.string, at: start, style: .block(firstLine: firstLine, indents: indents))
    case .singleQuoted, .doubleQuoted:
      located = Located(
        scalar.string, at: SourceLocation(line: start.line, column: start.column + 1))
    default:
      located = Located(scalar.string, at: start)
    }
    checkControlCharacters(located, what: what, doubleQuoted: scalar.style == .doubleQuoted)
    return located
  }

  /// The number of lines of `text`: one more than its "\n" characters (a line feed is
  /// one unless a carriage return comes before it: "\r\n" is one character).
  static func lineCount(_ text: String) -> Int {
    var count = 1
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { count += 1 }
      previous = byte
    }
    return count
  }

  /// The spaces that begin file line `line` (0 past the end), counted in characters as
  /// the line is shown.
  func indent(ofLine line: Int) -> Int {
    guard line >= 1, line <= lineCount else { return 0 }
    let bytes = self.line(line).utf8
    let spaces = bytes.prefix { $0 == UInt8(ascii: " ") }
    // A space followed by a combining mark is one character with it, not a space.
    if let next = bytes.dropFirst(spaces.count).first, next >= 0x80 {
      return sourceLine(line).map { $0.prefix { $0 == " " }.count } ?? 0
    }
    return spaces.count
  }

  /// Rejects control characters (other than newline and tab), which in lesson text are
  /// almost always a double-quoted `"\frac"` turned into a form feed.
  private mutating func checkControlCharacters(_ text: Located, what: String, doubleQuoted: Bool) {
    // Such a character is one byte in UTF-8, and no byte of another character is below
    // 0x80: a scan of the bytes finds whether there is one (fast); scalars say where.
    guard
      text.text.utf8.contains(where: { byte in
        (byte < 0x20 && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t")) || byte == 0x7F
      })
    else { return }
    // Count Characters only for the one that is reported.
    guard
      let bad = text.text.unicodeScalars.firstIndex(where: { scalar in
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F
      })
    else { return }
    let offset = text.text.distance(from: text.text.startIndex, to: bad)
    let value = text.text.unicodeScalars[bad].value
    let hex = String(value, radix: 16, uppercase: true)
    let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    error(
      "control character \(code) in \(what)", at: text.location(ofOffset: offset),
      note: doubleQuoted
        ? "in double quotes \"\\f\", \"\\b\", \"\\t\" are escapes; write math in a plain or | block scalar"
        : "remove it")
  }

  mutating func string(_ node: Node, what: String) -> String? {
    located(node, what: what)?.text
  }

  mutating func integer(_ node: Node, what: String) -> Int? {
    guard case .scalar = node, let value = node.int else {
      error("\(what) must be a whole number", at: node)
      return nil
    }
    return value
  }

  mutating func number(_ node: Node, what: String) -> Double? {
    guard case .scalar = node, let value = node.float ?? node.int.map(Double.init), value.isFinite
    else {
      error("\(what) must be a number", at: node)
      return nil
    }
    return value
  }

  mutating func bool(_ node: Node, what: String) -> Bool? {
    guard case .scalar = node, let value = node.bool else {
      error("\(what) must be true or false", at: node)
      return nil
    }
    return value
  }

  /// `[low, high]` with low < high.
  mutating func interval(_ node: Node, what: String) -> ClosedRange<Double>? {
    guard case .sequence(let sequence) = node, sequence.count == 2 else {
      error("\(what) must be an interval [low, high]", at: node)
      return nil
    }
    guard let low = number(sequence[0], what: "the low end of \(what)"),
      let high = number(sequence[1], what: "the high end of \(what)")
    else { return nil }
    guard low < high else {
      error("\(what) must have low < high, got [\(low), \(high)]", at: node)
      return nil
    }
    return low...high
  }

  /// A list of nodes; a single scalar counts as a list of one.
  mutating func sequence(_ node: Node, what: String) -> [Node]? {
    switch node {
    case .sequence(let sequence): return Array(sequence)
    case .scalar: return [node]
    default:
      error("\(what) must be a list", at: node)
      return nil
    }
  }
}
