import Testing
import TutorEngine

@testable import TutorMath

/// Foreign notation gets a concrete suggestion, with the caret under what was typed
/// (issue 10, item 9): NumPy, MATLAB, TeX, a decimal comma, an implicit product.
@Suite("Foreign notation")
struct ForeignNotationTests {
  static let unicode = VerdictPresenter(style: .unicode, width: 100)
  static let ascii = VerdictPresenter(style: .ascii, width: 100)

  /// Names the answers below may use.
  static let context = AnswerContext(names: [
    "a": Tensor(2), "b": Tensor(4), "x": Tensor(0.5), "s": Tensor(0.25),
    "W": try! Tensor(rows: [[1, 2], [3, 4]]), "v": try! Tensor.column([1, -1]),
  ])

  static func check(_ text: String, _ expected: Tensor = Tensor(1)) -> Verdict {
    AnswerChecker.check(text, against: .value(expected), context: context)
  }

  @Test(
    "syntax from elsewhere: the message, the caret, and what to write here",
    arguments: [
      (
        "np.array([[3],[-3]])", "NumPy's `np.array` is not read here", 0, 8,
        "NumPy's np.array([[3],[-3]]) is written [3; -3] here"
      ),
      (
        "np.array([[1, 2], [3, 4]])", "NumPy's `np.array` is not read here", 0, 8,
        "NumPy's np.array([[1, 2], [3, 4]]) is written [1, 2; 3, 4] here"
      ),
      (
        "2 * numpy.array([3, -3])", "NumPy's `numpy.array` is not read here", 4, 15,
        "NumPy's numpy.array([3, -3]) is written [3, -3] here"
      ),
      ("np.exp(x)", "NumPy's `np.exp` is not read here", 0, 6, "write exp(…) without `np.`"),
      (
        "np.dot(W, v)", "NumPy's `np.dot` is not read here", 0, 6,
        "write a @ b for the matrix product"
      ),
      (
        "W.T @ v", "NumPy's `.T` is not read here", 1, 3,
        "write W' or transpose(W) for the transpose"
      ),
      (
        "a .* b", "MATLAB's `.*` is not read here", 2, 4,
        "`*` already works entry by entry: write a * b"
      ),
      (
        "a.^2", "MATLAB's `.^` is not read here", 1, 3,
        "`^` already works entry by entry: write a^2"
      ),
      (
        "a./b", "MATLAB's `./` is not read here", 1, 3,
        "`/` already works entry by entry: write a/b"
      ),
      ("\\frac{a}{b}", "TeX's `\\frac` is not read here", 0, 5, "write a/b"),
      (
        "\\frac{1}{1 + e^{-x}}", "TeX's `\\frac` is not read here", 0, 5,
        "write 1/(1 + e^(-x))"
      ),
      ("s \\cdot (1 - s)", "TeX's `\\cdot` is not read here", 2, 7, "write s * (1 - s)"),
      ("\\sqrt{a}", "TeX's `\\sqrt` is not read here", 0, 5, "write sqrt(a)"),
      ("2x", "expected an operator between 2 and `x`", 1, 2, "write 2*x for a product"),
      ("[2a; 3]", "expected an operator between 2 and `a`", 2, 3, "write 2*a for a product"),
    ])
  func syntax(text: String, message: String, lower: Int, upper: Int, note: String) {
    let verdict = Self.check(text)
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.message == message)
    #expect(verdict.error?.range == SourceRange(lower, upper))
    #expect(verdict.error?.note == note)
  }

  @Test("the caret sits under the foreign part, in both styles")
  func caretLines() {
    let text = "np.array([[3],[-3]])"
    let verdict = Self.check(text, try! .column([3, -3]))
    #expect(
      Self.unicode.lines(verdict, answer: text).map(\.text) == [
        "✗ could not read that: NumPy's `np.array` is not read here",
        "  np.array([[3],[-3]])",
        "  ^~~~~~~~",
        "  NumPy's np.array([[3],[-3]]) is written [3; -3] here",
      ])
    let matlab = "a .* b"
    #expect(
      Self.ascii.lines(Self.check(matlab), answer: matlab).map(\.text) == [
        "x could not read that: MATLAB's `.*` is not read here",
        "  a .* b",
        "    ^~",
        "  `*` already works entry by entry: write a * b",
      ])
  }

  @Test(
    "each suggestion, typed, is the answer meant",
    arguments: [
      ("np.array([[3],[-3]])", "[3; -3]", "[3; -3]"), ("a .* b", "a * b", "8"),
      ("\\frac{a}{b}", "a/b", "0.5"), ("s \\cdot (1 - s)", "s * (1 - s)", "0.1875"),
      ("2x", "2*x", "1"),
    ])
  func suggestionsAreRight(text: String, suggestion: String, meant: String) {
    let expected = PatientTATests.engine(meant)
    #expect(Self.check(text, expected).error?.note?.contains(suggestion) == true)
    #expect(Self.check(suggestion, expected).kind == .correct)
  }

  // MARK: - Read another way: the step decides

  @Test(
    "a decimal comma where the comma reading does not fit: use a decimal point",
    arguments: [
      (
        "0,57", "0.57", "`0,57` reads as two entries here, 0 and 57", 1,
        "use a decimal point: write 0.57"
      ),
      (
        "-1,5", "-1.5", "`1,5` reads as two entries here, 1 and 5", 2,
        "use a decimal point: write 1.5"
      ),
      (
        "[1,18; -1]", "[1.18; -1]", "`1,18` reads as two entries here, 1 and 18", 2,
        "use a decimal point: write 1.18"
      ),
      (
        "[0,5 2,5]", "[0.5, 2.5]", "`0,5` reads as two entries here, 0 and 5", 2,
        "use a decimal point: write 0.5"
      ),
    ])
  func decimalComma(text: String, meant: String, message: String, column: Int, note: String) {
    let expected = PatientTATests.engine(meant)
    let verdict = Self.check(text, expected)
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.message == message)
    #expect(verdict.error?.range == SourceRange(column, column + 1))
    #expect(verdict.error?.note == note)
    let points = ForeignNotation.withDecimalPoints(
      text, commas: ForeignNotation.decimalCommas(in: text))
    #expect(Self.check(points, expected).kind == .correct)
  }

  @Test(
    "a comma reading that fits the step is judged as typed",
    arguments: [
      ("0,57", "[0, 57]", Verdict.Kind.correct), ("0,57", "[0; 57]", .correct),
      ("1,5", "[1, 6]", .incorrect),
    ])
  func commaThatFits(text: String, expected: String, kind: Verdict.Kind) {
    #expect(Self.check(text, PatientTATests.engine(expected)).kind == kind)
  }

  @Test(
    "a comma between digits is a decimal comma only when no name or point is glued to it",
    arguments: [
      ("0,57", [1]), ("[1,5; 2,5]", [2, 7]), ("x1,2", []), ("max(0, 5)", []), ("1.5,2", []),
    ])
  func decimalCommaPlaces(text: String, commas: [Int]) {
    #expect(ForeignNotation.decimalCommas(in: text).map(\.lowerBound) == commas)
  }

  @Test(
    "entries separated by a space where their product is meant: write the `*`",
    arguments: [
      (
        "a b", "8", "a space between `a` and `b` separates two entries", 1, 2,
        "write a*b for a product"
      ),
      (
        "2 a", "4", "a space between `2` and `a` separates two entries", 1, 2,
        "write 2*a for a product"
      ),
      (
        "a  v", "[2; -2]", "a space between `a` and `v` separates two entries", 1, 3,
        "write a*v for a product"
      ),
    ])
  func implicitProduct(
    text: String, expected: String, message: String, lower: Int, upper: Int, note: String
  ) {
    let verdict = Self.check(text, PatientTATests.engine(expected))
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.message == message)
    #expect(verdict.error?.range == SourceRange(lower, upper))
    #expect(verdict.error?.note == note)
  }

  @Test("a formula written with a space: write g2*x1")
  func implicitProductInFormula() {
    let formula = PatientTATests.linear
    let verdict = AnswerChecker.check("g2 x1", against: .formula(formula))
    #expect(verdict.kind == .malformed)
    #expect(
      Self.unicode.lines(verdict, answer: "g2 x1").map(\.text) == [
        "✗ could not read that: a space between `g2` and `x1` separates two entries",
        "  g2 x1", "    ^", "  write g2*x1 for a product",
      ])
    #expect(AnswerChecker.check("g2*x1", against: .formula(formula)).kind == .correct)
  }

  @Test(
    "space-separated entries that fit the step, or numbers only, are judged as typed",
    arguments: [
      ("3 0", "[3; 0]", Verdict.Kind.correct, nil),
      ("2 3", "6", .incorrect, Diagnosis.wrongShape(expected: [], given: [1, 2])),
    ] as [(String, String, Verdict.Kind, Diagnosis?)])
  func spacesThatFit(text: String, expected: String, kind: Verdict.Kind, diagnosis: Diagnosis?) {
    let verdict = Self.check(text, PatientTATests.engine(expected))
    #expect(verdict.kind == kind)
    #expect(verdict.diagnosis == diagnosis)
  }

  @Test("every foreign-notation verdict is pure ASCII in the ASCII style")
  func asciiPure() {
    for text in [
      "np.array([[3],[-3]])", "a .* b", "\\frac{a}{b}", "0,57", "a b", "2x", "np.exp(x)",
    ] {
      for line in Self.ascii.lines(Self.check(text), answer: text) {
        #expect(line.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(line.text)")
      }
    }
  }

  @Test("the language's function names are the evaluator's, in the same order")
  func functionNamesMatchTheEvaluator() {
    #expect(FunctionNames.all == Evaluator.functions.map(\.name))
    #expect(FunctionNames.contains("sigmoid"))
    #expect(!FunctionNames.contains("dot"))
  }
}
