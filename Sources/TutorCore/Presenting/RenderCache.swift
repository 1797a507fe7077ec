import Foundation
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
  /// What one rendering depends on, besides the binding.
  struct Request: Hashable {
    var text: String
    var width: Int
    var style: MathStyle
    /// The steps whose values were concealed (``TutorLessons/Concealment/hiddenSteps``).
    var hidden: [Int] = []
  }

  /// The cache the presenters share unless given another (every screen and command).
  public static let shared = RenderCache()

  /// Renderings kept per binding: enough for every text of the largest lesson at a few
  /// widths; past it, that binding's start over.
  public let capacity: Int
  /// Bindings kept; past it, the one remembered first is dropped.
  public let bindingCapacity: Int

  private let lock = NSLock()
  private var lines: [UUID: [Request: [String]]] = [:]
  /// The bindings in ``lines``, first remembered first.
  private var order: [UUID] = []

  public init(capacity: Int = 1024, bindingCapacity: Int = 8) {
    self.capacity = capacity
    self.bindingCapacity = bindingCapacity
  }

  /// How many renderings are remembered, over every binding.
  public var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return lines.values.reduce(0) { $0 + $1.count }
  }

  /// The cached lines for `key` of `binding`, or `make()`'s, remembered.
  func lines(for key: Request, of binding: UUID, make: () -> [String]) -> [String] {
    lock.lock()
    if let hit = lines[binding]?[key] {
      lock.unlock()
      return hit
    }
    lock.unlock()
    let made = make()
    lock.lock()
    defer { lock.unlock() }
    if lines[binding] == nil {
      if order.count >= bindingCapacity { lines[order.removeFirst()] = nil }
      order.append(binding)
    }
    if lines[binding, default: [:]].count >= capacity {
      lines[binding]?.removeAll(keepingCapacity: true)
    }
    lines[binding, default: [:]][key] = made
    return made
  }
}
