import TerminalText
import Testing
import TutorEngine

@testable import TutorMath

/// The one presenter: a verdict (data) in words, for Unicode and for ASCII.
@Suite("Verdict presenter")
struct VerdictPresenterTests {
  static let unicode = VerdictPresenter(style: .unicode, width: 80)
  static let ascii = VerdictPresenter(style: .ascii, width: 80)

  static let verdicts: [(Verdict, String)] = [
    (Verdict(.correct, reading: .value(try! .column([3, -3]))), "[3; -3]"),
    (Verdict(.close, reading: .value(Tensor(0.08))), "0.08"),
    (
      Verdict(
        .incorrect, reading: .value(try! .row([0, 18])), diagnosis: .flippedSign,
        entryMarks: [true, false], given: try! .row([0, 18])), "[0, 18]"
    ),
    (Verdict(.incorrect, diagnosis: .wrongShape(expected: [2, 1], given: [1, 2])), "[1, 2]"),
    (Verdict(.incorrect, diagnosis: .scaled(.half)), "1"),
    (Verdict(.incorrect, diagnosis: .scaled(.learningRate(0.01))), "1"),
    (
      Verdict(
        .incorrect,
        diagnosis: .otherQuantity(
          QuantityReference(name: "dJ_da2", tex: "\\partial J/\\partial a^{(2)}"))), "1"
    ),
    (Verdict(.incorrect, diagnosis: .declaredMistake("mind $W^{(3)\\top}$ · the sign")), "1"),
    (
      Verdict(
        .correct, reading: .value(try! .row([3, -3])),
        notes: [.acceptedOtherOrientation(given: [1, 2], expected: [2, 1])]), "[3, -3]"
    ),
    (
      Verdict(.malformed, error: MathError(.syntax, "unexpected `×`", at: SourceRange(1, 2))),
      "2×3"
    ),
  ]

  @Test("ASCII style prints pure ASCII for every kind, diagnosis and note")
  func asciiIsPure() {
    for (verdict, answer) in Self.verdicts {
      for line in Self.ascii.lines(verdict, answer: answer) {
        #expect(line.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(line.text)")
      }
    }
  }

  @Test(
    "diagnoses in words",
    arguments: [
      (Diagnosis.flippedSign, "the sign is flipped", "the sign is flipped"),
      (.transposed, "that is the transpose of the answer", "that is the transpose of the answer"),
      (.scaled(.half), "off by a factor of ½", "off by a factor of 1/2"),
      (
        .scaled(.learningRate(0.01)), "off by a factor of the learning rate η = 0.01",
        "off by a factor of the learning rate eta = 0.01"
      ),
      (
        .wrongShape(expected: [2, 1], given: [1, 2]), "expected 2×1, you gave 1×2",
        "expected 2x1, you gave 1x2"
      ),
      (.entries(right: 1, total: 2), "1 of 2 entries are right", "1 of 2 entries are right"),
      (
        .otherQuantity(QuantityReference(name: "dJ_da2", tex: "\\partial J/\\partial a^{(2)}")),
        "that is ∂J/∂a⁽²⁾", "that is dJ/da^(2)"
      ),
    ])
  func diagnosisWords(diagnosis: Diagnosis, unicode: String, ascii: String) {
    #expect(Self.unicode.diagnosis(diagnosis) == unicode)
    #expect(Self.ascii.diagnosis(diagnosis) == ascii)
  }

  @Test("the lines: headline first, then the reading, the marked entries, the notes")
  func lineOrder() throws {
    let verdict = Self.verdicts[2].0
    let lines = Self.unicode.lines(verdict, answer: "[0, 18]")
    #expect(lines.map(\.role) == [.headline(.incorrect), .reading, .entries])
    #expect(
      lines.map(\.text) == [
        "✗ incorrect — the sign is flipped", "  read as a 1×2 row [0, 18]", "  [ 0 ✓   18 ✗ ]",
      ])
    #expect(
      Self.ascii.lines(verdict, answer: "[0, 18]").map(\.text) == [
        "x incorrect - the sign is flipped", "  read as a 1x2 row [0, 18]", "  [ 0 ok   18 x ]",
      ])
  }

  @Test("an unreadable answer gets the source and a caret under the problem")
  func caret() {
    let verdict = Verdict(
      .malformed, error: MathError(.syntax, "expected `]`", at: SourceRange(6, 6)))
    let lines = Self.unicode.lines(verdict, answer: "[3, -3")
    #expect(lines.map(\.role) == [.headline(.malformed), .source, .caret])
    #expect(lines[1].text == "  [3, -3")
    #expect(lines[2].text == "        ^")
  }

  @Test("long words wrap to the width, continuation lines indented")
  func wraps() {
    let narrow = VerdictPresenter(style: .unicode, width: 30)
    let verdict = Verdict(
      .incorrect,
      diagnosis: .declaredMistake(
        "you multiplied by the transpose of the weights instead of the weights"))
    let lines = narrow.lines(verdict, answer: "1")
    #expect(lines.count > 1)
    #expect(lines.allSatisfy { TextWidth.cells(of: $0.text) <= 30 })
  }
}

/// The one Unicode → ASCII table.
@Suite("ASCII fold")
struct ASCIIFoldTests {
  @Test(
    "symbols, Greek, scripts and brackets",
    arguments: [
      ("∂J/∂a⁽¹⁾", "dJ/da^(1)"), ("2×1", "2x1"), ("η = 0.01", "eta = 0.01"), ("x²", "x^2"),
      ("Wᵀ", "W^T"), ("σᵢ", "sigma_i"), ("⎡ 1 ⎤", "[ 1 ]"), ("✓ done — ok", "ok done - ok"),
      ("x̃", "x"), ("plain", "plain"), ("⟨unknown ☃⟩", "<unknown ?>"),
    ])
  func folds(unicode: String, ascii: String) {
    #expect(ASCIIFold.fold(unicode) == ascii)
  }
}
