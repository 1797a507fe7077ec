import TerminalText
import TutorEngine
import TutorMath

extension BoundLesson {
  /// What step `index` (0-based) expects, computed by the engine now.
  public func expectation(forStep index: Int) throws(LessonErrors) -> Expectation {
    let step = lesson.steps[index]
    switch step.question {
    case .value(let ask):
      return .value(try evaluate(ask, context: "in the `ask` of step `\(step.id)`"))
    case .formula(let reference, let variables, let agreement):
      // The lesson's own values of the variables, so a formula that holds only there is told.
      var lessonValues: [String: Tensor]?
      if let agreement {
        lessonValues = [:]
        for binding in agreement.bindings {
          lessonValues?[binding.name] = try? evaluate(binding.expression, context: "`agrees`")
        }
      }
      do {
        return .formula(
          Formula(
            try reference.expr(), source: reference.text, variables: variables,
            lessonValues: lessonValues))
      } catch {
        throw LessonErrors([
          Self.diagnostic(
            error, in: reference.source, path: lesson.path,
            context: "in the formula of step `\(step.id)`")
        ])
      }
    case .choice(let choices):
      let position = choiceOrder(step: index).firstIndex { choices[$0].isCorrect } ?? 0
      return .value(Tensor(Double(position + 1)))
    }
  }

