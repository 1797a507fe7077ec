import TutorEngine
import TutorMath

/// Lesson prose with its placeholders filled from this binding's values (the text a
/// presenter renders, a handout prints, a mistake's message says).
extension BoundLesson {
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
}
