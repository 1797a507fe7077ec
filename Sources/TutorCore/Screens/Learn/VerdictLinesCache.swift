import Synchronization
import TerminalText
import TutorMath

/// The lines the last verdict was presented as. A verdict stays on screen while the
/// learner types the next answer, and every key redraws it: this turns each of those
/// redraws' presenting into a comparison.
final class VerdictLinesCache: Sendable {
  /// What the lines were presented from, and the lines.
  private struct Presented: Sendable {
    var feedback: Feedback
    var width: Int
    var style: MathStyle
    var lines: [VerdictPresenter.Line]
  }

  /// The cache the learn screen's painter shares.
  static let shared = VerdictLinesCache()

  private let last = Mutex<Presented?>(nil)

  /// ``VerdictPresenter/lines(_:answer:)`` of `feedback` at `width` and `style`.
  func lines(_ feedback: Feedback, width: Int, style: MathStyle) -> [VerdictPresenter.Line] {
    if let hit = last.withLock({ last -> [VerdictPresenter.Line]? in
      guard let last, last.feedback == feedback, last.width == width, last.style == style
      else { return nil }
      return last.lines
    }) {
      return hit
    }
    let lines = VerdictPresenter(style: style, width: width)
      .lines(feedback.verdict, answer: feedback.answer)
    last.withLock { $0 = Presented(feedback: feedback, width: width, style: style, lines: lines) }
    return lines
  }
}
