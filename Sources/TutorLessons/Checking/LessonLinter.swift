import Foundation
import TutorEngine
import TutorMath
import TutorProgress

/// `bptutor check`: everything that can be wrong with a lesson file, found before a
/// learner meets it. Loading problems (YAML, keys, types) come from ``LessonLoader``;
/// this adds names, cycles, shapes, placeholders, expected values, formulas, declared
/// mistakes, and the engine's gradient check at the lesson's values and at
/// ``variantCount`` seeded variants; the first ``kinkVariantCount`` variants are checked
/// for kinks and ties.
public enum LessonLinter {
  public static let variantCount = 20
  /// How many variants (1 to this) are checked for kinks and ties by the engine's rule: all
  /// a learner is likely to meet, far more than ``variantCount``, since drawing is cheap.
  public static let kinkVariantCount = 300

  /// All diagnostics for the lesson file at `path`, errors and warnings, in file order:
  /// the checks of the parsed lesson, and its hints judged as answers
  /// (``hintGiveaways(_:)``).
  public static func check(path: String) -> [LessonDiagnostic] {
    let (lesson, loadDiagnostics) = LessonLoader.load(path: path)
    guard let lesson else { return loadDiagnostics }
    return sorted(loadDiagnostics + check(lesson) + hintGiveaways(lesson), lines: path)
  }

  /// Each hint whose backticked expression, typed as the answer at the lesson's own
  /// values, is judged correct (``HintGiveaway``). Apart from ``check(_:)``, which
  /// evaluates only what loading parsed: this judges hint text as answers, parsing it as
  /// judging parses an answer.
  public static func hintGiveaways(_ lesson: Lesson) -> [LessonDiagnostic] {
    guard let bound = try? BoundLesson(lesson: lesson) else { return [] }
    return lesson.steps.indices.flatMap { index in
      HintGiveaway.check(lesson.steps[index], index: index, in: bound)
    }
  }

