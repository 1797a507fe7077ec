/// What the menu and `bptutor list` use of a lessons folder's `course.yaml`: each section's
/// title and lessons, each lesson with the ids it requires, in file order — or only that
/// the file has errors (the lessons are then listed in file order). Small enough to keep in
/// the lesson summary cache, so `list` and the menu do not parse the course file when it
/// has not changed.
public struct CourseOutline: Codable, Equatable, Sendable {
  /// A titled group of lessons, in teaching order.
  public struct Section: Codable, Equatable, Sendable {
    public var title: String
    public var lessons: [Lesson]
  }

  /// One lesson of a section, by id, and the ids written in its `requires`.
  public struct Lesson: Codable, Equatable, Sendable {
    public var id: String
    public var requires: [String]
  }

  public var sections: [Section]
  /// The course file has errors (`bptutor check` shows them): nothing is arranged.
  public var hasErrors: Bool

  public init(sections: [Section], hasErrors: Bool = false) {
    (self.sections, self.hasErrors) = (sections, hasErrors)
  }

  /// The outline of a course file that has errors.
  public static let unreadable = CourseOutline(sections: [], hasErrors: true)

  /// The lessons with these ids (a folder's, in file order) in course order: the course's
  /// sections first, each lesson once (ids the folder lacks skipped), then the lessons the
  /// course does not name, in the order given, with no section.
  public func arrange(_ ids: [String]) -> [Course.Placement] {
    let present = Set(ids)
    var placed: Set<String> = []
    var result: [Course.Placement] = []
    for section in sections {
      for lesson in section.lessons where present.contains(lesson.id) {
        guard placed.insert(lesson.id).inserted else { continue }
        result.append(
          Course.Placement(
            id: lesson.id, section: section.title,
            prerequisites: lesson.requires.filter(present.contains)))
      }
    }
    for id in ids where placed.insert(id).inserted {
      result.append(Course.Placement(id: id, section: nil))
    }
    return result
  }
}

extension Course {
  /// The sections and prerequisites, without places in the file.
  public var outline: CourseOutline {
    CourseOutline(
      sections: sections.map { section in
        CourseOutline.Section(
          title: section.title,
          lessons: section.lessons.map {
            CourseOutline.Lesson(id: $0.id, requires: $0.requires.map(\.id))
          })
      })
  }
}
