import TerminalText
import TutorEngine
import TutorMath

/// The checker's side of a bound lesson: what the answer checker knows around a step
/// (the names the learner may use, the quantities a wrong answer may be named as, the
/// step's declared mistakes), the step's options, and the verdict on an answer.
public struct StepChecker: Sendable {
  /// The lesson whose steps are judged, at its givens.
  public let bound: BoundLesson

  public init(_ bound: BoundLesson) {
    self.bound = bound
  }

  var lesson: Lesson { bound.lesson }

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
    let laterAsked = Set(lesson.steps[index...].compactMap(bound.askedName))
    for name in bound.names {
      guard let value = bound.value(of: name) else { continue }
      if laterAsked.contains(name) {
        let reason =
          name == bound.askedName(step)
          ? "`\(name)` is the quantity this step asks for; work it out from the givens"
          : "`\(name)` comes in a later step; use the quantities you have so far"
        context.forbiddenNames[name] = reason
      } else {
        context.names[name] = value
      }
    }
    let concealment = Concealment(bound, earned: earned.union([index]))
    let unearned = Concealment(bound, earned: earned)
    let path = pathNames(ofStep: index)
    let earnedNames = Set(
      earned.compactMap {
        lesson.steps.indices.contains($0) ? bound.askedName(lesson.steps[$0]) : nil
      })
    func nameable(_ name: String, _ value: Tensor, isGradient: Bool) -> Bool {
      guard concealment.shows(value) else { return false }
      if !isGradient, lesson.givens.contains(where: { $0.name == name }) { return true }
      return path.contains(name) || (!isGradient && earnedNames.contains(name))
        || (isGradient
          && earned.contains { bound.askedValues[$0].map { Concealment.same($0, value) } ?? false })
    }
    for name in bound.names {
      if let value = bound.value(of: name), nameable(name, value, isGradient: false) {
        context.quantities.append(Quantity(name: name, tex: lesson.tex(for: name), value: value))
      }
    }
    if let loss = lesson.loss {
      for name in bound.names {
        guard let gradient = bound.lossGradients[name], let tex = bound.gradientTeX(of: name),
          nameable(name, gradient, isGradient: true)
        else { continue }
        context.quantities.append(
          Quantity(name: "grad(\(loss.text), \(name))", tex: tex, value: gradient))
      }
    }
    context.wrongDerivations = WrongDerivations(bound, step: index).tiers()
    for mistake in step.mistakes {
      // The message is shown before the step is earned: it may not give the answer away.
      let message =
        (try? bound.fill(
          mistake.message, context: "a mistake", concealment: unearned, markingOversized: true))
        ?? mistake.message.text
      if case .formula = step.question {
        if let expr = try? mistake.answer.expr() {
          context.mistakes.append(DeclaredMistake(.formula(expr), message: message))
        }
      } else if let value = try? bound.evaluate(mistake.answer, context: "a mistake") {
        context.mistakes.append(DeclaredMistake(.value(value), message: message))
      }
    }
    return context
  }

  /// The step's checker options, with its learning rate evaluated.
  public func options(forStep index: Int) -> CheckOptions {
    let step = lesson.steps[index]
    var options = step.options
    if let rate = step.learningRate,
      let value = try? bound.evaluate(rate, context: "learning rate"),
      let eta = value.scalarValue
    {
      options.learningRate = eta
    }
    return options
  }

  /// Judges `answer` for step `index`: a verdict as data (``VerdictPresenter`` words it).
  /// For a choice question the answer is the option's number (1-based), letter or text.
  /// The answer is the only text parsed.
  /// `earned` are the steps solved or revealed (default: the steps before this one);
  /// `concealment` is what they may see, when the caller keeps it.
  public func check(
    _ answer: String, step index: Int, earned: Set<Int>? = nil, concealment: Concealment? = nil
  ) -> Verdict {
    let step = lesson.steps[index]
    if case .choice(let choices) = step.question {
      // Its feedback shows no value the learner has not earned (a choice earns none).
      let concealment = concealment ?? Concealment(bound, earned: earned ?? Set(0..<index))
      return checkChoice(
        answer, choices: choices, order: bound.choiceOrder(step: index), concealment: concealment)
    }
    return check(answer, prepared: preparation(forStep: index, earned: earned))
  }

  /// Judges `answer` to a value or formula step with what ``preparation(forStep:earned:)``
  /// worked out for it.
  public func check(_ answer: String, prepared: Preparation) -> Verdict {
    switch prepared.expectation {
    case .success(let expectation):
      return AnswerChecker.check(
        answer, against: expectation, context: prepared.context, options: prepared.options)
    case .failure(let error):
      return Verdict(.malformed, error: error)
    }
  }

  /// What judging an answer to a value or formula step needs besides the answer: the
  /// right value or formula, the checker's context and options. The same for every answer
  /// at a step and earned set: the tutor's session works it out once and keeps it, and
  /// the context's slip tiers are worked out at most once.
  public struct Preparation: Sendable {
    /// The right answer, or why the lesson cannot compute it.
    public let expectation: Result<Expectation, MathError>
    public let context: AnswerContext
    public let options: CheckOptions
  }

  /// The ``Preparation`` of step `index` with the steps in `earned` solved or revealed
  /// (default: the steps before it).
  public func preparation(forStep index: Int, earned: Set<Int>? = nil) -> Preparation {
    let expectation: Result<Expectation, MathError>
    do {
      expectation = .success(try bound.expectation(forStep: index))
    } catch {
      let message = error.diagnostics.first?.message ?? "the lesson cannot compute this step"
      expectation = .failure(MathError(.evaluation, message))
    }
    return Preparation(
      expectation: expectation, context: context(forStep: index, earned: earned),
      options: options(forStep: index))
  }

  /// Judges a choice by the option's content: its number or letter as shown (in this
  /// variant's order), or its text.
  private func checkChoice(
    _ answer: String, choices: [Choice], order: [Int], concealment: Concealment
  ) -> Verdict {
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
      let text =
        (try? bound.fill(
          feedback, context: "a choice", concealment: concealment, markingOversized: true))
        ?? feedback.text
      if choice.isCorrect {
        verdict.notes = [.feedback(text)]
      } else {
        verdict.diagnosis = .declaredMistake(text)
      }
    }
    return verdict
  }

  /// The bound.names on step `index`'s path: what its `ask` reads (for `grad(L, x)`, `x`) and
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
}