  /// The semantic checks of a loaded lesson.
  public static func check(_ lesson: Lesson) -> [LessonDiagnostic] {
    var found: [LessonDiagnostic] = []
    func error(
      _ message: String, at location: SourceLocation?, length: Int = 1, note: String? = nil
    ) {
      found.append(
        LessonDiagnostic(path: lesson.path, at: location, length: length, message, note: note))
    }

    // Names and ids.
    var seenNames: [String: SourceLocation] = [:]
    for (name, location) in lesson.givens.map({ ($0.name, $0.location) })
      + lesson.graph.map({ ($0.name, $0.location) })
    {
      if let first = seenNames[name] {
        error(
          "`\(name)` is defined twice", at: location, length: name.count,
          note: "first defined at line \(first.line)")
      }
      seenNames[name] = location
    }
    let allNames = lesson.givens.map(\.name) + lesson.graph.map(\.name)
    var seenIDs: [String: SourceLocation] = [:]
    for step in lesson.steps {
      if let first = seenIDs[step.id] {
        error(
          "duplicate step id `\(step.id)`", at: step.location,
          note: "the first step with this id is at line \(first.line)")
      }
      seenIDs[step.id] = step.location
    }
    if let loss = lesson.loss, !allNames.contains(loss.text.trimmingWhitespace()) {
      error(
        "the loss `\(loss.text)` is not a name of the lesson", at: loss.location,
        length: loss.text.count, note: Suggestion.didYouMean(loss.text, among: allNames))
    }
    guard found.isEmpty else { return found }

    // Bind at the lesson's own values.
    let bound: BoundLesson
    do {
      bound = try BoundLesson(lesson: lesson)
    } catch {
      return found + error.diagnostics
    }
    for (index, step) in lesson.steps.enumerated() {
      found += checkStep(step, index: index, in: bound)
    }
    found += gradientCheck(bound, variant: 0)
    found += trainingProblems(bound)
    var zeroDerivatives = zeroDerivativeSteps(bound)
    var variantsSeen = 0
    // Blind spots at every binding, judged together once the variants are bound.
    var bindings: [(bound: BoundLesson, spots: [BlindSpot])] = [
      (bound, BlindSpot.find(in: lesson, evaluator: bound.evaluator))
    ]
    // Repeated at every variant only while that stays within a few single budgets.
    let cost = gradientCheckCost(bound).cost
    let checksVariants = cost * Double(variantCount) <= variantsBudget

    // Variants: bind, recompute every expected value, gradient-check.
    if found.allSatisfy({ $0.severity != .error }),
      lesson.givens.contains(where: { $0.range != nil })
    {
      if !checksVariants, cost <= gradientCheckBudget {
        found.append(
          LessonDiagnostic(
            .warning, path: lesson.path,
            at: lesson.loss?.location ?? lesson.graph.last?.location,
            "gradient check ran at the lesson's values only; at \(variantCount) variants it "
              + "would take too long",
            note: "a lesson's givens are meant to be small enough to work by hand"))
      }
      // One sampler for every variant: what the draws share (the lesson's own blind spots
      // and slips alike) is found once.
      var sampler = try? Variants.Sampler(lesson)
      for variant in 1...variantCount {
        let variantBound: BoundLesson
        do {
          if let drawn = sampler?.givens(variant: variant) {
            variantBound = try BoundLesson(lesson: lesson, variant: variant, drawn: drawn)
          } else {
            variantBound = try BoundLesson(lesson: lesson, variant: variant)
          }
        } catch {
          found += error.diagnostics.map { diagnostic in
            var copy = diagnostic
            copy.message = "variant \(variant): " + copy.message
            return copy
          }
          continue
        }
        variantsSeen += 1
        for (index, step) in lesson.steps.enumerated() {
          guard case .value = step.question else { continue }
          do {
            let expectation = try variantBound.expectation(forStep: index)
            if case .value(let value) = expectation, value.scalars.contains(where: { $0 != 0 }) {
              zeroDerivatives.remove(index)
            }
            if case .value(let value) = expectation, !value.isFinite {
              error(
                "variant \(variant): the expected answer of step `\(step.id)` is not finite",
                at: step.location, note: "the givens' ranges must avoid zero divisions")
            }
          } catch {
            found += error.diagnostics
          }
        }
        if checksVariants { found += gradientCheck(variantBound, variant: variant) }
        bindings.append(
          (variantBound, BlindSpot.find(in: lesson, evaluator: variantBound.evaluator)))
      }
    }
    if found.allSatisfy({ $0.severity != .error }) { found += kinkWarnings(lesson) }
    found += zeroDerivativeWarnings(lesson, steps: zeroDerivatives, variants: variantsSeen)
    found += missingSkills(lesson)
    return found + blindSpots(bindings)
  }

  /// Every step names the skills it trains (unknown names are refused when loading).
  static func missingSkills(_ lesson: Lesson) -> [LessonDiagnostic] {
    lesson.steps.filter(\.skills.isEmpty).map { step in
      LessonDiagnostic(
        path: lesson.path, at: step.location, "step `\(step.id)` names no skills",
        note: "add `skills: [...]` after its title; the skills are listed in lessons/README.md")
    }
  }

  // MARK: - Steps

