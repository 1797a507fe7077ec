import TutorEngine
import TutorMath

extension BoundLesson {
  /// What step `index` (0-based) expects, computed by the engine now.
  public func expectation(forStep index: Int) throws(LessonErrors) -> Expectation {
    let step = lesson.steps[index]
    switch step.question {
    case .value(let ask):
      return .value(try evaluate(ask, context: "in the `ask` of step `\(step.id)`"))
    case .formula(let reference, let variables, _):
      return .formula(Formula(reference.text, variables: variables))
    case .choice(let choices):
      let right = choices.firstIndex(where: \.isCorrect) ?? 0
      return .value(Tensor(Double(right + 1)))
    }
  }

  /// The names a step asks for (its `ask` when that is a name), which the learner may not use.
  func askedName(_ step: Step) -> String? {
    guard case .value(let ask) = step.question else { return nil }
    let name = ask.text.trimmingWhitespace()
    return names.contains(name) ? name : nil
  }

  /// What the checker knows around step `index`: the names the learner may use (givens and
  /// quantities, except this and later steps' asked ones), every value and loss gradient
  /// of the lesson for "that is …" diagnoses, and the step's declared mistakes.
  public func context(forStep index: Int, style: MathStyle = .unicode) -> AnswerContext {
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
        context.quantities.append(
          Quantity(name: name, label: label(of: name, style: style), value: value))
      }
    }
    if let loss = lesson.loss {
      for name in names {
        guard let gradient = lossGradients[name] else { continue }
        let tex = "\\partial \(lesson.tex(for: loss.text))/\\partial \(lesson.tex(for: name))"
        context.quantities.append(
          Quantity(
            name: "grad(\(loss.text), \(name))", label: MathRenderer.inline(tex, style: style),
            value: gradient))
      }
    }
    for mistake in step.mistakes {
      let message = renderLine(mistake.message, style: style)
      if case .formula = step.question {
        context.mistakes.append(DeclaredMistake(.formula(mistake.answer.text), message: message))
      } else if let value = try? evaluate(mistake.answer.text) {
        context.mistakes.append(DeclaredMistake(.value(value), message: message))
      }
    }
    return context
  }

  /// The step's checker options, with its learning rate evaluated.
  public func options(forStep index: Int) -> CheckOptions {
    let step = lesson.steps[index]
    var options = step.options
    if let rate = step.learningRate, let value = try? evaluate(rate.text),
      let eta = value.scalarValue
    {
      options.learningRate = eta
    }
    return options
  }

  /// Judges `answer` for step `index`. For a choice question the answer is the option's
  /// number (1-based) or its text.
  public func check(_ answer: String, step index: Int, style: MathStyle = .unicode) -> Verdict {
    let step = lesson.steps[index]
    if case .choice(let choices) = step.question {
      return checkChoice(answer, choices: choices, style: style)
    }
    do {
      let expectation = try expectation(forStep: index)
      return AnswerChecker.check(
        answer, against: expectation, context: context(forStep: index, style: style),
        options: options(forStep: index))
    } catch {
      let message = error.diagnostics.first?.message ?? "the lesson cannot compute this step"
      return Verdict(.malformed, error: MathError(.evaluation, message))
    }
  }

  private func checkChoice(_ answer: String, choices: [Choice], style: MathStyle) -> Verdict {
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
    var verdict = Verdict(
      choice.isCorrect ? .correct : .incorrect, reading: "read as option \(picked + 1)")
    if let feedback = choice.feedback.map({ renderLine($0, style: style) }) {
      if choice.isCorrect {
        verdict.notes = [feedback]
      } else {
        verdict.diagnosis = .declaredMistake(feedback)
      }
    }
    return verdict
  }

  // MARK: - Prose

  /// Prose with its placeholders filled from the engine; errors at their file position.
  public func fill(_ located: Located, displayBlock: Bool = false, context: String)
    throws(LessonErrors) -> String
  {
    do {
      return try Placeholders.fill(located.text, displayBlock: displayBlock) {
        (text: String) throws(MathError) -> Tensor in
        try evaluate(text)
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
          shifted, in: located, path: lesson.path, context: "in a placeholder of \(context)")
      ])
    }
  }

  /// The notation of `name` rendered for the terminal (`a^{(1)}` → `a⁽¹⁾`).
  public func label(of name: String, style: MathStyle = .unicode) -> String {
    MathRenderer.inline(lesson.tex(for: name), style: style)
  }
}
