extension BoundLesson {
  /// Binds `lesson` at a variant — its seeded givens (``Variants``), with some givens
  /// overridden by expressions (`--set x=2`); every problem becomes a diagnostic at its
  /// place in the file.
  public init(lesson: Lesson, variant: Int = 0, overrides: [String: String] = [:])
    throws(LessonErrors)
  {
    try self.init(
      lesson: lesson, variant: variant, drawn: Variants.givens(of: lesson, variant: variant),
      overrides: overrides)
  }
}