  static func checkStep(_ step: Step, index: Int, in bound: BoundLesson) -> [LessonDiagnostic] {
    var found: [LessonDiagnostic] = []
    let lesson = bound.lesson
    let name = "step `\(step.id)`"

    // Placeholders everywhere prose appears.
    var prose: [(Prose, String)] = [(step.text, "the text of \(name)")]
    if let display = step.display { prose.append((display, "the display of \(name)")) }
    prose.append((step.worked, "the worked line of \(name)"))
    for hint in step.hints { prose.append((hint, "a hint of \(name)")) }
    for mistake in step.mistakes { prose.append((mistake.message, "a mistake of \(name)")) }
    if case .choice(let choices) = step.question {
      for choice in choices {
        prose.append((choice.text, "a choice of \(name)"))
        if let feedback = choice.feedback { prose.append((feedback, "a choice of \(name)")) }
      }
    }
    for (text, context) in prose {
      do {
        _ = try bound.fill(text, context: context)
      } catch {
        found += error.diagnostics
      }
    }
    if let rate = step.learningRate {
      do {
        let value = try bound.evaluate(rate, context: "the learning rate of \(name)")
        if value.scalarValue == nil {
          found.append(
            LessonDiagnostic(
              path: lesson.path, at: rate.location, "the learning rate must be a number"))
        }
      } catch {
        found += error.diagnostics
      }
    }

    switch step.question {
    case .value(let ask):
      let expected: Tensor
      do {
        expected = try bound.evaluate(ask, context: "in the `ask` of \(name)")
      } catch {
        return found + error.diagnostics
      }
      if !expected.isFinite {
        found.append(
          LessonDiagnostic(
            path: lesson.path, at: ask.location, length: ask.text.count,
            "the expected answer of \(name) is not finite: \(TensorFormat.inline(expected))"))
      }
      // Mistakes equal to the answer are judged with the variants (``blindSpots(_:)``).
      for mistake in step.mistakes {
        do {
          _ = try bound.evaluate(mistake.answer, context: "in a mistake of \(name)")
        } catch {
          found += error.diagnostics
        }
      }
    case .formula(let reference, let variables, let agreement):
      // The reference must read and evaluate with its variables (lesson names allowed).
      var probe = bound.evaluator
      let formula: Formula
      do {
        formula = Formula(try reference.expr(), source: reference.text, variables: variables)
        for variable in variables {
          let start = try Tensor(
            repeating: (variable.domain.lowerBound + variable.domain.upperBound) / 2,
            shape: variable.shape)
          try probe.bindInput(variable.name, start)
        }
        probe.options.requiresFinite = false
        _ = try probe.evaluate(formula.reference, source: reference.text)
      } catch let error as MathError {
        return found + [
          BoundLesson.diagnostic(
            error, in: reference.source, path: lesson.path, context: "in the formula of \(name)")
        ]
      } catch {
        return found + [
          LessonDiagnostic(
            path: lesson.path, at: reference.location, "in the formula of \(name): \(error)")
        ]
      }
      let selfCheck = AnswerChecker.check(
        formula: formula.reference, source: reference.text, against: formula)
      if selfCheck.kind != .correct {
        let message = selfCheck.error?.message ?? VerdictPresenter().summary(selfCheck)
        found.append(
          LessonDiagnostic(
            path: lesson.path, at: reference.location, "in the formula of \(name): \(message)"))
        return found
      }
      for mistake in step.mistakes {
        let verdict: Verdict
        do {
          verdict = AnswerChecker.check(
            formula: try mistake.answer.expr(), source: mistake.answer.text, against: formula)
        } catch {
          verdict = Verdict(.malformed, error: error)
        }
        if verdict.kind == .correct {
          found.append(
            LessonDiagnostic(
              path: lesson.path, at: mistake.answer.location, length: mistake.answer.text.count,
              "this declared mistake equals the right formula"))
        } else if verdict.kind == .malformed, let problem = verdict.error {
          found.append(
            BoundLesson.diagnostic(
              problem, in: mistake.answer.source, path: lesson.path,
              context: "in a mistake of \(name)"))
        }
      }
      if let agreement {
        found += checkAgreement(agreement, formula: reference, step: name, in: bound)
      }
    case .choice:
      found += ChoiceTells.check(step, path: lesson.path)
    }
    return found
  }

  // MARK: - Blind spots

