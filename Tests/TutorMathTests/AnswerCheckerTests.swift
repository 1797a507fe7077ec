import Testing
import TutorEngine

@testable import TutorMath

/// The checker as a specification: every verdict, every diagnosis, formulas.
@Suite("Answer checker")
struct AnswerCheckerTests {
  static let column = try! Tensor.column([3, 0])
  static let gradientW3 = try! Tensor.row([0, -18])
  static let conv = try! Tensor(rows: [[6, 8], [9, 8]])

  static func check(
    _ text: String, _ expected: Tensor, context: AnswerContext = AnswerContext(),
    options: CheckOptions = CheckOptions()
  ) -> Verdict {
    AnswerChecker.check(text, against: .value(expected), context: context, options: options)
  }

  /// A formula from its text, parsed the way a lesson's are at load.
  static func formula(_ text: String, variables: [Formula.Variable]) -> Formula {
    Formula(try! Parser.parse(text), source: text, variables: variables)
  }

  static let presenter = VerdictPresenter()

  // MARK: - Reading

  @Test(
    "every verdict says how the input was read",
    arguments: [
      ("-2*(6 - 3)", "read as the number -6"),
      ("3 0", "read as a 1×2 row [3, 0]"),
      ("[3; 0]", "read as a 2×1 column [3; 0]"),
      ("[0, -18]", "read as a 1×2 row [0, -18]"),
      ("6 8; 9 8", "read as a 2×2 matrix [6 8; 9 8]"),
      ("[[6, 8], [9, 8]]", "read as a 2×2 matrix [6 8; 9 8]"),
    ])
  func reading(text: String, reading: String) {
    let verdict = Self.check(text, Tensor(0))
    #expect(verdict.reading.map(Self.presenter.reading) == reading)
  }

  // MARK: - Numbers

  @Test(
    "numbers: correct within max(1e-3·|e|, 1e-9), close within 5 %, else incorrect",
    arguments: [
      ("-6", -6.0, Verdict.Kind.correct),
      ("-2*(6 - 3)", -6, .correct),
      ("−6", -6, .correct),  // Unicode minus
      ("-6.005", -6, .correct),  // 0.083 % off
      ("-6.1", -6, .close),  // 1.7 % off
      ("-7", -6, .incorrect),  // 17 % off
      ("0.08193", 0.0819330, .correct),
      ("0.082", 0.0819330, .correct),  // 0.08 %
      ("0.08", 0.0819330, .close),  // 2.4 %: give more figures
      ("1/3", 1.0 / 3, .correct),
      ("0.33", 1.0 / 3, .close),
      ("0", 0, .correct),
      ("1e-10", 0, .correct),  // atol 1e-9
      ("1e-6", 0, .incorrect),
    ])
  func numbers(text: String, expected: Double, kind: Verdict.Kind) {
    #expect(Self.check(text, Tensor(expected)).kind == kind)
  }

  @Test("close says to give more significant figures")
  func closeMessage() {
    let verdict = Self.check("0.08", Tensor(0.081933))
    #expect(Self.presenter.summary(verdict) == "close — give at least 3 significant figures")
  }

  @Test("tolerances are per step")
  func perStepTolerance() {
    var options = CheckOptions()
    options.relativeTolerance = 0.05
    #expect(Self.check("-6.1", Tensor(-6), options: options).kind == .correct)
    options.relativeTolerance = 1e-6
    #expect(Self.check("-6.0001", Tensor(-6), options: options).kind == .close)
  }

  @Test("a 1×1 matrix counts as a number")
  func oneByOne() {
    #expect(Self.check("[9]", Tensor(9)).kind == .correct)
  }

  // MARK: - Vectors and shapes

