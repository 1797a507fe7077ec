/// A 1-based line and column in a lesson file, as compilers print them.
public struct SourceLocation: Equatable, Hashable, Sendable, Comparable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    (self.line, self.column) = (line, column)
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }

  public var description: String { "\(line):\(column)" }
}

/// A string from a lesson file that remembers where each of its characters came from,
/// so an error inside an expression or a block scalar points at the right column.
public struct Located: Equatable, Sendable {
  /// How the YAML scalar was written; it decides how offsets map to columns.
  public enum Style: Equatable, Sendable {
    /// Plain or quoted on one line: `opening` is the first character's location.
    case inline
    /// A `|` or `>` block: line k of the text sits on file line `firstLine + k`
    /// after `indents[k]` spaces.
    case block(firstLine: Int, indents: [Int])
  }

  public var text: String
  /// Where the scalar starts (for a block, the indicator `|`).
  public var location: SourceLocation
  public var style: Style

  public init(_ text: String, at location: SourceLocation, style: Style = .inline) {
    (self.text, self.location, self.style) = (text, location, style)
  }

  /// The file location of the character at `offset` (0-based, in characters) of ``text``.
  public func location(ofOffset offset: Int) -> SourceLocation {
    let characters = Array(text)
    var clamped = min(max(offset, 0), characters.count)
    // "At the end of the input" points after the last character, not past a final newline.
    while clamped > 0,
      clamped == characters.count || characters[clamped...].allSatisfy(\.isNewline),
      characters[clamped - 1].isNewline
    {
      clamped -= 1
    }
    var line = 0
    var column = 0
    for character in characters[..<clamped] {
      if character == "\n" {
        line += 1
        column = 0
      } else {
        column += 1
      }
    }
    switch style {
    case .inline:
      if line == 0 {
        return SourceLocation(line: location.line, column: location.column + column)
      }
      return SourceLocation(line: location.line + line, column: column + 1)
    case .block(let firstLine, let indents):
      let indent = line < indents.count ? indents[line] : (indents.last ?? 0)
      return SourceLocation(line: firstLine + line, column: indent + column + 1)
    }
  }
}
