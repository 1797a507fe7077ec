import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

/// Lesson prose as a learner sees it: placeholders filled by the binding, math rendered
/// for the terminal, wrapped to a width. What it renders is remembered in a
/// ``RenderCache`` under the binding's id, so redrawing a step costs a lookup.
///
/// The lesson layer (TutorLessons) renders nothing and caches nothing; a presenter is
/// cheap to make (`LessonPresenter(bound)`) wherever a bound lesson is drawn.
public struct LessonPresenter: Sendable {
  /// The lesson drawn, at its givens.
  public let bound: BoundLesson
  /// Where renderings are remembered (shared by every presenter unless one is given).
  public let cache: RenderCache

  public init(_ bound: BoundLesson, cache: RenderCache = .shared) {
    (self.bound, self.cache) = (bound, cache)
  }

  /// Prose (with `$…$` math and placeholders) as wrapped terminal lines. A placeholder
  /// that cannot be filled (only possible in a lesson that fails `check`) is shown as
  /// its source text rather than hiding the step, and a value too large to show as a
  /// short marker. Remembered per binding, so redrawing a step costs a lookup.
  ///
  /// Values `concealment` hides show as `? (step N)`.
  /// Matrices stand in 2-D on lines of their own where they fit (``MathRenderer/prose``).
  public func render(
    _ prose: Prose, width: Int, style: MathStyle = .unicode, concealment: Concealment = .none
  ) -> [String] {
    render(prose, width: width, style: style, concealment: concealment, matrixBlocks: true)
  }

  func render(
    _ prose: Prose, width: Int, style: MathStyle, concealment: Concealment, matrixBlocks: Bool
  ) -> [String] {
    // One-line renderings are cached under a negative width.
    let key = RenderCache.Request(
      binding: bound.id,
      text: prose.text, width: matrixBlocks ? width : -2 - width, style: style,
      hidden: concealment.hiddenSteps)
    return cache.lines(for: key) {
      let filled =
        (try? bound.fill(
          prose, context: "prose", concealment: concealment, markingOversized: true))
        ?? prose.text
      return MathRenderer.prose(
        filled, width: max(width, 10), style: style, matrixBlocks: matrixBlocks)
    }
  }

  /// Rendered lines after a label ("hint 1/2: "): the first line follows the label, every
  /// other line is indented by the label's width, so a drawn matrix or a wrapped sentence
  /// that starts on the label's line keeps its columns on the lines below.
  public static func labelled(_ label: String, _ lines: [String]) -> [String] {
    let indent = String(repeating: " ", count: TextWidth.cells(of: label))
    return lines.enumerated().map { ($0.offset == 0 ? label : indent) + $0.element }
  }

  /// Prose on one line (feedback messages, option texts).
  public func renderLine(
    _ prose: Prose, style: MathStyle = .unicode, concealment: Concealment = .none
  ) -> String {
    render(prose, width: 100_000, style: style, concealment: concealment, matrixBlocks: false)
      .joined(separator: " ")
  }

  /// A display-math block with placeholders filled.
  public func renderDisplay(
    _ prose: Prose, style: MathStyle = .unicode, concealment: Concealment = .none
  ) -> RenderedBlock {
    let filled =
      (try? bound.fill(
        prose, context: "display", concealment: concealment, markingOversized: true))
      ?? prose.text
    return MathRenderer.display(filled, style: style)
  }

  /// Everything a step shows before it is answered: text, display block, and for a
  /// choice question its numbered options.
  /// Choices are listed in this variant's shuffled order
  /// (``TutorLessons/BoundLesson/choiceOrder(step:)``). Without `matrixBlocks` the text's
  /// matrices stay inline (beside a picture that draws them already).
  public func renderQuestion(
    step index: Int, width: Int, style: MathStyle = .unicode, concealment: Concealment = .none,
    matrixBlocks: Bool = true
  ) -> [String] {
    let step = bound.lesson.steps[index]
    var lines = render(
      step.text, width: width, style: style, concealment: concealment, matrixBlocks: matrixBlocks)
    if let display = step.display {
      lines.append("")
      // Width -1: display blocks are laid out at their natural width.
      let key = RenderCache.Request(
        binding: bound.id,
        text: display.text, width: -1, style: style, hidden: concealment.hiddenSteps)
      lines += cache.lines(for: key) {
        renderDisplay(display, style: style, concealment: concealment).lines
      }
      .map { "    " + $0 }
    }
    if case .choice(let choices) = step.question {
      lines.append("")
      for (number, original) in bound.choiceOrder(step: index).enumerated() {
        let choice = choices[original]
        let text = render(choice.text, width: width - 5, style: style, concealment: concealment)
        for (k, line) in text.enumerated() {
          lines.append((k == 0 ? "  \(number + 1). " : "     ") + line)
        }
      }
    }
    return lines
  }

  /// The worked line of a step, rendered (every step has one; the loader requires it).
  public func renderWorked(
    step index: Int, width: Int, style: MathStyle = .unicode, concealment: Concealment = .none
  ) -> [String] {
    render(bound.lesson.steps[index].worked, width: width, style: style, concealment: concealment)
  }

  /// Lines a view derives from this binding and `concealment` alone (a graph box),
  /// remembered with the rendered prose so a redraw is a lookup. `key` names what they
  /// are; it never collides with prose.
  public func remembered(
    _ key: String, width: Int, style: MathStyle, concealment: Concealment,
    make: () -> [String]
  ) -> [String] {
    cache.lines(
      for: RenderCache.Request(
        binding: bound.id,
        text: "\u{0}" + key, width: width, style: style, hidden: concealment.hiddenSteps),
      make: make)
  }

  /// The notation of `name` rendered for the terminal (`a^{(1)}` → `a⁽¹⁾`).
  public func label(of name: String, style: MathStyle = .unicode) -> String {
    Self.label(of: name, in: bound.lesson, style: style)
  }

  /// The notation of `name` in `lesson` rendered for the terminal, without a presenter.
  public static func label(of name: String, in lesson: Lesson, style: MathStyle) -> String {
    MathRenderer.inline(lesson.tex(for: name), style: style)
  }
}
