import Testing

@testable import TutorLessons

/// Placeholders are found the same way in ASCII prose (scanned as bytes) and in any other
/// (scanned as characters): offsets count characters either way.
@Suite("Placeholder scanning: ASCII and Unicode prose alike")
struct PlaceholderScanTests {
  @Test(
    "the same offsets, ranges and math flags",
    arguments: [
      ("a {x} b $\\frac{1}{2} + {y}$ c", "∂ {x} b $\\frac{1}{2} + {y}$ c"),
      ("$$W^{(1)} {W1}$$ \\{ {z", "$$Ŵ^{(1)} {W1}$$ \\{ {z"),
      ("line\r\n{x}", "lïne\r\n{x}"),
    ])
  func sameOffsets(ascii: String, unicode: String) {
    let plain = Placeholders.occurrences(in: ascii)
    let other = Placeholders.occurrences(in: unicode)
    #expect(!plain.isEmpty)
    #expect(plain.map(\.offset) == other.map(\.offset))
    #expect(plain.map(\.range) == other.map(\.range))
    #expect(plain.map(\.inMath) == other.map(\.inMath))
    #expect(plain.map(\.expression) == other.map(\.expression))
  }

  @Test("a carriage return and line feed is one character")
  func crlf() {
    #expect(Placeholders.occurrences(in: "a\r\n{x}").map(\.offset) == [3])
  }
}
