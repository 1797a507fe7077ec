import TutorEngine

extension AnswerChecker {
  /// The most work comparing one formula may take, every test point included: well
  /// under a second.
  static let formulaWorkBudget = 3e8

  /// A formula answer: the learner's and the reference formula evaluated at
  /// ``CheckOptions/formulaPoints`` seeded random points drawn from the variables'
  /// domains, skipping points where the reference is undefined; equal when every point
  /// agrees to a relative 1e-6. The same seed gives the same verdict.
  static func checkFormula(
    _ answerExpr: Expr, source text: String, formula: Formula, context: AnswerContext,
    options: CheckOptions
  ) -> Verdict {
    // One graph holds the variables, the reference, the answer and the declared mistakes,
    // so each test point is one re-evaluation.
    var generator = SeededGenerator(seed: options.seed)
    var evaluator = answerEvaluator(context)
    evaluator.options.requiresFinite = false
    // The formula's own variables may be used even where a lesson name of that spelling
    // is not allowed yet.
    for variable in formula.variables {
      evaluator.options.forbiddenNames[variable.name] = nil
    }
    var variableIDs: [Graph.NodeID] = []
    do throws(MathError) {
      for variable in formula.variables {
        guard let start = try? variable.draw(&generator) else {
          throw MathError(.limit, "the variable `\(variable.name)` has an impossible shape")
        }
        variableIDs.append(try evaluator.bindInput(variable.name, start))
      }
    } catch {
      return Verdict(.malformed, error: error)
    }

    // The reference may use lesson-only forms and the asked quantity's own inputs.
    var reference: Graph.NodeID
    do {
      evaluator.options.allowsLessonForms = true
      let saved = evaluator.options.forbiddenNames
      evaluator.options.forbiddenNames = [:]
      reference = try evaluator.evaluate(formula.reference, source: formula.source)
      evaluator.options.forbiddenNames = saved
      evaluator.options.allowsLessonForms = false
    } catch {
      var problem = error
      problem.message = "the lesson's reference formula is invalid: " + error.message
      return Verdict(.malformed, error: problem)
    }

    let referenceShape = evaluator.value(of: reference).shape
    let referenceCount = evaluator.value(of: reference).count
    /// Whether another reading of the answer has the reference's shape.
    func fitsReference(_ candidate: Expr) -> Bool {
      var trial = evaluator
      guard let id = try? trial.evaluate(candidate, source: text) else { return false }
      let value = trial.value(of: id)
      return value.shape == referenceShape || (value.count == 1 && referenceCount == 1)
    }
    let answer: Graph.NodeID
    do {
      answer = try evaluator.evaluate(answerExpr, source: text)
    } catch {
      return malformed(misreadNotation(answerExpr, source: text, fits: fitsReference) ?? error)
    }
    let reading = Verdict.Reading.formula(answerExpr)
    let answerShape = evaluator.value(of: answer).shape
    if referenceShape != answerShape,
      !(evaluator.value(of: reference).count == 1
        && evaluator.value(of: answer).count == 1)
    {
      if let misread = misreadNotation(answerExpr, source: text, fits: fitsReference) {
        return malformed(misread)
      }
      // Usually a name for the whole vector where the step wants one entry's variable.
      let unused = formula.variables.filter { !answerExpr.names.contains($0.name) }
      return Verdict(
        .incorrect, reading: reading,
        diagnosis: .wrongShape(expected: referenceShape, given: answerShape),
        notes: unused.isEmpty ? [] : [.useVariables(formula.variables.map(\.name))])
    }
    var mistakes: [(Graph.NodeID, String)] = []
    for mistake in context.mistakes {
      guard case .formula(let expr) = mistake.form,
        let id = try? evaluator.evaluate(expr),
        evaluator.value(of: id).count == evaluator.value(of: reference).count
      else { continue }
      mistakes.append((id, mistake.message))
    }

    // The points compared at, for naming a term left out or one too many afterwards.
    var points: [[Tensor]] = []
    var ratio: Double?
    var constantRatio = true

    // Each point re-runs the whole graph: a formula too costly for that is refused
    // rather than keeping the learner waiting (formulas are meant to be small).
    let perPoint = evaluator.graph.workDone
    guard perPoint * Double(options.formulaPoints * 4) <= Self.formulaWorkBudget else {
      return Verdict(
        .malformed, reading: reading,
        error: MathError(
          .limit,
          "this formula is too costly to compare at \(options.formulaPoints) points "
            + "(\(Int(perPoint)) operations each)",
          note: "write it with the step's variables and simple operations"))
    }

    // Sample the points.
    let tolerance = FormulaTolerance(relative: options.formulaTolerance)
    var valid = 0
    var agreeing = 0
    var negated = 0
    var scaled: [Double: Int] = [2: 0, 0.5: 0]
    var mistakeHits = [Int](repeating: 0, count: mistakes.count)
    var attempts = 0
    while valid < options.formulaPoints, attempts < options.formulaPoints * 4 {
      attempts += 1
      if attempts > 1 {
        do {
          for (variable, id) in zip(formula.variables, variableIDs) {
            let value = try variable.draw(&generator)
            try evaluator.graph.setValue(value, of: id)
          }
          try evaluator.graph.reevaluate()
        } catch {
          continue
        }
      }
      let expected = evaluator.value(of: reference).scalars
      guard expected.allSatisfy(\.isFinite) else { continue }  // undefined here: skip
      valid += 1
      let given = evaluator.value(of: answer).scalars
      let agreesHere = tolerance.matches(given, expected)
      if agreesHere { agreeing += 1 }
      if tolerance.matches(given, expected.map { -$0 }) { negated += 1 }
      for factor in scaled.keys where tolerance.matches(given, expected.map { $0 * factor }) {
        scaled[factor, default: 0] += 1
      }
      // One constant ratio at every point and entry (where the reference is not 0), and
      // the points, for a term left out: asked only of an answer right at no point.
      if agreeing == 0 { points.append(variableIDs.map { evaluator.value(of: $0) }) }
      for (g, e) in zip(given, expected) where !agreesHere && abs(e) > 1e-9 {
        let r = g / e
        if let known = ratio {
          if !(abs(r - known) <= tolerance.relative * max(abs(known), 1e-3)) {
            constantRatio = false
          }
        } else {
          ratio = r
        }
      }
      // A mistake matches where the learner's formula and it agree, undefined places included.
      for (index, mistake) in mistakes.enumerated()
      where tolerance.matchesAllowingUndefined(given, evaluator.value(of: mistake.0).scalars) {
        mistakeHits[index] += 1
      }
    }
    guard valid >= options.minimumFormulaPoints else {
      return Verdict(
        .malformed, reading: reading,
        error: MathError(
          .evaluation,
          "cannot check this formula: the reference is defined at only \(valid) of "
            + "\(attempts) test points; the lesson's variable domains need fixing"))
    }
    if agreeing == valid { return Verdict(.correct, reading: reading) }
    var verdict = Verdict(.incorrect, reading: reading)
    let used = formula.variables.map(\.name).filter {
      uses(answerExpr, variable: $0, aliases: context.nameAliases)
    }
    if let index = mistakeHits.firstIndex(of: valid) {
      verdict.diagnosis = .declaredMistake(mistakes[index].1)
    } else if used.isEmpty, !formula.variables.isEmpty {
      // A number (or the lesson's values by name) where a formula is asked.
      verdict.diagnosis = .numberForFormula(variables: formula.variables.map(\.name))
      verdict.notes = [.useVariables(formula.variables.map(\.name))]
    } else if agreesAtLessonValues(
      formula, variableIDs: variableIDs, answer: answer, reference: reference,
      evaluator: &evaluator, tolerance: tolerance)
    {
      let replaced = formula.variables.map(\.name).filter { !used.contains($0) }
      verdict.diagnosis = .onlyAtLessonValues(
        variables: replaced.isEmpty ? formula.variables.map(\.name) : replaced)
    } else if negated == valid {
      verdict.diagnosis = .formulaScaled(-1)
    } else if let factor = scaled.keys.sorted(by: >).first(where: { scaled[$0] == valid }) {
      verdict.diagnosis = .formulaScaled(factor)
    } else if agreeing == 0, constantRatio, let ratio, ratio.isFinite, abs(ratio) > 1e-9 {
      verdict.diagnosis = .formulaScaled(ratio)
    } else if agreeing == 0,
      let term = termDiagnosis(
        formula, answerExpr, answer: answer, reference: reference, variableIDs: variableIDs,
        points: points, evaluator: &evaluator, tolerance: tolerance)
    {
      verdict.diagnosis = term
    } else {
      verdict.diagnosis = .formulaDiffers(points: valid - agreeing, of: valid)
    }
    return verdict
  }
}

