import TutorEngine
import TutorMath

/// The expected answers: what each step asks for, computed by the engine at this
/// binding's givens.
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
      seed: GivenValues.seed(lesson.id + "/" + lesson.steps[index].id, variant))
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

  /// `x` when step `index` asks for `grad(loss, x)`.
  func askedGradientName(step index: Int) -> String? {
    guard case .value(let ask) = lesson.steps[index].question, case .success(let expr) = ask.parsed,
      case .call("grad", let arguments, _) = expr.kind, arguments.count == 2,
      case .name(let of) = arguments[0].value.kind, of == lesson.loss?.text,
      case .name(let name) = arguments[1].value.kind
    else { return nil }
    return name
  }
}
