import Testing
import TutorEngine

@testable import TutorMath

/// Judged as a patient TA would (issue 10, items 6, 8 and 9): right rounding is right,
/// numbers are echoed as typed, wrong numbers are told what is wrong with them, and
/// each new diagnosis in words, Unicode and ASCII. Expected values come from the engine.
@Suite("Patient TA")
struct PatientTATests {
  static let unicode = VerdictPresenter(style: .unicode, width: 100)
  static let ascii = VerdictPresenter(style: .ascii, width: 100)

  /// The engine's value of `text` (with `names` bound).
  static func engine(_ text: String, names: [String: Tensor] = [:]) -> Tensor {
    var evaluator = Evaluator()
    for (name, value) in names { _ = try! evaluator.bindConstant(name, value) }
    let id = try! evaluator.evaluate(text)
    return evaluator.value(of: id)
  }

  static func check(
    _ text: String, _ expected: Tensor, context: AnswerContext = AnswerContext(),
    options: CheckOptions = CheckOptions()
  ) -> Verdict {
    AnswerChecker.check(text, against: .value(expected), context: context, options: options)
  }

  /// The headline and the lines after it, in both styles.
  static func texts(_ verdict: Verdict, _ answer: String) -> (unicode: [String], ascii: [String]) {
    (
      unicode.lines(verdict, answer: answer).map(\.text),
      ascii.lines(verdict, answer: answer).map(\.text)
    )
  }

  // MARK: - Significant figures

  @Test(
    "significant figures of a typed number, and the power of ten of its last figure",
    arguments: [
      ("0.0900", 3, -4), ("0.245", 3, -3), ("0.09", 1, -2), ("0.09003", 4, -5),
      ("1.1799", 5, -4), ("18", 2, 0), ("1200", 2, 2), ("1200.", 4, 0), ("2.50e-3", 3, -5),
      ("2.5E+2", 2, 1), (".5", 1, -1), ("3.", 1, 0), ("0.00", 0, -2), ("0", 0, 0),
    ])
  func figures(literal: String, figures: Int, last: Int) throws {
    let number = try #require(TypedNumber(literal: literal, text: literal))
    #expect(number.significantFigures == figures)
    #expect(number.lastDigitExponent == last)
  }

  // MARK: - Rounding (item 6)

  static let softmax = engine("softmax([1; 2; 3])")

  @Test(
    "softmax([1; 2; 3]): right rounding to 3 or more figures is right; fewer is close",
    arguments: [
      ("[0.0900; 0.245; 0.665]", Verdict.Kind.correct, nil, nil),
      ("[0.09003; 0.2447; 0.6652]", .correct, nil, nil),
      ("[0.0900, 0.245, 0.665]", .correct, nil, nil),  // a row for the column
      ("[0.0901; 0.2447; 0.6652]", .correct, nil, nil),  // 0.0901: within 1e-3, not a rounding
      ("[0.09; 0.24; 0.67]", .close, Diagnosis.tooFewFigures(needed: 3), [true, false, false]),
      ("[0.090; 0.24; 0.665]", .close, .tooFewFigures(needed: 3), [true, false, true]),
      ("[0.0900; 0.244; 0.665]", .close, .notRoundedCorrectly, [true, false, true]),
      ("[0.0900; 0.2450; 0.665]", .close, .notRoundedCorrectly, [true, false, true]),
    ] as [(String, Verdict.Kind, Diagnosis?, [Bool]?)])
  func rounding(text: String, kind: Verdict.Kind, diagnosis: Diagnosis?, marks: [Bool]?) {
    let verdict = Self.check(text, Self.softmax)
    #expect(verdict.kind == kind)
    #expect(verdict.diagnosis == diagnosis)
    #expect(verdict.entryMarks == marks)
  }

  @Test(
    "a number: rounded to 3 figures is right even outside the tolerance",
    arguments: [
      ("0.250", Verdict.Kind.correct),  // 0.104 % off 0.249739…, but 0.2497… rounds to 0.250
      ("0.2497", .correct),
      ("0.25", .close),  // 2 figures
      ("0.249", .close),  // 3 figures, not the rounding
      ("0.24", .close),
      ("0.2", .incorrect),
    ])
  func roundingNumber(text: String, kind: Verdict.Kind) {
    #expect(Self.check(text, Self.engine("sigmoid(-1.1)")).kind == kind)
  }

