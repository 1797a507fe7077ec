import TutorMath

/// Lesson prose (a step's text, display block, hint, worked line, mistake message or
/// choice): `$…$` TeX and `{expr}` placeholders, each placeholder parsed once when the
/// file is loaded. Rendering evaluates the parsed placeholders against a binding.
public struct Prose: Equatable, Sendable {
  /// The text as written, with its place in the file.
  public let source: Located
  /// Whether the whole text is display math (a step's `display` block).
  public let isDisplay: Bool
  /// The placeholders in order, each with its parsed expression.
  public let placeholders: [Placeholders.Occurrence]

  public init(_ source: Located, isDisplay: Bool = false) {
    (self.source, self.isDisplay) = (source, isDisplay)
    placeholders = Placeholders.occurrences(in: source.text, displayBlock: isDisplay)
  }

  /// `source`, each placeholder parsed with `memo` (once per distinct text).
  init(_ source: Located, isDisplay: Bool = false, memo: inout ParseMemo) {
    (self.source, self.isDisplay) = (source, isDisplay)
    placeholders = Placeholders.occurrences(in: source.text, displayBlock: isDisplay, memo: &memo)
  }

  /// The text as written.
  public var text: String { source.text }
  /// Where it starts in the file.
  public var location: SourceLocation { source.location }
}
