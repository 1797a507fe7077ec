import TutorEngine

/// Judges what a learner typed against the engine's answer.
///
/// Numbers are right when |a − e| ≤ max(rtol·|e|, atol) entry by entry (rtol = 1e-3,
/// atol = 1e-9 unless the step says otherwise), or when a typed number gives at least 3
/// significant figures and is the answer correctly rounded to them (`0.245` for
/// 0.244728…); `close` within 5 %, saying how many figures to give when too few were
/// typed. "read as" echoes typed numbers as typed (``TypedNumber``).
///
/// Wrong answers get the most specific diagnosis found, in this order: a mistake the
/// lesson declares, a flipped sign, the transpose, a vector's entries swapped or in
/// another order, a constant factor (2, ½, the learning rate), another quantity of the
/// lesson; vectors and matrices also get per-entry marks. A vector of the other
/// orientation, which the step would accept, is judged by its numbers the same way; only
/// an answer of a shape no reading accepts is "expected 2×1, you gave 1×3". Foreign
/// notation gets a suggestion: NumPy, MATLAB and TeX from the parser
/// (``ForeignNotation``), a decimal comma and a product written with a space here, by
/// the shape the step expects (see ``misreadNotation(_:source:fits:)``).
public enum AnswerChecker {
  /// Checks `text` against `expectation`: the answer is the only text parsed.
  public static func check(
    _ text: String, against expectation: Expectation, context: AnswerContext = AnswerContext(),
    options: CheckOptions = CheckOptions()
  ) -> Verdict {
    switch expectation {
    case .value(let expected):
      return checkValue(text, expected: expected, context: context, options: options)
    case .formula(let formula):
      let parsed: Expr
      do {
        parsed = try Parser.parse(text)
      } catch {
        return malformed(error)
      }
      return checkFormula(
        parsed, source: text, formula: formula, context: context, options: options)
    }
  }

  /// Checks an already parsed formula (a lesson's own reference or declared mistake,
  /// as `bptutor check` does) against `formula`.
  public static func check(
    formula answer: Expr, source: String, against formula: Formula,
    context: AnswerContext = AnswerContext(), options: CheckOptions = CheckOptions()
  ) -> Verdict {
    checkFormula(answer, source: source, formula: formula, context: context, options: options)
  }

  /// An evaluator for learners' answers: no `grad`, the context's names bound as constants
  /// (or, under `acceptsNumbersOnly`, every one of them refused).
  static func answerEvaluator(_ context: AnswerContext) -> Evaluator {
    var options = Evaluator.Options()
    options.allowsLessonForms = false
    options.forbiddenNames = context.forbiddenNames
    options.nameAliases = context.nameAliases
    if context.acceptsNumbersOnly {
      for name in Array(context.names.keys) + context.forbiddenNames.keys {
        options.forbiddenNames[name] = AnswerContext.numbersOnlyReason
      }
    }
    var evaluator = Evaluator(options: options)
    for name in context.names.keys.sorted() where !context.acceptsNumbersOnly {
      if let value = context.names[name] { _ = try? evaluator.bindConstant(name, value) }
    }
    return evaluator
  }

  static func malformed(_ error: MathError) -> Verdict {
    Verdict(.malformed, error: error)
  }

  // MARK: - Values