  /// What the bindings' data hides (``BlindSpot``), bindings in order (the lesson's own
  /// values first). A declared mistake that equals the answer, or that the checker accepts
  /// as a row for a column, at every binding is an error: the mistake itself is wrong.
  /// One that does so only at some bindings, and a diagnosis hidden at some bindings but
  /// not all, is a warning naming the step and the bindings: the data hides what the step
  /// teaches. A diagnosis hidden at every binding is how the step is built (the softmax
  /// Jacobian is always symmetric), not a problem of its data.
  static func blindSpots(_ bindings: [(bound: BoundLesson, spots: [BlindSpot])])
    -> [LessonDiagnostic]
  {
    guard let own = bindings.first?.bound else { return [] }
    let lesson = own.lesson
    var order: [BlindSpot] = []
    var places: [BlindSpot: [Int]] = [:]
    for (position, binding) in bindings.enumerated() {
      for spot in binding.spots {
        if places[spot] == nil { order.append(spot) }
        places[spot, default: []].append(position)
      }
    }
    var found: [LessonDiagnostic] = []
    for spot in order {
      let at = places[spot] ?? []
      let everywhere = at.count == bindings.count
      if everywhere && !spot.kind.isDeclaredMistake { continue }
      let first = bindings[at[0]].bound
      let step = lesson.steps[spot.step]
      guard case .value(let ask) = step.question,
        let expected = try? first.evaluate(ask, context: "ask")
      else { continue }
      let answer = TensorFormat.inline(expected)
      let variants = at.map { bindings[$0].bound.variant }
      let whereText = describe(variants)
      let name = "step `\(step.id)`"
      switch spot.kind {
      case .mistakeEqualsAnswer(let index), .mistakeAccepted(let index):
        let mistake = step.mistakes[index].answer
        let accepted: Bool
        if case .mistakeAccepted = spot.kind { accepted = true } else { accepted = false }
        var message: String
        var note: String
        if accepted {
          let value = (try? first.evaluate(mistake, context: "a mistake")) ?? expected
          message =
            "this declared mistake is accepted as right: it is the answer's entries as a "
            + value.shape.shapeDescription + (value.shape.first == 1 ? " row" : " column")
            + ", and \(name) is not `exact_shape`"
          note = "add `exact_shape: true` to the step, or declare a mistake with other numbers"
        } else {
          message = "this declared mistake equals the right answer (\(answer))"
          note = "a learner giving it would be told they are both right and wrong"
        }
        if everywhere {
          found.append(
            LessonDiagnostic(
              path: lesson.path, at: mistake.location, length: mistake.text.count, message,
              note: note))
        } else {
          message =
            accepted
            ? "\(name), \(whereText): this declared mistake is the answer (\(answer)) in the other "
              + "orientation, which is accepted because the step is not `exact_shape`"
            : "\(name), \(whereText): this declared mistake equals the answer (\(answer)), so "
              + "the data cannot tell them apart"
          note =
            accepted
            ? "add `exact_shape: true` to the step"
            : "choose givens (or ranges) where they differ: the difference is what the step teaches"
          found.append(
            LessonDiagnostic(
              .warning, path: lesson.path, at: mistake.location, length: mistake.text.count,
              message, note: note))
        }
      case .signHidden:
        found.append(
          LessonDiagnostic(
            .warning, path: lesson.path, at: ask.location, length: ask.text.count,
            "\(name), \(whereText): the answer is \(answer), so a flipped sign cannot be told "
              + "from it",
            note:
              "choose givens where it is not 0 (an all-zero upstream gradient makes every "
              + "gradient below it 0)"))
      case .transposeHidden:
        found.append(
          LessonDiagnostic(
            .warning, path: lesson.path, at: ask.location, length: ask.text.count,
            "\(name), \(whereText): the answer \(answer) is symmetric, so its transpose "
              + "cannot be told from it",
            note: "choose givens where it is not symmetric"))
      case .swapHidden(let i, let j):
        found.append(
          LessonDiagnostic(
            .warning, path: lesson.path, at: ask.location, length: ask.text.count,
            "\(name), \(whereText): entries \(i) and \(j) of the answer \(answer) are equal, "
              + "so swapped entries cannot be told from it",
            note: "choose givens where they differ"))
      case .tinyEntry(let i):
        found.append(
          LessonDiagnostic(
            .warning, path: lesson.path, at: ask.location, length: ask.text.count,
            "\(name), \(whereText): entry \(i) of the answer \(answer) is a residue too small "
              + "to derive by hand (below 10⁻⁴ of the lesson's gradients)",
            note:
              "choose givens (or ranges) where the entry is clearly 0 or clearly not, e.g. no "
              + "repeated or collinear rows feeding a normalisation"))
      }
    }
    return found
  }