extension AnswerChecker {
  /// Whether `expr` reads `variable`, under any of its spellings (`β` for `beta`).
  static func uses(_ expr: Expr, variable: String, aliases: [String: String]) -> Bool {
    expr.names.contains { name in
      name == variable || aliases[name] == variable || aliases[variable] == name
    }
  }

  /// Whether the answer equals the reference at the lesson's own values of the variables
  /// (``Formula/lessonValues``), when the lesson gives them all with the right shapes.
  static func agreesAtLessonValues(
    _ formula: Formula, variableIDs: [Graph.NodeID], answer: Graph.NodeID,
    reference: Graph.NodeID, evaluator: inout Evaluator, tolerance: FormulaTolerance
  ) -> Bool {
    guard let values = formula.lessonValues else { return false }
    do {
      for (variable, id) in zip(formula.variables, variableIDs) {
        guard let value = values[variable.name],
          value.shape == evaluator.value(of: id).shape
            || (value.count == 1 && evaluator.value(of: id).count == 1)
        else { return false }
        let shaped = try value.reshaped(to: evaluator.value(of: id).shape)
        try evaluator.graph.setValue(shaped, of: id)
      }
      try evaluator.graph.reevaluate()
    } catch {
      return false
    }
    let expected = evaluator.value(of: reference).scalars
    guard expected.allSatisfy(\.isFinite) else { return false }
    return tolerance.matches(evaluator.value(of: answer).scalars, expected)
  }
}