  static func checkValue(
    _ text: String, expected: Tensor, context: AnswerContext, options: CheckOptions
  ) -> Verdict {
    var evaluator = answerEvaluator(context)
    let expr: Expr
    let given: Tensor
    do {
      expr = try Parser.parse(text, limits: evaluator.options.parserLimits)
    } catch {
      return malformed(error)
    }
    do {
      let id = try evaluator.evaluate(expr, source: text)
      given = evaluator.value(of: id)
    } catch {
      // `[1,18; -1]` is ragged, `a v` cannot be laid side by side: maybe foreign notation.
      let misread = misreadNotation(expr, source: text, fits: { fits($0, expected, context) })
      return malformed(misread ?? error)
    }
    let typed = TypedNumber.entries(of: expr, source: text, count: given.count)
    let reading: Verdict.Reading = typed.map { .typed(given, entries: $0) } ?? .value(given)
    let matcher = EntryMatcher(options, typed: typed)

    if let comparable = comparableShapes(given, expected) {
      return judge(
        comparable, given: given, expected: expected, reading: reading, matcher: matcher,
        context: context, options: options)
    }

    if isVectorTranspose(given, expected) {
      if matcher.matches(given.scalars, expected.scalars) {
        // A vector of the right entries, transposed.
        if options.exactShape {
          let declared = declaredMistake(given, context: context, matcher: matcher)
          return Verdict(
            .incorrect, reading: reading, diagnosis: declared ?? .transposed,
            notes: [.otherOrientation(given: given.shape, expected: expected.shape)],
            given: given)
        }
        return Verdict(
          .correct, reading: reading,
          notes: [.acceptedOtherOrientation(given: given.shape, expected: expected.shape)],
          given: given)
      }
      if !options.exactShape {
        // The orientation would be accepted: what is wrong is the numbers.
        return judge(
          given.scalars, given: given, expected: expected, reading: reading, matcher: matcher,
          context: context, options: options)
      }
    }
    if let misread = misreadNotation(expr, source: text, fits: { fits($0, expected, context) }) {
      return malformed(misread)
    }
    var verdict = Verdict(.incorrect, reading: reading, given: given)
    verdict.diagnosis =
      declaredMistake(given, context: context, matcher: matcher)
      ?? (isTransposeShape(given, expected)
        && matcher.matches(transposed(given).scalars, expected.scalars)
        ? .transposed : nil)
      ?? .wrongShape(expected: expected.shape, given: given.shape)
    return verdict
  }

  /// Whether `expr` read with `context`'s names has a shape `expected` accepts.
  private static func fits(_ expr: Expr, _ expected: Tensor, _ context: AnswerContext) -> Bool {
    var evaluator = answerEvaluator(context)
    guard let id = try? evaluator.evaluate(expr) else { return false }
    let value = evaluator.value(of: id)
    return comparableShapes(value, expected) != nil || isVectorTranspose(value, expected)
  }

  /// The verdict on values laid out as the expected ones (the same shape, or a vector of
  /// the other orientation): correct, close (with the entries and the figures concerned),
  /// or incorrect with a diagnosis and per-entry marks.
  static func judge(
    _ values: [Double], given: Tensor, expected: Tensor, reading: Verdict.Reading,
    matcher: EntryMatcher, context: AnswerContext, options: CheckOptions
  ) -> Verdict {
    let marks = matcher.marks(values, expected.scalars)
    if marks.allSatisfy({ $0 }) {
      return Verdict(.correct, reading: reading, given: given)
    }
    if matcher.allClose(values, expected.scalars) {
      // Near the answer, but exactly what a slip gives: the slip, not a rounding.
      let slips = reproducing(values, expected: expected, context, matcher)
      if slips.count == 1, let slip = slips.first,
        distance(values, slip.value.scalars) < distance(values, expected.scalars)
      {
        var verdict = Verdict(
          .incorrect, reading: reading, diagnosis: .misconception(slip.misconception))
        verdict.given = given
        if expected.count > 1 { verdict.entryMarks = marks }
        return verdict
      }
      var verdict = Verdict(.close, reading: reading, given: given)
      if expected.count > 1 { verdict.entryMarks = marks }
      verdict.diagnosis = matcher.closeDiagnosis(marks: marks)
      return verdict
    }
    var verdict = Verdict(.incorrect, reading: reading, given: given)
    verdict.diagnosis = diagnose(
      values, given: given, expected: expected, context: context, matcher: matcher,
      options: options)
    if expected.count > 1 {
      verdict.entryMarks = marks
      if verdict.diagnosis == nil {
        verdict.diagnosis = .entries(right: marks.filter { $0 }.count, total: marks.count)
      }
    }
    return verdict
  }

