import Foundation
import TerminalText
import TutorMath

/// Rendered prose of one bound lesson, remembered by source text, width and style.
///
/// A bound lesson never changes after it is made (new givens make a new one, with an
/// empty cache), so what its prose renders to at a width never changes either. The
/// full-screen tutor draws the same step on every key press; this turns that redraw from
/// filling placeholders through the engine and laying out math into a lookup.
final class RenderCache: @unchecked Sendable {
  struct Key: Hashable {
    var text: String
    var width: Int
    var style: MathStyle
    /// The steps whose values were concealed (``Concealment/hiddenSteps``).
    var hidden: [Int] = []
  }

  /// Enough for every text of the largest lesson at a few widths; past it, start over.
  static let capacity = 1024

  private let lock = NSLock()
  private var lines: [Key: [String]] = [:]

  /// The cached lines for `key`, or `make()`'s, remembered.
  func lines(for key: Key, make: () -> [String]) -> [String] {
    lock.lock()
    if let hit = lines[key] {
      lock.unlock()
      return hit
    }
    lock.unlock()
    let made = make()
    lock.lock()
    if lines.count >= Self.capacity { lines.removeAll(keepingCapacity: true) }
    lines[key] = made
    lock.unlock()
    return made
  }
}
