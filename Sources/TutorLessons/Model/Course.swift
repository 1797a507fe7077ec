import Foundation

/// The order a lessons folder is taught in: `course.yaml` beside the lessons, with
/// sections of lesson ids and each lesson's prerequisites. The menu and `bptutor list`
/// follow it; lessons it does not name come last.
public struct Course: Equatable, Sendable {
  /// The course file's name in a lessons folder (never read as a lesson).
  public static let fileName = "course.yaml"

  /// The course file of a lessons folder (which may have none).
  public static func path(in directory: String) -> String {
    (directory as NSString).appendingPathComponent(fileName)
  }

  /// Where it was read from, for diagnostics.
  public var path: String
  public var title: String
  public var sections: [Section]

  /// A titled group of lessons, in teaching order.
  public struct Section: Equatable, Sendable {
    public var title: String
    public var lessons: [Entry]
    public var location: SourceLocation
    /// The section's glossary (`symbols:`): what each symbol means in every lesson of the
    /// section, one meaning per symbol, in file order.
    public var symbols: [Symbol] = []
  }

  /// One line of a section's glossary: a symbol as the learner sees it (TeX, without
  /// indices: `t`, `\hat{y}`, `W`) and its one meaning in the section (`target`).
  public struct Symbol: Equatable, Sendable {
    public var symbol: String
    public var role: String
    public var location: SourceLocation
  }

  /// One lesson of a section and the lessons to do before it.
  public struct Entry: Equatable, Sendable {
    public var id: String
    public var requires: [Reference]
    /// Where the id is written.
    public var location: SourceLocation
  }

  /// A lesson id as written in `requires`, with its place.
  public struct Reference: Equatable, Sendable {
    public var id: String
    public var location: SourceLocation
  }

  /// Where a lesson sits: its section (nil for a lesson the course does not name) and
  /// its prerequisites.
  public struct Placement: Equatable, Sendable {
    public var id: String
    public var section: String?
    public var prerequisites: [String]

    public init(id: String, section: String?, prerequisites: [String] = []) {
      (self.id, self.section, self.prerequisites) = (id, section, prerequisites)
    }
  }

  /// The lessons with these ids in course order (``CourseOutline/arrange(_:)``).
  public func arrange(_ ids: [String]) -> [Placement] {
    outline.arrange(ids)
  }

  /// The ids of the course's lessons, in order, each once.
  public var lessonIDs: [String] {
    var seen: Set<String> = []
    return sections.flatMap(\.lessons).map(\.id).filter { seen.insert($0).inserted }
  }

  /// `ids` in file order when there is no course.
  public static func unordered(_ ids: [String]) -> [Placement] {
    ids.map { Placement(id: $0, section: nil) }
  }
}