  /// The diagnosis of a wrong answer of the right shape, most specific first: a declared
  /// mistake; the one catalogued misconception whose derivation reproduces it; a generic
  /// relation (the sign, the transpose, entries in another order, a factor, another
  /// quantity) named as a cause only when it alone holds; else what is seen ("−1 times").
  static func diagnose(
    _ values: [Double], given: Tensor, expected: Tensor, context: AnswerContext,
    matcher: EntryMatcher, options: CheckOptions
  ) -> Diagnosis? {
    if let declared = declaredMistake(given, context: context, matcher: matcher) {
      return declared
    }
    // A misconception is named only when its derivation reproduces the answer and no
    // other catalogued derivation does.
    let reproducing = reproducingMisconceptions(values, expected: expected, context, matcher)
    if reproducing.count == 1 { return .misconception(reproducing[0]) }
    let relations = self.relations(
      values, given: given, expected: expected, context: context, matcher: matcher,
      options: options)
    // A relation is a cause only when it is the one thing that holds, no derivation
    // competes with it, and it is more than arithmetic on one number.
    if reproducing.isEmpty, relations.count == 1, let only = relations.first {
      switch only {
      case .flippedSign where expected.count == 1: return .multipleOfAnswer(-1)
      case .scaled(let factor) where expected.count == 1: return .multipleOfAnswer(factor.value)
      default: return only
      }
    }
    // Otherwise say what is seen, without a cause.
    for relation in relations {
      switch relation {
      case .flippedSign: return .multipleOfAnswer(-1)
      case .scaled(let factor): return .multipleOfAnswer(factor.value)
      case .transposed, .swappedEntries, .wrongOrder: return relation
      default: continue
      }
    }
    return nil
  }

  /// The misconceptions whose derivations reproduce `values`: those of the first tier of
  /// ``AnswerContext/wrongDerivations`` that reproduces any.
  static func reproducingMisconceptions(
    _ values: [Double], expected: Tensor, _ context: AnswerContext, _ matcher: EntryMatcher
  ) -> [Misconception] {
    reproducing(values, expected: expected, context, matcher).map(\.misconception)
  }

  /// One derivation per misconception that reproduces `values`, from the first tier that
  /// reproduces any (a later tier is not computed).
  static func reproducing(
    _ values: [Double], expected: Tensor, _ context: AnswerContext, _ matcher: EntryMatcher
  ) -> [WrongDerivation] {
    for tier in context.wrongDerivations {
      var reproducing: [WrongDerivation] = []
      for derivation in tier()
      where !reproducing.contains(where: { $0.misconception == derivation.misconception }) {
        guard let other = comparableShapes(derivation.value, expected) else { continue }
        if matcher.matches(values, other) { reproducing.append(derivation) }
      }
      if !reproducing.isEmpty { return reproducing }
    }
    return []
  }