  @Test("with fewer figures the message says how many to give, in both styles")
  func closeWords() {
    let answer = "[0.09; 0.24; 0.67]"
    let (unicode, ascii) = Self.texts(Self.check(answer, Self.softmax), answer)
    #expect(
      unicode == [
        "≈ close — give at least 3 significant figures",
        "  read as a 3×1 column [0.09; 0.24; 0.67]",
        "  [ 0.09 ✓ ]", "  [ 0.24 ✗ ]", "  [ 0.67 ✗ ]",
      ])
    #expect(
      ascii == [
        "~ close - give at least 3 significant figures",
        "  read as a 3x1 column [0.09; 0.24; 0.67]",
        "  [ 0.09 ok ]", "  [  0.24 x ]", "  [  0.67 x ]",
      ])
  }

  @Test("enough figures that are not the rounding: check the last ones")
  func notRoundedWords() {
    let verdict = Self.check("[0.0900; 0.244; 0.665]", Self.softmax)
    #expect(
      Self.unicode.summary(verdict)
        == "close — not the answer correctly rounded; check the last figures")
    #expect(
      Self.ascii.summary(verdict)
        == "close - not the answer correctly rounded; check the last figures")
  }

  @Test("the minimum number of figures is a per-step option")
  func minimumFigures() {
    var options = CheckOptions()
    options.minimumSignificantFigures = 4
    let verdict = Self.check("[0.0900; 0.245; 0.665]", Self.softmax, options: options)
    #expect(verdict.kind == .close)
    #expect(verdict.diagnosis == .tooFewFigures(needed: 4))
    #expect(Self.unicode.summary(verdict) == "close — give at least 4 significant figures")
  }

  @Test(
    "read as: typed numbers exactly as typed, computed ones as their value",
    arguments: [
      ("1.1799", "1 - 0.01*(-18)", "read as the number 1.1799", "read as the number 1.1799"),
      ("−6.0", "-6", "read as the number −6.0", "read as the number -6.0"),
      ("-2*(6-3)", "-6", "read as the number -6", "read as the number -6"),
      (
        "[0.0900; 0.245; 0.665]", "softmax([1; 2; 3])",
        "read as a 3×1 column [0.0900; 0.245; 0.665]",
        "read as a 3x1 column [0.0900; 0.245; 0.665]"
      ),
      (
        "[1/3; 0.500]", "[1/3; 1/2]", "read as a 2×1 column [0.3333; 0.500]",
        "read as a 2x1 column [0.3333; 0.500]"
      ),
      (
        "[[0.10, 2], [3, 4.50]]", "[0.1 2; 3 4.5]", "read as a 2×2 matrix [0.10 2; 3 4.50]",
        "read as a 2x2 matrix [0.10 2; 3 4.50]"
      ),
      ("3.0 0", "[3; 0]", "read as a 1×2 row [3.0, 0]", "read as a 1x2 row [3.0, 0]"),
      ("[- 18, 0]", "[-18, 0]", "read as a 1×2 row [-18, 0]", "read as a 1x2 row [-18, 0]"),
    ])
  func readAsTyped(text: String, expected: String, unicode: String, ascii: String) {
    let verdict = Self.check(text, Self.engine(expected))
    #expect(verdict.kind == .correct)
    #expect(verdict.reading.map(Self.unicode.reading) == unicode)
    #expect(verdict.reading.map(Self.ascii.reading) == ascii)
  }

  @Test("marked entries show the numbers as typed")
  func marksAsTyped() {
    let answer = "[0.0900; 0.250; 0.665]"
    let (unicode, _) = Self.texts(Self.check(answer, Self.softmax), answer)
    #expect(unicode.suffix(3) == ["  [ 0.0900 ✓ ]", "  [  0.250 ✗ ]", "  [  0.665 ✓ ]"])
  }

  // MARK: - Values before orientation (item 8)

  /// ∂J/∂W⁽³⁾ of relu-1-2-2-1: a row.
  static let gradientW3 = engine("-2 * (6 - 3) * [0, 3]")

  @Test(
    "a vector of the other orientation is judged by its numbers first",
    arguments: [
      ("[-18, 0]", Verdict.Kind.incorrect, Diagnosis.swappedEntries(1, 2, total: 2)),
      ("[-18; 0]", .incorrect, .swappedEntries(1, 2, total: 2)),
      ("[0; 18]", .incorrect, .flippedSign),
      ("[0; -36]", .incorrect, .scaled(.two)),
      ("[5; 7]", .incorrect, .entries(right: 0, total: 2)),
      ("[1; -18]", .incorrect, .entries(right: 1, total: 2)),
      ("[0; -18.5]", .close, .notRoundedCorrectly),
      ("[0; -18]", .correct, nil),
    ] as [(String, Verdict.Kind, Diagnosis?)])
  func valuesBeforeOrientation(text: String, kind: Verdict.Kind, diagnosis: Diagnosis?) {
    let verdict = Self.check(text, Self.gradientW3)
    #expect(verdict.kind == kind)
    #expect(verdict.diagnosis == diagnosis)
    if kind != .correct {
      #expect(verdict.entryMarks?.count == 2)
    }
  }

  @Test("`[-18, 0]` for [0, -18]: the entries are swapped, not 0 of 2 right")
  func swappedWords() {
    let answer = "[-18; 0]"
    let (unicode, ascii) = Self.texts(Self.check(answer, Self.gradientW3), answer)
    #expect(
      unicode == [
        "✗ incorrect — the entries are swapped", "  read as a 2×1 column [-18; 0]",
        "  [ -18 ✗ ]", "  [   0 ✗ ]",
      ])
    #expect(ascii.first == "x incorrect - the entries are swapped")
  }

  @Test("a step that asks for the exact shape still says the shape")
  func exactShapeStillShape() {
    var options = CheckOptions()
    options.exactShape = true
    let verdict = Self.check("[-18; 0]", Self.gradientW3, options: options)
    #expect(verdict.diagnosis == .wrongShape(expected: [1, 2], given: [2, 1]))
  }

  // MARK: - Entries in the wrong order (item 9)

  @Test(
    "a permutation of the right entries: one swap or another order",
    arguments: [
      ("[2; 1]", "[1; 2]", Diagnosis.swappedEntries(1, 2, total: 2)),
      ("[2; 1; 3; 4]", "[1; 2; 3; 4]", .swappedEntries(1, 2, total: 4)),
      ("[4; 2; 3; 1]", "[1; 2; 3; 4]", .swappedEntries(1, 4, total: 4)),
      ("[1, 3, 2, 4]", "[1; 2; 3; 4]", .swappedEntries(2, 3, total: 4)),
      ("[2; 3; 1; 4]", "[1; 2; 3; 4]", .wrongOrder),
      ("[4; 3; 2; 1]", "[1; 2; 3; 4]", .wrongOrder),
      ("[1; 1; 2]", "[1; 2; 1]", .swappedEntries(2, 3, total: 3)),
      ("[0.245; 0.0900; 0.665]", "softmax([1; 2; 3])", .swappedEntries(1, 2, total: 3)),
      // Also a swap: two relations hold, so neither is claimed as the cause.
      ("[-3; 3]", "[3; -3]", .multipleOfAnswer(-1)),
      ("[8 6; 9 8]", "[6 8; 9 8]", .entries(right: 2, total: 4)),  // a matrix: not a vector
      ("[2; 1; 5]", "[1; 2; 3]", .entries(right: 0, total: 3)),
    ])
  func order(text: String, expected: String, diagnosis: Diagnosis) {
    let verdict = Self.check(text, Self.engine(expected))
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == diagnosis)
  }

  @Test(
    "order diagnoses in words",
    arguments: [
      (Diagnosis.swappedEntries(1, 2, total: 2), "the entries are swapped"),
      (.swappedEntries(1, 3, total: 3), "entries 1 and 3 are swapped"),
      (.wrongOrder, "the entries are right but in the wrong order"),
      (.tooFewFigures(needed: 3), "give at least 3 significant figures"),
    ])
  func orderWords(diagnosis: Diagnosis, words: String) {
    #expect(Self.unicode.diagnosis(diagnosis) == words)
    #expect(Self.ascii.diagnosis(diagnosis) == words)
  }

  // MARK: - Formulas: a number, or a formula true only at the lesson's values (item 9)

  static func formula(
    _ text: String, _ variables: [Formula.Variable], lessonValues: [String: Tensor]? = nil
  ) -> Formula {
    Formula(
      try! Parser.parse(text), source: text, variables: variables, lessonValues: lessonValues)
  }

  static let diagonal = formula("si * (1 - si)", [.init("si", in: 0.01...0.99)])
  static let offDiagonal = formula(
    "-si * sj", [.init("si", in: 0.01...0.99), .init("sj", in: 0.01...0.99)])
  static let linear = formula(
    "g2 * x1",
    [
      .init("g1", in: -3...3), .init("g2", in: -3...3), .init("x1", in: -3...3),
      .init("x2", in: -3...3),
    ])
  static let betaLessonValues = ["beta": Tensor(2), "si": Tensor(0.3)]
  static let betaDiagonal = formula(
    "beta * si * (1 - si)", [.init("beta", in: 0.5...3), .init("si", in: 0.01...0.99)],
    lessonValues: betaLessonValues)

  static func checkFormula(
    _ text: String, _ formula: Formula, context: AnswerContext = AnswerContext()
  ) -> Verdict {
    AnswerChecker.check(text, against: .formula(formula), context: context)
  }

  @Test(
    "a number where a formula is asked names the formula's variables",
    arguments: [
      (
        "0.0819", diagonal, "✗ incorrect — this step asks for a formula in sᵢ",
        "x incorrect - this step asks for a formula in s_i", "`si`"
      ),
      (
        "s[1]*(1 - s[1])", diagonal, "✗ incorrect — this step asks for a formula in sᵢ",
        "x incorrect - this step asks for a formula in s_i", "`si`"
      ),
      (
        "-0.02", offDiagonal, "✗ incorrect — this step asks for a formula in sᵢ and sⱼ",
        "x incorrect - this step asks for a formula in s_i and s_j", "`si`, `sj`"
      ),
      (
        "-6*3", linear, "✗ incorrect — this step asks for a formula in g₁, g₂, x₁ and x₂",
        "x incorrect - this step asks for a formula in g_1, g_2, x_1 and x_2",
        "`g1`, `g2`, `x1`, `x2`"
      ),
      (
        "0.42", betaDiagonal, "✗ incorrect — this step asks for a formula in β and sᵢ",
        "x incorrect - this step asks for a formula in beta and s_i", "`beta`, `si`"
      ),
    ])
  func numberForFormula(
    text: String, formula: Formula, unicode: String, ascii: String, names: String
  ) {
    let context = AnswerContext(names: ["s": Self.softmax])
    let verdict = Self.checkFormula(text, formula, context: context)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == .numberForFormula(variables: formula.variables.map(\.name)))
    let (u, a) = Self.texts(verdict, text)
    #expect(u.first == unicode)
    #expect(a.first == ascii)
    #expect(u.last == "  write the formula in this step's variables: \(names)")
  }

  @Test(
    "a formula that agrees only at the lesson's values must hold for every value",
    arguments: [
      ("2*si*(1 - si)", ["beta"], "it must hold for every β", "it must hold for every beta"),
      ("beta*0.3*(1 - 0.3)", ["si"], "it must hold for every sᵢ", "it must hold for every s_i"),
      (
        "beta*si*(1 - si)*si/0.3", ["beta", "si"], "it must hold for every β and sᵢ",
        "it must hold for every beta and s_i"
      ),
    ])
  func onlyAtLessonValues(text: String, variables: [String], unicode: String, ascii: String) {
    let verdict = Self.checkFormula(text, Self.betaDiagonal)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == .onlyAtLessonValues(variables: variables))
    #expect(
      Self.unicode.summary(verdict)
        == "incorrect — that agrees only at this lesson's values; " + unicode)
    #expect(
      Self.ascii.summary(verdict) == "incorrect - that agrees only at this lesson's values; "
        + ascii)
  }

  @Test("without the lesson's values the same formula just differs")
  func withoutLessonValues() {
    var formula = Self.betaDiagonal
    formula.lessonValues = nil
    guard case .formulaDiffers = Self.checkFormula("2*si*(1 - si)", formula).diagnosis else {
      Issue.record("expected the formula to differ")
      return
    }
    #expect(Self.checkFormula("β*si*(1 - si)", formula).kind == .correct)
  }

  // MARK: - max and min

  @Test(
    "max(a, b) and min(a, b) work entry by entry in answers, broadcasting",
    arguments: [
      ("max(0, a1)", "[3; 0]"), ("max(a1, 0)", "[3; 0]"), ("min(0, a1)", "[0; -3]"),
      ("max(a1, [1; 1])", "[3; 1]"),
    ])
  func maxMin(text: String, expected: String) {
    let context = AnswerContext(names: ["a1": Self.engine("[3; -3]")])
    #expect(Self.check(text, Self.engine(expected), context: context).kind == .correct)
  }
}

extension PatientTATests {
  @Test("a declared vector mistake is recognised in the other orientation too")
  func declaredMistakeOtherOrientation() {
    let context = AnswerContext(mistakes: [
      DeclaredMistake(.value(Self.engine("[-18; 6]")), message: "mind the ReLU")
    ])
    for text in ["[-18; 6]", "[-18, 6]"] {
      #expect(
        Self.check(text, Self.gradientW3, context: context).diagnosis
          == .declaredMistake("mind the ReLU"))
    }
  }
}