  /// "at the lesson's own values", "at variant 3", "at the lesson's own values and at
  /// variants 3 and 7".
  static func describe(_ variants: [Int]) -> String {
    var parts: [String] = []
    if variants.contains(0) { parts.append("at the lesson's own values") }
    let drawn = variants.filter { $0 > 0 }.map(String.init)
    if let last = drawn.last {
      parts.append(
        drawn.count == 1
          ? "at variant \(last)"
          : "at variants " + drawn.dropLast().joined(separator: ", ") + " and " + last)
    }
    return parts.joined(separator: " and ")
  }

  /// The formula with its variables set to lesson values must equal the engine's value.
  static func checkAgreement(
    _ agreement: Agreement, formula: LessonExpression, step: String, in bound: BoundLesson
  ) -> [LessonDiagnostic] {
    var evaluator = Evaluator()
    do {
      for binding in agreement.bindings {
        let value = try bound.evaluate(binding.expression, context: "in `agrees` of \(step)")
        _ = try? evaluator.bindConstant(binding.name, value)
      }
      let engine = try bound.evaluate(agreement.value, context: "in `agrees` of \(step)")
      let id: Graph.NodeID
      do {
        id = try evaluator.evaluate(try formula.expr(), source: formula.text)
      } catch {
        return [
          BoundLesson.diagnostic(
            error, in: formula.source, path: bound.lesson.path,
            context: "in the formula of \(step)")
        ]
      }
      let fromFormula = evaluator.value(of: id)
      let agrees =
        fromFormula.count == engine.count
        && zip(fromFormula.scalars, engine.scalars).allSatisfy { a, e in
          abs(a - e) <= 1e-6 * max(abs(e), 1)
        }
      if !agrees {
        return [
          LessonDiagnostic(
            path: bound.lesson.path, at: formula.location, length: formula.text.count,
            "the formula of \(step) disagrees with the engine: it gives "
              + "\(TensorFormat.inline(fromFormula)), the engine \(TensorFormat.inline(engine))",
            note: "at "
              + agreement.bindings.map { "\($0.name) = \($0.expression.text)" }
              .joined(separator: ", "))
        ]
      }
    } catch {
      return error.diagnostics
    }
    return []
  }

  // MARK: - Gradient check

  /// The most work one gradient check may take (entries × 2 passes × work per pass):
  /// about a tenth of a second.
  static let gradientCheckBudget = 2e8
  /// What visiting one graph node costs in a pass, in the units of ``Graph/workDone``
  /// (operations): a pass walks every node, so a graph of many scalar nodes costs
  /// entries × nodes even when it does little arithmetic.
  static let nodeVisitCost = 200.0

  /// The engine's gradient check of the loss (or, without one, the last quantity) with
  /// respect to every given; kinks become warnings.
  /// All the variants' gradient checks together may take this much.
  static let variantsBudget = 2 * gradientCheckBudget

  /// The output checked, the givens it depends on (the others' derivatives are 0 both
  /// ways), how many entries they have, and what checking them costs: central
  /// differences re-run the graph twice per entry.
  static func gradientCheckCost(_ bound: BoundLesson) -> (
    output: Graph.NodeID?, inputs: [Graph.NodeID], entries: Int, cost: Double
  ) {
    let lesson = bound.lesson
    let output = bound.lossNode ?? lesson.graph.last.flatMap { bound.evaluator.bindings[$0.name] }
    guard let output else { return (nil, [], 0, 0) }
    let graph = bound.evaluator.graph
    let used = ancestors(of: output, in: graph)
    // Givens computed from other givens are not leaves: their inputs are checked instead.
    let inputs = lesson.givens.compactMap { bound.evaluator.bindings[$0.name] }
      .filter { used[$0.index] && graph.nodes[$0.index].op == .input }
    let entries = inputs.reduce(0) { $0 + graph.nodes[$1.index].value.count }
    let perPass = graph.workDone + nodeVisitCost * Double(graph.nodes.count)
    return (output, inputs, entries, 2 * Double(entries) * max(perPass, 1))
  }