  /// The sum of the entries' distances (for a vector of the other orientation too).
  private static func distance(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) }
  }

  /// Every generic relation between a wrong answer and the right one: the sign, the
  /// transpose, entries in another order, a factor, another quantity.
  static func relations(
    _ values: [Double], given: Tensor, expected: Tensor, context: AnswerContext,
    matcher: EntryMatcher, options: CheckOptions
  ) -> [Diagnosis] {
    var found: [Diagnosis] = []
    let isZero = expected.scalars.allSatisfy { abs($0) <= options.absoluteTolerance }
    if !isZero, matcher.matches(values, expected.scalars.map { -$0 }) {
      found.append(.flippedSign)
    }
    if expected.rank == 2, expected.shape[0] == expected.shape[1], expected.shape[0] > 1 {
      let flipped = transposed(expected).scalars
      if flipped != expected.scalars, matcher.matches(values, flipped) {
        found.append(.transposed)
      }
    }
    if expected.isVector || expected.rank == 1, let order = matcher.order(values, expected.scalars)
    {
      found.append(order)
    }
    if !isZero {
      var factors: [Diagnosis.Factor] = [.two, .half]
      if let eta = options.learningRate, eta != 0 {
        factors += [.learningRate(eta), .inverseLearningRate(eta)]
      }
      for factor in factors
      where matcher.matches(values, expected.scalars.map { $0 * factor.value }) {
        found.append(.scaled(factor))
        break
      }
    }
    // An answer of only zeros and ±1s equals too many things to name one.
    let trivial = values.allSatisfy { $0 == 0 || abs($0) == 1 }
    for quantity in context.quantities where !trivial {
      guard let other = comparableShapes(quantity.value, expected) else { continue }
      if matcher.tolerance.matches(other, expected.scalars) { continue }  // the answer itself
      if matcher.matches(values, other) {
        found.append(.otherQuantity(quantity.reference))
        break
      }
    }
    return found
  }

  private static func declaredMistake(
    _ given: Tensor, context: AnswerContext, matcher: EntryMatcher
  ) -> Diagnosis? {
    for mistake in context.mistakes {
      // A vector mistake is recognised in either orientation, as the answer would be.
      guard case .value(let value) = mistake.form,
        let values = comparableShapes(given, value)
          ?? (isVectorTranspose(given, value) ? given.scalars : nil)
      else { continue }
      if matcher.matches(values, value.scalars) { return .declaredMistake(mistake.message) }
    }
    return nil
  }

  // MARK: - Shapes

  /// The given scalars when `given` has `expected`'s shape (a 1×1 matrix counts as a number).
  static func comparableShapes(_ given: Tensor, _ expected: Tensor) -> [Double]? {
    if given.shape == expected.shape { return given.scalars }
    if given.count == 1, expected.count == 1 { return given.scalars }
    return nil
  }

  static func isVectorTranspose(_ given: Tensor, _ expected: Tensor) -> Bool {
    given.isVector && expected.isVector && given.count == expected.count && given.count > 1
      && given.shape != expected.shape
  }

  private static func isTransposeShape(_ given: Tensor, _ expected: Tensor) -> Bool {
    given.rank == 2 && expected.rank == 2 && given.shape == [expected.shape[1], expected.shape[0]]
  }

  /// The transpose of a matrix (anything else unchanged).
  public static func transposed(_ tensor: Tensor) -> Tensor {
    guard tensor.rank == 2 else { return tensor }
    let (rows, columns) = (tensor.shape[0], tensor.shape[1])
    var scalars = [Double](repeating: 0, count: tensor.count)
    for r in 0..<rows {
      for c in 0..<columns { scalars[c * rows + r] = tensor.scalars[r * columns + c] }
    }
    return (try? Tensor(shape: [columns, rows], scalars: scalars)) ?? tensor
  }
}

/// The checker's numeric comparison: |a − e| ≤ max(rtol·|e|, atol).
struct Tolerance {
  var relative: Double
  var absolute: Double
  var closeBand: Double

  init(_ options: CheckOptions) {
    relative = options.relativeTolerance
    absolute = options.absoluteTolerance
    closeBand = options.closeBand
  }

  func equal(_ a: Double, _ e: Double) -> Bool {
    guard a.isFinite, e.isFinite else { return a == e }
    return abs(a - e) <= max(relative * abs(e), absolute)
  }

  func marks(_ given: [Double], _ expected: [Double]) -> [Bool] {
    zip(given, expected).map { equal($0, $1) }
  }

  func matches(_ given: [Double], _ expected: [Double]) -> Bool {
    given.count == expected.count && zip(given, expected).allSatisfy { equal($0, $1) }
  }

  /// Every entry within the close band (5 %) of the expected one.
  func allClose(_ given: [Double], _ expected: [Double]) -> Bool {
    zip(given, expected).allSatisfy { a, e in
      equal(a, e) || (a.isFinite && abs(a - e) <= closeBand * abs(e))
    }
  }
}
