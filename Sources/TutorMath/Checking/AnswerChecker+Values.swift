import TutorEngine

extension AnswerChecker {
  /// Whether `given` equals `expected` within the options' tolerance (shapes equal, or
  /// both one number) — what "correct" means for a value answer, without any text.
  public static func matches(
    _ given: Tensor, _ expected: Tensor, options: CheckOptions = CheckOptions()
  )
    -> Bool
  {
    guard let values = comparableShapes(given, expected) else { return false }
    return Tolerance(options).matches(values, expected.scalars)
  }
}