  /// The order choice step `index` shows its options in: shuffled with this variant's
  /// seed (variant 0 too), so the right option is not always the first. Entry k is the
  /// file's option shown as number k + 1.
  public func choiceOrder(step index: Int) -> [Int] {
    guard case .choice(let choices) = lesson.steps[index].question else { return [] }
    var order = Array(choices.indices)
    var generator = SeededGenerator(
      seed: Variants.seed(lesson.id + "/" + lesson.steps[index].id, variant))
    // Fisher–Yates with the portable generator.
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      let j = Int(generator.uniform(0, Double(i + 1)).rounded(.down))
      order.swapAt(i, min(j, i))
    }
    return order
  }

  /// The names a step asks for (its `ask` when that is a name), which the learner may not use.
  func askedName(_ step: Step) -> String? {
    guard case .value(let ask) = step.question, case .success(let expr) = ask.parsed,
      case .name(let name) = expr.kind
    else { return nil }
    return names.contains(name) ? name : nil
  }

  /// What the checker knows around step `index`: the names the learner may use (givens and
  /// quantities, except this and later steps' asked ones; none under `accept: numbers`), the
  /// quantities a wrong answer
  /// may be named as ("that is ∂J/∂a⁽²⁾", as TeX for the presenter), and the step's
  /// declared mistakes (prose filled by the engine, expressions parsed at load).
  ///
  /// A wrong answer is named as another quantity only when that quantity is earned (a
  /// given, or the value of a solved or revealed step in `earned`) or on the step's own
  /// path (what its `ask` reads and their neighbours in the graph) — never as a value a
  /// step still asks for, and never for an answer of only zeros and ±1s. Without
  /// `earned`, the steps before this one count as earned.
  public func context(forStep index: Int, earned: Set<Int>? = nil) -> AnswerContext {
    let earned = earned ?? Set(0..<index)
    let step = lesson.steps[index]
    var context = AnswerContext()
    context.acceptsNumbersOnly = step.accept == .numbers
    let laterAsked = Set(lesson.steps[index...].compactMap(askedName))
    for name in names {
      guard let value = value(of: name) else { continue }
      if laterAsked.contains(name) {
        let reason =
          name == askedName(step)
          ? "`\(name)` is the quantity this step asks for; work it out from the givens"
          : "`\(name)` comes in a later step; use the quantities you have so far"
        context.forbiddenNames[name] = reason
      } else {
        context.names[name] = value
      }
    }
    let concealment = concealment(earned: earned.union([index]))
    let unearned = self.concealment(earned: earned)
    let path = pathNames(ofStep: index)
    let earnedNames = Set(
      earned.compactMap { lesson.steps.indices.contains($0) ? askedName(lesson.steps[$0]) : nil })
    func nameable(_ name: String, _ value: Tensor, isGradient: Bool) -> Bool {
      guard concealment.shows(value) else { return false }
      if !isGradient, lesson.givens.contains(where: { $0.name == name }) { return true }
      return path.contains(name) || (!isGradient && earnedNames.contains(name))
        || (isGradient
          && earned.contains { askedValues[$0].map { Concealment.same($0, value) } ?? false })
    }
    for name in names {
      if let value = value(of: name), nameable(name, value, isGradient: false) {
        context.quantities.append(Quantity(name: name, tex: lesson.tex(for: name), value: value))
      }
    }
    if let loss = lesson.loss {
      for name in names {
        guard let gradient = lossGradients[name], let tex = gradientTeX(of: name),
          nameable(name, gradient, isGradient: true)
        else { continue }
        context.quantities.append(
          Quantity(name: "grad(\(loss.text), \(name))", tex: tex, value: gradient))
      }
    }
    let bound = self
    context.wrongDerivations = WrongDerivations(bound, step: index).tiers()
    for mistake in step.mistakes {
      // The message is shown before the step is earned: it may not give the answer away.
      let message =
        (try? fill(
          mistake.message, context: "a mistake", concealment: unearned, markingOversized: true))
        ?? mistake.message.text
      if case .formula = step.question {
        if let expr = try? mistake.answer.expr() {
          context.mistakes.append(DeclaredMistake(.formula(expr), message: message))
        }
      } else if let value = try? evaluate(mistake.answer, context: "a mistake") {
        context.mistakes.append(DeclaredMistake(.value(value), message: message))
      }
    }
    return context
  }

  /// The step's checker options, with its learning rate evaluated.
  public func options(forStep index: Int) -> CheckOptions {
    let step = lesson.steps[index]
    var options = step.options
    if let rate = step.learningRate, let value = try? evaluate(rate, context: "learning rate"),
      let eta = value.scalarValue
    {
      options.learningRate = eta
    }
    return options
  }

  /// Judges `answer` for step `index`: a verdict as data (``VerdictPresenter`` words it).
  /// For a choice question the answer is the option's number (1-based), letter or text.
  /// The answer is the only text parsed.
  /// `earned` are the steps solved or revealed (default: the steps before this one).
  public func check(_ answer: String, step index: Int, earned: Set<Int>? = nil) -> Verdict {
    let step = lesson.steps[index]
    if case .choice(let choices) = step.question {
      return checkChoice(answer, choices: choices, order: choiceOrder(step: index))
    }
    do {
      let expectation = try expectation(forStep: index)
      return AnswerChecker.check(
        answer, against: expectation, context: context(forStep: index, earned: earned),
        options: options(forStep: index))
    } catch {
      let message = error.diagnostics.first?.message ?? "the lesson cannot compute this step"
      return Verdict(.malformed, error: MathError(.evaluation, message))
    }
  }

  /// Judges a choice by the option's content: its number or letter as shown (in this
  /// variant's order), or its text.
  private func checkChoice(_ answer: String, choices: [Choice], order: [Int]) -> Verdict {
    let trimmed = answer.trimmingWhitespace()
    var picked: Int?
    if let number = Int(trimmed), number >= 1, number <= choices.count {
      picked = number - 1
    } else if let letter = trimmed.lowercased().first, trimmed.count == 1,
      let ascii = letter.asciiValue, ascii >= 97, Int(ascii - 97) < choices.count
    {
      picked = Int(ascii - 97)
    } else {
      picked = order.firstIndex { choices[$0].text.text.lowercased() == trimmed.lowercased() }
    }
    guard let picked else {
      return Verdict(
        .malformed,
        error: MathError(
          .syntax, "answer with the number of an option, 1 to \(choices.count)",
          at: SourceRange(0, trimmed.count)))
    }
    let choice = choices[order[picked]]
    var verdict = Verdict(choice.isCorrect ? .correct : .incorrect, reading: .option(picked + 1))
    if let feedback = choice.feedback {
      let text = (try? fill(feedback, context: "a choice", markingOversized: true)) ?? feedback.text
      if choice.isCorrect {
        verdict.notes = [.feedback(text)]
      } else {
        verdict.diagnosis = .declaredMistake(text)
      }
    }
    return verdict
  }

  // MARK: - Prose

  /// Prose with its placeholders (parsed at load) filled from the engine; errors at their
  /// file position. Values `concealment` hides become `? (step N)`. A value too large to
  /// show is an error, or with `markingOversized` a short marker (``Placeholders``).
  public func fill(
    _ prose: Prose, context: String, concealment: Concealment = .none,
    markingOversized: Bool = false
  ) throws(LessonErrors) -> String {
    do {
      return try Placeholders.fill(
        prose, concealingStep: concealment.concealingStep(of:_:),
        markingOversized: markingOversized
      ) {
        (expr, source) throws(MathError) -> Tensor in
        try evaluate(expr, source: source)
      }
    } catch {
      var shifted = error.error
      if let range = shifted.range {
        shifted.range = SourceRange(
          range.lowerBound + error.offset, range.upperBound + error.offset)
      } else {
        shifted.range = SourceRange(at: error.offset)
      }
      throw LessonErrors([
        Self.diagnostic(
          shifted, in: prose.source, path: lesson.path, context: "in a placeholder of \(context)")
      ])
    }
  }

  /// The names on step `index`'s path: what its `ask` reads (for `grad(L, x)`, `x`) and
  /// their neighbours in the graph (what they are computed from and what uses them).
  func pathNames(ofStep index: Int) -> Set<String> {
    guard case .value(let ask) = lesson.steps[index].question else { return [] }
    let read = Set(ask.names).subtracting([lesson.loss?.text ?? ""])
    var path = read
    for definition in lesson.graph {
      let uses = Set(definition.expression.names)
      if read.contains(definition.name) { path.formUnion(uses) }
      if !uses.isDisjoint(with: read) { path.insert(definition.name) }
    }
    return path
  }

  /// What step `index` asks for, as TeX: a name's notation (`a^{(1)}`), a loss
  /// gradient (`\partial J/\partial W^{(3)}`), or else the step's title.
  public func askTeX(step index: Int) -> String {
    let step = lesson.steps[index]
    if let name = askedName(step) { return lesson.tex(for: name) }
    if let name = askedGradientName(step: index), let tex = gradientTeX(of: name) {
      return tex
    }
    return "\\text{" + step.title + "}"
  }

  /// The notation of `name` rendered for the terminal (`a^{(1)}` → `a⁽¹⁾`).
  public func label(of name: String, style: MathStyle = .unicode) -> String {
    MathRenderer.inline(lesson.tex(for: name), style: style)
  }
}
