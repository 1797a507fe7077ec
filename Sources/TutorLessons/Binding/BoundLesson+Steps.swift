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
      let right = choices.firstIndex(where: \.isCorrect) ?? 0
      return .value(Tensor(Double(right + 1)))
    }
  }

  /// The names a step asks for (its `ask` when that is a name), which the learner may not use.
  func askedName(_ step: Step) -> String? {
    guard case .value(let ask) = step.question, case .success(let expr) = ask.parsed,
      case .name(let name) = expr.kind
    else { return nil }
    return names.contains(name) ? name : nil
  }

  /// What the checker knows around step `index`: the names the learner may use (givens and
  /// quantities, except this and later steps' asked ones), every value and loss gradient
  /// of the lesson for "that is …" diagnoses (as TeX, rendered by the presenter), and the
  /// step's declared mistakes (prose filled by the engine, expressions parsed at load).
  public func context(forStep index: Int) -> AnswerContext {
    let step = lesson.steps[index]
    var context = AnswerContext()
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
    for name in names {
      if let value = value(of: name) {
        context.quantities.append(Quantity(name: name, tex: lesson.tex(for: name), value: value))
      }
    }
    if let loss = lesson.loss {
      for name in names {
        guard let gradient = lossGradients[name], let tex = gradientTeX(of: name) else { continue }
        context.quantities.append(
          Quantity(name: "grad(\(loss.text), \(name))", tex: tex, value: gradient))
      }
    }
    for mistake in step.mistakes {
      let message = (try? fill(mistake.message, context: "a mistake")) ?? mistake.message.text
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
  public func check(_ answer: String, step index: Int) -> Verdict {
    let step = lesson.steps[index]
    if case .choice(let choices) = step.question {
      return checkChoice(answer, choices: choices)
    }
    do {
      let expectation = try expectation(forStep: index)
      return AnswerChecker.check(
        answer, against: expectation, context: context(forStep: index),
        options: options(forStep: index))
    } catch {
      let message = error.diagnostics.first?.message ?? "the lesson cannot compute this step"
      return Verdict(.malformed, error: MathError(.evaluation, message))
    }
  }

  private func checkChoice(_ answer: String, choices: [Choice]) -> Verdict {
    let trimmed = answer.trimmingWhitespace()
    var picked: Int?
    if let number = Int(trimmed), number >= 1, number <= choices.count {
      picked = number - 1
    } else if let letter = trimmed.lowercased().first, trimmed.count == 1,
      let ascii = letter.asciiValue, ascii >= 97, Int(ascii - 97) < choices.count
    {
      picked = Int(ascii - 97)
    } else {
      picked = choices.firstIndex { $0.text.text.lowercased() == trimmed.lowercased() }
    }
    guard let picked else {
      return Verdict(
        .malformed,
        error: MathError(
          .syntax, "answer with the number of an option, 1 to \(choices.count)",
          at: SourceRange(0, trimmed.count)))
    }
    let choice = choices[picked]
    var verdict = Verdict(choice.isCorrect ? .correct : .incorrect, reading: .option(picked + 1))
    if let feedback = choice.feedback {
      let text = (try? fill(feedback, context: "a choice")) ?? feedback.text
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
  /// file position.
  public func fill(_ prose: Prose, context: String) throws(LessonErrors) -> String {
    do {
      return try Placeholders.fill(prose) { (expr, source) throws(MathError) -> Tensor in
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

  /// The notation of `name` rendered for the terminal (`a^{(1)}` → `a⁽¹⁾`).
  public func label(of name: String, style: MathStyle = .unicode) -> String {
    MathRenderer.inline(lesson.tex(for: name), style: style)
  }
}
