import Foundation
import TestSupport
import Testing

@testable import TutorLessons

/// Issue 12, item 4: `lessons/course.yaml` orders the lessons in sections with
/// prerequisites, and `check` validates it with positioned errors.
@Suite("The course file")
struct CourseTests {
  static let ids = ["conv-3x3", "linear-layer", "relu-1-2-2-1", "sigmoid-chain"]

  static func parse(_ text: String) throws -> Course {
    let (course, diagnostics) = CourseLoader.parse(text, path: "course.yaml")
    return try #require(course, "\(diagnostics.map(\.description))")
  }

  /// The errors and warnings of a course over `ids`, as `line:col: severity: message`.
  static func problems(_ text: String, ids: [String] = ids) throws -> [String] {
    let course = try parse(text)
    return CourseLinter.check(course, lessonIDs: ids).map { diagnostic in
      let place = diagnostic.location.map { "\($0.line):\($0.column)" } ?? "-"
      return "\(place): \(diagnostic.severity.rawValue): \(diagnostic.message)"
    }
  }

  @Test("the repository's course passes check and names every lesson of the folder once")
  func repositoryCourse() throws {
    let path = Repository.lessons + "/" + Course.fileName
    let diagnostics = CourseLinter.check(path: path)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
    let course = try #require(CourseLoader.load(path: path).course)
    // When a lesson lands, its line goes into course.yaml too.
    let folder = LessonCatalog.ids(in: Repository.lessons)
    #expect(Set(course.lessonIDs) == Set(folder), "lessons missing from course.yaml")
    #expect(course.lessonIDs.count == folder.count)
    #expect(course.sections.first?.title == "Foundations")
    #expect(
      course.sections.first?.lessons.map(\.id) == [
        "sigmoid-chain", "linear-layer", "relu-1-2-2-1", "gradient-checking", "residual-block",
      ])
    // Issue 22: layer-jacobians asks the softmax Jacobian, so it follows softmax-jacobian
    // and requires it; the shortest lessons come last.
    let order = course.lessonIDs
    let jacobians = try #require(order.firstIndex(of: "layer-jacobians"))
    #expect(try #require(order.firstIndex(of: "softmax-jacobian")) < jacobians)
    #expect(
      course.sections.flatMap(\.lessons).first { $0.id == "layer-jacobians" }?.requires
        .map(\.id).contains("softmax-jacobian") == true)
    #expect(
      course.sections.flatMap(\.lessons).first { $0.id == "attention-head" }?.requires
        .map(\.id).contains("cross-entropy-batch") == true)
    #expect(Array(order.suffix(3)) == ["lp-regularization", "optimizers", "dropout"])
    // At least thirty lessons, each after every lesson it requires.
    #expect(order.count >= 30)
    for lesson in course.sections.flatMap(\.lessons) {
      let at = try #require(order.firstIndex(of: lesson.id))
      for required in lesson.requires {
        #expect(
          (order.firstIndex(of: required.id) ?? .max) < at,
          "\(lesson.id) requires \(required.id), which comes later")
      }
    }
  }

  @Test("the course file is not a lesson: the catalogue skips it and `course` opens nothing")
  func notALesson() {
    #expect(!LessonCatalog.ids(in: Repository.lessons).contains("course"))
    #expect(LessonCatalog.path(of: "course", in: Repository.lessons) == nil)
  }

  @Test("arrange: course order with sections, absent ids skipped, the rest last in file order")
  func arrange() throws {
    let course = try Self.parse(
      """
      version: 1
      sections:
        - title: First
          lessons:
            - relu-1-2-2-1
            - missing-lesson
        - title: Second
          lessons:
            - id: conv-3x3
              requires: [relu-1-2-2-1, missing-lesson]
            - relu-1-2-2-1
      """)
    let placements = course.arrange(["a-extra", "conv-3x3", "relu-1-2-2-1", "z-extra"])
    #expect(
      placements == [
        Course.Placement(id: "relu-1-2-2-1", section: "First"),
        Course.Placement(id: "conv-3x3", section: "Second", prerequisites: ["relu-1-2-2-1"]),
        Course.Placement(id: "a-extra", section: nil),
        Course.Placement(id: "z-extra", section: nil),
      ])
    #expect(Course.unordered(["b", "a"]).map(\.id) == ["b", "a"])
  }

  @Test("check: unknown ids, duplicates, cycles and misplaced prerequisites, each at its place")
  func semanticErrors() throws {
    let text = """
      version: 1
      title: T
      sections:
        - title: One
          lessons:
            - sigmoid-chian
            - id: linear-layer
              requires: [relu-1-2-2-1]
            - id: relu-1-2-2-1
              requires: [linear-layer, relu-1-2-2-1]
        - title: Two
          lessons:
            - linear-layer
            - id: conv-3x3
              requires: [sigmoid-chain, nonsense]
      """
    let found = try Self.problems(text)
    #expect(
      found == [
        "6:9: error: lesson `sigmoid-chian` is not a lesson in this folder",
        "13:9: error: lesson `linear-layer` is listed twice",
        "10:34: error: lesson `relu-1-2-2-1` requires itself",
        "15:20: error: prerequisite `sigmoid-chain` of `conv-3x3` is not in the course",
        "15:35: error: prerequisite `nonsense` is not a lesson in this folder",
        "10:20: error: cycle in prerequisites: `linear-layer` → `relu-1-2-2-1` → `linear-layer`",
      ])
    let diagnostics = CourseLinter.check(try Self.parse(text), lessonIDs: Self.ids)
    #expect(diagnostics.first?.note == "did you mean `sigmoid-chain`?")
    #expect(diagnostics.first?.length == "sigmoid-chian".count)
  }

  @Test("check: a longer cycle is reported once; a prerequisite listed later is a warning")
  func cyclesAndOrder() throws {
    let cycle = """
      version: 1
      sections:
        - title: One
          lessons:
            - id: conv-3x3
              requires: [linear-layer]
            - id: linear-layer
              requires: [sigmoid-chain]
            - id: sigmoid-chain
              requires: [conv-3x3]
      """
    #expect(
      try Self.problems(cycle) == [
        "10:20: error: cycle in prerequisites: `conv-3x3` → `linear-layer` → `sigmoid-chain` "
          + "→ `conv-3x3`"
      ])
    let later = """
      version: 1
      sections:
        - title: One
          lessons:
            - id: conv-3x3
              requires: [linear-layer]
            - linear-layer
      """
    #expect(
      try Self.problems(later) == [
        "6:20: warning: `conv-3x3` requires `linear-layer`, which comes later in the course"
      ])
  }

  @Test(
    "loading: keys, types, versions, ids and anchors are errors at their line and column",
    arguments: [
      ("version: 1\nsection:\n  - x\n", "2:1: error: unknown key `section` in the course"),
      (
        "version: 2\nsections:\n  - {title: A, lessons: [a]}\n",
        "1:10: error: course format version 2"
      ),
      ("version: 1\nsections: []\n", "2:11: error: `sections` must be a list of sections"),
      ("version: 1\nsections:\n  - title: A\n", "3:5: error: missing key `lessons` in a section"),
      (
        "version: 1\nsections:\n  - title: A\n    lessons: [../x]\n",
        "4:15: error: `../x` is not a lesson id"
      ),
      (
        "version: 1\nsections:\n  - title: A\n    lessons: [{id: a, needs: [b]}]\n",
        "4:23: error: unknown key `needs` in a lesson of the course"
      ),
      (
        "version: 1\nsections:\n  - title: &t A\n    lessons: [a]\n",
        "3:12: error: YAML anchors (`&t`) are not allowed in the course file"
      ),
      ("version: 1\nsections: [\n", "3:1: error: YAML syntax"),
    ])
  func loadErrors(text: String, expected: String) {
    let (course, diagnostics) = CourseLoader.parse(text, path: "course.yaml")
    #expect(course == nil)
    let first = diagnostics.first.map { diagnostic in
      let place = diagnostic.location.map { "\($0.line):\($0.column)" } ?? "-"
      return "\(place): \(diagnostic.severity.rawValue): \(diagnostic.message)"
    }
    #expect(first?.hasPrefix(expected) == true, "\(first ?? "no diagnostic")")
  }

  @Test(
    "check on a path: the lesson ids come from the course file's folder; messages show the line")
  func checkPath() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bptutor-course-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Repository.lessons + "/linear-layer.yaml", toPath: folder + "/linear-layer.yaml")
    let path = folder + "/" + Course.fileName
    try "version: 1\nsections:\n  - title: A\n    lessons: [linear-layer, conv-3x3]\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let diagnostics = CourseLinter.check(path: path)
    #expect(diagnostics.count == 1)
    #expect(
      diagnostics.first?.description
        == """
        \(path):4:29: error: lesson `conv-3x3` is not a lesson in this folder
              lessons: [linear-layer, conv-3x3]
                                      ^~~~~~~~
        note: the lessons are: linear-layer
        """)
  }
}