  static func gradientCheck(_ bound: BoundLesson, variant: Int) -> [LessonDiagnostic] {
    let lesson = bound.lesson
    let (output, inputs, entries, cost) = gradientCheckCost(bound)
    guard let output else { return [] }
    let graph = bound.evaluator.graph
    let at = variant == 0 ? "at the lesson's values" : "at variant \(variant)"
    let place = lesson.loss?.location ?? lesson.graph.last?.location
    // Refuse a lesson too big for finite differences rather than hang (lessons are
    // hand-sized), so that the check's time grows with the lesson's size, not its square.
    guard cost <= gradientCheckBudget else {
      guard variant == 0 else { return [] }
      return [
        LessonDiagnostic(
          .warning, path: lesson.path, at: place,
          "gradient check skipped: \(entries) given entries × \(graph.nodes.count) nodes "
            + "(\(Int(graph.workDone)) operations) per pass is too much to check by finite "
            + "differences",
          note: "a lesson's givens are meant to be small enough to work by hand")
      ]
    }
    do {
      let report = try GradientCheck().run(
        on: bound.evaluator.graph, output: output, inputs: inputs)
      var found: [LessonDiagnostic] = []
      for kink in report.kinks.prefix(3) {
        found.append(
          LessonDiagnostic(
            .warning, path: lesson.path,
            at: lesson.givens.first { $0.name == kink.input }?.location,
            "\(at), entry \(kink.inputEntry) of `\(kink.input)` puts `\(kink.at)` on a kink (0)",
            note: "the derivative there is a convention; choose values away from 0"))
      }
      if let worst = report.failures.first {
        found.append(
          LessonDiagnostic(
            path: lesson.path, at: place,
            "gradient check failed \(at): ∂/∂\(worst.input) entry \(worst.inputEntry): analytic "
              + "\(worst.analytic), numeric \(worst.numeric)"))
      }
      return found
    } catch {
      return [
        LessonDiagnostic(path: lesson.path, at: place, "gradient check \(at): \(error.description)")
      ]
    }
  }

  /// Flags the nodes `output` depends on (itself included); parents precede children.
  static func ancestors(of output: Graph.NodeID, in graph: Graph) -> [Bool] {
    var mask = Array(repeating: false, count: graph.nodes.count)
    mask[output.index] = true
    for index in stride(from: output.index, through: 0, by: -1) where mask[index] {
      for parent in graph.nodes[index].parents { mask[parent.index] = true }
    }
    return mask
  }

  /// Diagnostics in file order, each with its source line.
  static func sorted(_ diagnostics: [LessonDiagnostic], lines path: String) -> [LessonDiagnostic] {
    let text = (try? RegularFile.read(path, limit: LessonLoader.maxFileSize)).flatMap {
      String(validating: $0, as: UTF8.self)
    }
    let lines =
      text?.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map { Substring($0) } ?? []
    var sorted = diagnostics.enumerated().sorted { a, b in
      let (la, lb) = (a.element.location, b.element.location)
      switch (la, lb) {
      case (let x?, let y?): return x == y ? a.offset < b.offset : x < y
      case (nil, _?): return true
      case (_?, nil): return false
      default: return a.offset < b.offset
      }
    }.map(\.element)
    // At most a hundred per file, each quoting (a window of) its line.
    let more = sorted.count - LessonDiagnostic.maxPerFile
    if more > 0 { sorted.removeLast(more) }
    for index in sorted.indices where sorted[index].sourceLine == nil {
      if let line = sorted[index].location?.line, line >= 1, line <= lines.count {
        sorted[index].quote(lines[line - 1])
      }
    }
    if more > 0 {
      sorted.append(
        LessonDiagnostic(
          path: path, at: nil,
          "\(more) more problem\(more == 1 ? "" : "s") in this file not shown (the first "
            + "\(LessonDiagnostic.maxPerFile) are)"))
    }
    return sorted
  }
}
