// The renderer scans TeX and prose as Unicode scalars: their syntax is ASCII, and
// scalars compare as integers where `Character`s compare as strings. These are the
// scalar-level questions it asks, each with an ASCII fast path.

extension String {
  /// The text of a run of Unicode scalars.
  public init(scalars: ArraySlice<Unicode.Scalar>) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(scalars.count)
    for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
    self.init(decoding: bytes, as: UTF8.self)
  }
}

extension Unicode.Scalar {
  /// White space (space, tab, line breaks, and Unicode's other spaces).
  public var isSpace: Bool {
    if value < 0x80 { return value == 32 || (value >= 9 && value <= 13) }
    return properties.isWhitespace
  }

  /// Whether it extends the character before it: a combining mark, a variation
  /// selector, the zero-width joiner, an emoji skin tone. A `Character` holds these with
  /// its base; scanning by scalars, an atom takes them along.
  public var extendsCharacter: Bool {
    guard value >= 0x300 else { return false }
    if value == 0x200D || (0x1F3FB...0x1F3FF).contains(value) { return true }
    return properties.isGraphemeExtend || properties.generalCategory == .spacingMark
  }
}