/// Formula comparison: |a − r| ≤ rtol·max(|r|, 1e-3), so values near zero still compare.
struct FormulaTolerance {
  var relative: Double

  func matches(_ given: [Double], _ expected: [Double]) -> Bool {
    given.count == expected.count
      && zip(given, expected).allSatisfy { a, r in
        a.isFinite && abs(a - r) <= relative * max(abs(r), 1e-3)
      }
  }

  /// Equal entry by entry, where an entry undefined in both counts as equal.
  func matchesAllowingUndefined(_ given: [Double], _ expected: [Double]) -> Bool {
    given.count == expected.count
      && zip(given, expected).allSatisfy { a, r in
        (!a.isFinite && !r.isFinite) || (a.isFinite && abs(a - r) <= relative * max(abs(r), 1e-3))
      }
  }
}

extension AnswerChecker {
  /// The terms of a sum at the top of `expr` (`a - b + c` → a, b, c), each with its
  /// expression as added (`-b`) for showing it.
  static func additiveTerms(_ expr: Expr) -> [(expr: Expr, signed: Expr)] {
    guard case .chain(let first, let links) = expr.kind,
      links.allSatisfy({ $0.op == .add || $0.op == .subtract })
    else { return [] }
    var terms: [(Expr, Expr)] = [(first, first)]
    for link in links {
      if link.op == .add {
        terms.append((link.operand, link.operand))
      } else {
        // The term as added: −b, evaluated as such so "missing" compares the right sign.
        let negated = Expr(.negate(link.operand), link.operand.range)
        terms.append((negated, negated))
      }
    }
    return terms
  }
}

extension AnswerChecker {
  /// A term of the reference left out, or a term of the answer too many, at every point
  /// compared (only asked of a wrong formula, so a right one costs nothing more).
  static func termDiagnosis(
    _ formula: Formula, _ answerExpr: Expr, answer: Graph.NodeID, reference: Graph.NodeID,
    variableIDs: [Graph.NodeID], points: [[Tensor]], evaluator: inout Evaluator,
    tolerance: FormulaTolerance
  ) -> Diagnosis? {
    func nodes(_ expr: Expr, lessonForms: Bool) -> [(Graph.NodeID, Expr)] {
      additiveTerms(expr).compactMap { term in
        let saved = evaluator.options
        if lessonForms {
          evaluator.options.allowsLessonForms = true
          evaluator.options.forbiddenNames = [:]
        }
        defer { evaluator.options = saved }
        return (try? evaluator.evaluate(term.expr)).map { ($0, term.signed) }
      }
    }
    let referenceTerms = nodes(formula.reference, lessonForms: true)
    let answerTerms = nodes(answerExpr, lessonForms: false)
    guard referenceTerms.count > 1 || answerTerms.count > 1, !points.isEmpty else { return nil }
    var missing = [Int](repeating: 0, count: referenceTerms.count)
    var extra = [Int](repeating: 0, count: answerTerms.count)
    func without(_ values: [Double], _ term: [Double]) -> [Double]? {
      guard term.count == values.count || term.count == 1 else { return nil }
      return values.indices.map { values[$0] - term[term.count == 1 ? 0 : $0] }
    }
    for point in points {
      do {
        for (id, value) in zip(variableIDs, point) { try evaluator.graph.setValue(value, of: id) }
        try evaluator.graph.reevaluate()
      } catch {
        return nil
      }
      let expected = evaluator.value(of: reference).scalars
      let given = evaluator.value(of: answer).scalars
      for (index, term) in referenceTerms.enumerated() {
        if let rest = without(expected, evaluator.value(of: term.0).scalars),
          tolerance.matches(given, rest)
        {
          missing[index] += 1
        }
      }
      for (index, term) in answerTerms.enumerated() {
        if let rest = without(given, evaluator.value(of: term.0).scalars),
          tolerance.matches(rest, expected)
        {
          extra[index] += 1
        }
      }
    }
    if referenceTerms.count > 1, missing.contains(points.count) {
      return .formulaMissingTerm
    }
    if answerTerms.count > 1, let index = extra.firstIndex(of: points.count) {
      return .formulaExtraTerm(ExprPrinter.string(answerTerms[index].1))
    }
    return nil
  }
}
