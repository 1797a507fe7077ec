import Foundation
import TerminalText
import TutorLessons
import TutorMath

/// Rendered lesson text, remembered per binding by source text, width, style and what
/// was concealed.
///
/// A bound lesson never changes after it is made (new givens make a new one, with a new
/// ``TutorLessons/BoundLesson/id``), so what its prose renders to at a width never
/// changes either. The full-screen tutor draws the same step on every key press; this
/// turns that redraw from filling placeholders through the engine and laying out math
/// into a lookup. The lesson layer keeps no cache: this one belongs to the presenter.
public final class RenderCache: @unchecked Sendable {
  /// What one rendering depends on: the binding and the text, width, style and what was
  /// concealed.
  struct Request: Hashable {
    /// The binding's ``TutorLessons/BoundLesson/id`` (held, so it is never reused).
    var binding: BoundLesson.Identity
    var text: String
    var width: Int
    var style: MathStyle
    /// The steps whose values were concealed (``TutorLessons/Concealment/hiddenSteps``).
    var hidden: [Int] = []

    /// Whether this renders one of `identity`'s texts.
    func isRendering(_ identity: BoundLesson.Identity) -> Bool { binding == identity }
  }

  /// The cache the presenters share unless given another (every screen and command).
  public static let shared = RenderCache()

  /// Renderings kept: enough for every text of the largest lessons at a few widths, over
  /// the few bindings a session draws; past it, start over.
  public let capacity: Int

  private let lock = NSLock()
  private var lines: [Request: [String]] = [:]

  public init(capacity: Int = 4096) {
    self.capacity = capacity
  }

  /// How many renderings are remembered, over every binding.
  public var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return lines.count
  }

  /// How many renderings of `binding`'s texts are remembered (tests).
  func count(binding: BoundLesson.Identity) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return lines.keys.filter { $0.isRendering(binding) }.count
  }

  /// The cached lines for `request`, or `make()`'s, remembered.
  func lines(for request: Request, make: () -> [String]) -> [String] {
    lock.lock()
    if let hit = lines[request] {
      lock.unlock()
      return hit
    }
    lock.unlock()
    let made = make()
    lock.lock()
    if lines.count >= capacity { lines.removeAll(keepingCapacity: true) }
    lines[request] = made
    lock.unlock()
    return made
  }
}
