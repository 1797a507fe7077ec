import TutorEngine
import TutorMath

extension LessonLinter {
  /// What is wrong with `train:` at `bound`'s givens: a rate that does not compute, is not
  /// one number, or is not positive; a descent whose loss stops being finite or ends
  /// above where it started (the rate is too large for the loss curve to show learning).
  static func trainingProblems(_ bound: BoundLesson) -> [LessonDiagnostic] {
    guard let train = bound.lesson.train else { return [] }
    let lesson = bound.lesson
    let place = train.rate.location
    let length = max(1, train.rate.text.count)
    func problem(
      _ message: String, note: String, severity: LessonDiagnostic.Severity = .error
    ) -> [LessonDiagnostic] {
      [
        LessonDiagnostic(
          severity, path: lesson.path, at: place, length: length, message, note: note)
      ]
    }
    let value: Tensor
    do {
      value = try bound.evaluate(train.rate, context: "`train: rate`")
    } catch {
      return error.diagnostics
    }
    guard let rate = value.scalarValue else {
      return problem(
        "the learning rate `\(train.rate.text)` is \(value.shape.map(String.init).joined(separator: "×")) values, not one number",
        note: "write one positive number or a given that holds one, e.g. `rate: 0.1`")
    }
    guard rate.isFinite, rate > 0 else {
      return problem(
        "the learning rate `\(train.rate.text)` is \(NumberFormat.string(rate)); gradient descent needs a positive rate",
        note: "write a small positive number, e.g. `rate: 0.1`")
    }
    let losses: [Double]
    do {
      losses = try Trainer(bound).train(steps: train.steps)
    } catch {
      return problem(
        "gradient descent over `train:` fails: \(error.message)",
        note: "the loss curve (F5, `bptutor train`) needs every step to compute")
    }
    if let bad = losses.firstIndex(where: { !$0.isFinite }) {
      return problem(
        "the loss is not finite after \(bad) of \(train.steps) descent steps at rate \(NumberFormat.string(rate))",
        note: "lower the rate")
    }
    if let first = losses.first, let last = losses.last, last > first {
      return problem(
        "the loss rises over \(train.steps) descent steps at rate \(NumberFormat.string(rate)), from \(NumberFormat.string(first)) to \(NumberFormat.string(last))",
        note: "lower the rate, so the loss curve shows learning", severity: .warning)
    }
    return []
  }
}