  @Test("a row for a column with the right entries is accepted, with a note")
  func rowForColumn() {
    let verdict = Self.check("[3, 0]", Self.column)
    #expect(verdict.kind == .correct)
    #expect(verdict.notes == [.acceptedOtherOrientation(given: [1, 2], expected: [2, 1])])
    #expect(
      verdict.notes.map(Self.presenter.note) == [
        "accepted: you gave a 1×2 row; the answer is a 2×1 column"
      ])
  }

  @Test("… unless the step asks for the exact shape: then it is transposed")
  func rowForColumnExact() {
    var options = CheckOptions()
    options.exactShape = true
    let verdict = Self.check("[3, 0]", Self.column, options: options)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == .transposed)
  }

  @Test("the wrong shape says both shapes")
  func wrongShape() {
    let verdict = Self.check("[6; 9]", Self.conv)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == .wrongShape(expected: [2, 2], given: [2, 1]))
    #expect(Self.presenter.summary(verdict) == "incorrect — expected 2×2, you gave 2×1")
  }

  // MARK: - Diagnoses

  @Test("a flipped sign")
  func flippedSign() {
    let verdict = Self.check("[0, 18]", Self.gradientW3)
    #expect(verdict.diagnosis == .flippedSign)
    #expect(Self.presenter.summary(verdict) == "incorrect — the sign is flipped")
  }

  @Test("a transposed matrix")
  func transposedMatrix() {
    #expect(Self.check("[6 9; 8 8]", Self.conv).diagnosis == .transposed)
  }

  @Test(
    "off by a constant factor: 2, ½, the learning rate",
    arguments: [("[0, -36]", 2.0), ("[0, -9]", 0.5), ("[0, -0.18]", 0.01)])
  func factor(text: String, factor: Double) {
    var options = CheckOptions()
    options.learningRate = 0.01
    let verdict = Self.check(text, Self.gradientW3, options: options)
    guard case .scaled(let found) = verdict.diagnosis else {
      Issue.record("expected a factor, got \(String(describing: verdict.diagnosis))")
      return
    }
    #expect(found.value == factor)
  }

  @Test("equal to another quantity of the lesson, of the same shape")
  func otherQuantity() {
    let context = AnswerContext(quantities: [
      Quantity(
        name: "dJ_dh2", tex: "\\partial J/\\partial h^{(2)}", value: try! Tensor.row([0, -18])),
      Quantity(
        name: "dJ_da2", tex: "\\partial J/\\partial a^{(2)}", value: try! Tensor.row([-6, 0])),
    ])
    let verdict = Self.check("[-6, 0]", Self.gradientW3, context: context)
    #expect(
      verdict.diagnosis
        == .otherQuantity(QuantityReference(name: "dJ_da2", tex: "\\partial J/\\partial a^{(2)}")))
    #expect(Self.presenter.summary(verdict) == "incorrect — that is ∂J/∂a⁽²⁾")
  }

  @Test("a declared mistake comes first, even before the shape")
  func declaredMistake() {
    let context = AnswerContext(mistakes: [
      DeclaredMistake(
        .value(try! Tensor.column([6, 9])), message: "that is only the first column"),
      DeclaredMistake(.value(try! Tensor.row([0, 18])), message: "mind the sign of y − h⁽³⁾"),
    ])
    #expect(
      Self.check("[6; 9]", Self.conv, context: context).diagnosis
        == .declaredMistake("that is only the first column"))
    #expect(
      Self.check("[0, 18]", Self.gradientW3, context: context).diagnosis
        == .declaredMistake("mind the sign of y − h⁽³⁾"))
  }

  @Test("vectors and matrices mark each entry right or wrong")
  func entryMarks() {
    let verdict = Self.check("[6 8; 9 7]", Self.conv)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.entryMarks == [true, true, true, false])
    #expect(verdict.diagnosis == .entries(right: 3, total: 4))
  }

  // MARK: - Names

  @Test("answers may use the givens and earlier quantities by name")
  func names() {
    let context = AnswerContext(names: ["y": Tensor(6), "h3": Tensor(3)])
    #expect(Self.check("-2*(y - h3)", Tensor(-6), context: context).kind == .correct)
  }

  @Test("the asked quantity itself is refused, with the reason")
  func forbidden() {
    let context = AnswerContext(
      names: ["y": Tensor(6)], forbiddenNames: ["dJ_dh3": "write ∂J/∂h⁽³⁾ in terms of y and h⁽³⁾"])
    let verdict = Self.check("dJ_dh3", Tensor(-6), context: context)
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.kind == .notAllowed)
  }

  @Test(
    "malformed input gets a caret, never a crash",
    arguments: [
      ("2 * (3 + )", 9), ("[1 2; 3]", 6), ("sigmod(2)", 0), ("grad(x, x)", 0), ("", 0),
    ])
  func malformed(text: String, column: Int) {
    let verdict = Self.check(text, Tensor(1), context: AnswerContext(names: ["x": Tensor(1)]))
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.range?.lowerBound == column)
  }

  // MARK: - Formulas

  static let sigmoidDerivative = formula("s*(1 - s)", variables: [.init("s", in: 0.01...0.99)])

  static func checkFormula(
    _ text: String, _ formula: Formula = sigmoidDerivative,
    context: AnswerContext = AnswerContext(),
    options: CheckOptions = CheckOptions()
  ) -> Verdict {
    AnswerChecker.check(text, against: .formula(formula), context: context, options: options)
  }

  @Test(
    "an equivalent form passes", arguments: ["s*(1-s)", "s - s^2", "s·(1 − s)", "-(s^2 - s)"])
  func equivalentFormula(text: String) {
    #expect(Self.checkFormula(text).kind == .correct)
  }

  @Test(
    "a near miss fails", arguments: ["s*(1-s) + 1e-4", "s*(1+s)", "s^2*(1-s)", "s*(1.0001-s)"])
  func nearMiss(text: String) {
    #expect(Self.checkFormula(text).kind == .incorrect)
  }

  @Test("formula diagnoses: sign, factor, declared mistake")
  func formulaDiagnoses() {
    #expect(Self.checkFormula("s^2 - s").diagnosis == .formulaScaled(-1))
    #expect(Self.checkFormula("2*s*(1-s)").diagnosis == .formulaScaled(2))
    #expect(Self.checkFormula("s*(1-s)/4").diagnosis == .formulaScaled(0.25))
    let context = AnswerContext(mistakes: [
      DeclaredMistake(
        .formula(try! Parser.parse("s")), message: "that is σ itself, not its derivative")
    ])
    #expect(
      Self.checkFormula("s", context: context).diagnosis
        == .declaredMistake("that is σ itself, not its derivative"))
  }

  @Test(
    "a formula off by a term: the reference's term left out, or one of the answer's too many",
    arguments: [
      ("x^2 + 2*x", Diagnosis.formulaMissingTerm),
      ("2*x - 1", .formulaMissingTerm),
      ("x^2 + 2*x - 1 + x", .formulaExtraTerm("x")),
      ("x^2 + 2*x - 1 + 5", .formulaExtraTerm("5")),
      ("3*(x^2 + 2*x - 1)", .formulaScaled(3)),
      ("x^3 + x", .formulaDiffers(points: 16, of: 16)),
    ])
  func formulaTerms(text: String, diagnosis: Diagnosis) throws {
    let formula = Formula(
      try Parser.parse("x^2 + 2*x - 1"), source: "x^2 + 2*x - 1",
      variables: [.init("x", in: -3...3)])
    let verdict = Self.checkFormula(text, formula)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == diagnosis)
  }

  @Test("a formula in the whole vector instead of the step's variable: shape, and which variables")
  func formulaInWrongVariables() throws {
    let context = AnswerContext(names: ["sigma": try Tensor.column([0.2, 0.3, 0.5])])
    let verdict = Self.checkFormula("sigma*(1 - sigma)", context: context)
    #expect(verdict.kind == .incorrect)
    #expect(verdict.diagnosis == .wrongShape(expected: [], given: [3, 1]))
    #expect(verdict.notes == [.useVariables(["s"])])
    #expect(
      verdict.notes.map(Self.presenter.note) == ["write the formula in this step's variables: `s`"])
  }

  @Test("a formula too costly to compare at every test point is refused, quickly")
  func costlyFormula() {
    let heavy = "sum(ones(400, 400) @ ones(400, 400))"
    let verdict = Self.checkFormula("\(heavy) + s*(1-s) - \(heavy)")
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.kind == .limit)
    #expect(verdict.error?.message.contains("too costly") == true)
  }

  @Test("formulas say how they were read")
  func formulaReading() {
    #expect(
      Self.checkFormula("s·(1 − s)").reading.map(Self.presenter.reading) == "read as s*(1 - s)")
  }

  @Test("points where the reference is undefined are skipped")
  func undefinedPointsSkipped() {
    // −t/z is undefined at z = 0, inside the domain's interior only on a null set;
    // log(z) is undefined for z ≤ 0, half the domain.
    let formula = Self.formula("log(z)", variables: [.init("z", in: -1...1)])
    #expect(Self.checkFormula("log(z)", formula).kind == .correct)
  }

  @Test("too few valid points is refused with a message")
  func tooFewPoints() {
    let formula = Self.formula("sqrt(z)", variables: [.init("z", in: -1 ... -0.5)])
    let verdict = Self.checkFormula("sqrt(z)", formula)
    #expect(verdict.kind == .malformed)
    #expect(verdict.error?.message.contains("cannot check this formula") == true)
  }

  @Test("vector formulas: the softmax vector-Jacobian product")
  func vectorFormula() {
    let formula = Self.formula(
      "s * (v - sum(v * s))",
      variables: [
        .init("s", in: 0.05...0.9, shape: [3, 1]), .init("v", in: -2...2, shape: [3, 1]),
      ])
    #expect(Self.checkFormula("s ⊙ v - s * (v' @ s)", formula).kind == .correct)
    #expect(Self.checkFormula("s ⊙ v - s * (v' @ v)", formula).kind == .incorrect)
  }

  @Test("the same seed gives the same verdict")
  func deterministic() {
    let first = Self.checkFormula("s*(1-s) + 1e-7")
    let second = Self.checkFormula("s*(1-s) + 1e-7")
    #expect(first == second)
  }
}
