import Testing

@testable import TutorMath

@Suite("Terminal cell widths")
struct TextWidthTests {
  @Test(
    "each string occupies the cells a terminal gives it",
    arguments: [
      ("abc", 3),
      ("∂J/∂W⁽³⁾", 8),
      ("⎡1  2⎤", 6),
      ("x\u{0303}", 1),  // x + combining tilde
      ("漢字", 4),
      ("σ(1 − σ)", 8),
      ("", 0),
    ])
  func width(text: String, cells: Int) {
    #expect(TextWidth.cells(of: text) == cells)
  }
}
