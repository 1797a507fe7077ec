/// A half-open range of characters (grapheme clusters) in an expression's source,
/// 0-based: `lowerBound` is the offset of the first character, `upperBound` one past the last.
///
/// Lesson files add the expression's own line and column to report `path:line:col`.
public struct SourceRange: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var lowerBound: Int
  public var upperBound: Int

  public init(_ lowerBound: Int, _ upperBound: Int) {
    self.lowerBound = lowerBound
    self.upperBound = max(lowerBound, upperBound)
  }

  /// An empty range at `offset`, for "expected … here" at a position.
  public init(at offset: Int) { self.init(offset, offset) }

  /// The number of characters covered.
  public var count: Int { upperBound - lowerBound }

  /// The 1-based column of the first character, as compilers print it.
  public var column: Int { lowerBound + 1 }

  /// The smallest range covering both.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(min(lowerBound, other.lowerBound), max(upperBound, other.upperBound))
  }

  public var description: String { "\(lowerBound)..<\(upperBound)" }
}
