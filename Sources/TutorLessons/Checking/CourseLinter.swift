import Foundation
import TutorMath

/// `bptutor check` on `course.yaml`: every id names a lesson of the folder, no lesson is
/// listed twice, prerequisites are lessons of the course, form no cycle and come earlier,
/// and the right option of its choice steps is not mostly the longest (``ChoiceTells``).
public enum CourseLinter {
  /// All diagnostics for the course file at `path`, checked against the lessons in its
  /// folder, in file order.
  public static func check(path: String) -> [LessonDiagnostic] {
    let (course, loadDiagnostics) = CourseLoader.load(path: path)
    guard let course else { return loadDiagnostics }
    let folder = (path as NSString).deletingLastPathComponent
    let directory = folder.isEmpty ? "." : folder
    let ids = LessonCatalog.ids(in: directory)
    // A file several ids link to (a folder of symbolic links) is read and parsed once.
    var loaded: [String: Lesson?] = [:]
    let lessons = course.sections.flatMap(\.lessons).compactMap { entry -> Lesson? in
      guard let path = LessonCatalog.path(of: entry.id, in: directory) else { return nil }
      let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
      if loaded[target] == nil { loaded[target] = .some(LessonLoader.load(path: path).lesson) }
      guard var lesson = loaded[target] ?? nil else { return nil }
      lesson.id = entry.id
      return lesson
    }
    let tells = ChoiceTells.check(course: course, lessons: lessons)
    return LessonLinter.sorted(
      loadDiagnostics + check(course, lessonIDs: ids) + tells, lines: path)
  }

  /// The checks of a loaded course against the ids of the lessons that exist.
  public static func check(_ course: Course, lessonIDs: [String]) -> [LessonDiagnostic] {
    var found: [LessonDiagnostic] = []
    let known = Set(lessonIDs)
    let path = course.path

    func unknown(_ id: String, at location: SourceLocation, what: String) {
      found.append(
        LessonDiagnostic(
          path: path, at: location, length: id.count,
          "\(what) `\(id)` is not a lesson in this folder",
          note: Suggestion.didYouMean(id, among: lessonIDs)
            ?? "the lessons are: " + lessonIDs.joined(separator: ", ")))
    }

    // Ids: known, once each; their place in the course.
    var position: [String: Int] = [:]
    var first: [String: SourceLocation] = [:]
    var entries: [Course.Entry] = []
    for entry in course.sections.flatMap(\.lessons) {
      if let earlier = first[entry.id] {
        found.append(
          LessonDiagnostic(
            path: path, at: entry.location, length: entry.id.count,
            "lesson `\(entry.id)` is listed twice",
            note: "it is first listed at line \(earlier.line); a lesson belongs to one place"))
        continue
      }
      first[entry.id] = entry.location
      position[entry.id] = entries.count
      entries.append(entry)
      if !known.contains(entry.id) { unknown(entry.id, at: entry.location, what: "lesson") }
    }

    // Prerequisites: lessons of the course, not the lesson itself, earlier in the course.
    var edges: [String: [Course.Reference]] = [:]
    for entry in entries {
      for reference in entry.requires {
        if reference.id == entry.id {
          found.append(
            LessonDiagnostic(
              path: path, at: reference.location, length: reference.id.count,
              "lesson `\(entry.id)` requires itself"))
        } else if position[reference.id] == nil {
          if known.contains(reference.id) {
            found.append(
              LessonDiagnostic(
                path: path, at: reference.location, length: reference.id.count,
                "prerequisite `\(reference.id)` of `\(entry.id)` is not in the course",
                note: "list `\(reference.id)` in a section before `\(entry.id)`"))
          } else {
            unknown(reference.id, at: reference.location, what: "prerequisite")
          }
        } else {
          edges[entry.id, default: []].append(reference)
        }
      }
    }
    let cycles = cycleDiagnostics(entries, edges: edges, path: path)
    found += cycles
    if cycles.isEmpty {
      for entry in entries {
        for reference in edges[entry.id] ?? []
        where position[reference.id]! > position[entry.id]! {
          found.append(
            LessonDiagnostic(
              .warning, path: path, at: reference.location, length: reference.id.count,
              "`\(entry.id)` requires `\(reference.id)`, which comes later in the course",
              note: "move `\(reference.id)` above `\(entry.id)`"))
        }
      }
    }
    return found
  }

  /// One error per cycle of prerequisites, at the reference that closes it:
  /// "cycle in prerequisites: a → b → a". Iterative depth-first search, in course order.
  static func cycleDiagnostics(
    _ entries: [Course.Entry], edges: [String: [Course.Reference]], path: String
  ) -> [LessonDiagnostic] {
    enum Mark { case active, done }
    var marks: [String: Mark] = [:]
    var found: [LessonDiagnostic] = []
    var inReportedCycle: Set<String> = []
    for root in entries where marks[root.id] == nil {
      // The path from root, each lesson with how many of its edges were followed.
      var stack: [(id: String, next: Int)] = [(root.id, 0)]
      marks[root.id] = .active
      while let top = stack.last {
        let out = edges[top.id] ?? []
        guard top.next < out.count else {
          marks[top.id] = .done
          stack.removeLast()
          continue
        }
        stack[stack.count - 1].next += 1
        let reference = out[top.next]
        switch marks[reference.id] {
        case nil:
          marks[reference.id] = .active
          stack.append((reference.id, 0))
        case .active?:
          let start = stack.firstIndex { $0.id == reference.id } ?? 0
          var loop = stack[start...].map(\.id) + [reference.id]
          // A cycle is reported once: not again through a lesson already in one.
          guard loop.allSatisfy({ !inReportedCycle.contains($0) }) else { continue }
          inReportedCycle.formUnion(loop)
          if loop.count > 12 {
            loop = loop.prefix(5) + ["… \(loop.count - 10) more …"] + loop.suffix(5)
          }
          found.append(
            LessonDiagnostic(
              path: path, at: reference.location, length: reference.id.count,
              "cycle in prerequisites: "
                + loop.map { $0.hasPrefix("…") ? $0 : "`\($0)`" }.joined(separator: " → "),
              note: "a lesson cannot come, however indirectly, before itself"))
        case .done?:
          break
        }
      }
    }
    return found
  }
}
