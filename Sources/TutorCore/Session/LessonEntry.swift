/// A lesson as the menu lists it.
public struct LessonEntry: Equatable, Sendable {
  /// The heading over the lessons a course does not name, after its sections.
  public static let otherLessonsHeading = "Other lessons"

  public var id: String
  public var title: String
  public var summary: String
  public var stepIDs: [String]
  /// Set when the file cannot be loaded (shown instead of opening it).
  public var problem: String?
  /// The course section it is taught in (nil: not in the course, or no course file).
  public var section: String?
  /// The lessons the course asks to do first.
  public var prerequisites: [String]
  /// The skills its steps train, in first-seen order.
  public var skills: [String] = []

  public init(
    id: String, title: String, summary: String = "", stepIDs: [String], problem: String? = nil,
    section: String? = nil, prerequisites: [String] = []
  ) {
    (
      self.id, self.title, self.summary, self.stepIDs, self.problem, self.section,
      self.prerequisites
    ) = (id, title, summary, stepIDs, problem, section, prerequisites)
  }
}
