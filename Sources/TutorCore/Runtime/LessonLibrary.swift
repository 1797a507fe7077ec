import Foundation
import TutorLessons
import TutorMath

/// The lessons folder as the tutor sees it, and the one route from a lesson id (or a
/// path to a lesson file) to a bound lesson: the menu, every subcommand, `:set` and
/// variants all come through here.
public struct LessonLibrary: Sendable {
  public let directory: String
  /// Where lessons generated from a graph (`--graph`, drills) are kept, so review and
  /// every command find them by id like any other; nil for none.
  public let generated: String?

  /// Where lesson summaries are kept between runs (``entries()`` loads only the files
  /// that changed); nil loads every file.
  public var summaryCache: LessonSummaryCache?

  public init(
    directory: String, generated: String? = nil, summaryCache: LessonSummaryCache? = nil
  ) {
    self.directory = directory
    self.generated = generated
    self.summaryCache = summaryCache
  }

  /// The section the menu lists generated lessons under.
  public static let generatedSection = "Generated from a graph"

  /// The paths of the generated lessons (none without a folder for them).
  func generatedPaths() -> [String] {
    guard let generated else { return [] }
    return (try? LessonCatalog.listing(in: generated))?.paths ?? []
  }

  /// Why a lesson could not be opened.
  public enum OpenError: Error, Sendable {
    /// No lesson of that id: the folder, and a suggestion or the list of ids.
    case unknown(id: String, directory: String, hint: String)
    /// The file has errors (or the lesson cannot be bound at these givens).
    case invalid([LessonDiagnostic])

    /// One line for a status bar or an error message.
    public var summary: String {
      switch self {
      case .unknown(let id, let directory, let hint):
        return "no lesson `\(id)` in \(directory) (\(hint))"
      case .invalid(let diagnostics):
        return diagnostics.first { $0.severity == .error }?.message
          ?? diagnostics.first?.message ?? "cannot be read"
      }
    }
  }

  /// The ids of the lesson files in the folder (none is loaded).
  public func lessonIDs() -> Set<String> {
    Set(
      (LessonCatalog.paths(in: directory) + generatedPaths()).map {
        URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent
      })
  }

  /// What the menu and `list` show of the folder: its lessons, and whether its course file
  /// has errors.
  public struct Catalog: Sendable {
    /// One entry per lesson file, in course order.
    public var entries: [LessonEntry]
    /// The folder's course file has errors, so the lessons are in file order.
    public var courseHasErrors: Bool
  }

  /// One entry per lesson file, in the order of the folder's course file (sections
  /// first, lessons it does not name last; file order without one); a file that fails
  /// to load is listed with its problem.
  public func entries() -> [LessonEntry] {
    catalog().entries
  }

  /// ``entries()``, and whether the course file has errors. The course file and every
  /// lesson file are read from the summary cache when they have not changed since.
  public func catalog() -> Catalog {
    func id(_ path: String) -> String {
      URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
    let paths = LessonCatalog.paths(in: directory)
    let folderIDs = paths.map(id)
    var pathsByID = Dictionary(zip(folderIDs, paths), uniquingKeysWith: { first, _ in first })
    // Lessons generated from a graph (drills, `--graph`) last, in their own section.
    var generatedIDs: [String] = []
    for path in generatedPaths() where pathsByID[id(path)] == nil {
      pathsByID[id(path)] = path
      generatedIDs.append(id(path))
    }
    let ids = folderIDs + generatedIDs
    // Each file loads on its own, on every core; from the summary cache when the file has
    // not changed since.
    let load: ([String]) -> [LessonSummary] = { paths in
      Parallel.map(paths.count) { LessonSummary.load(path: paths[$0]) }
    }
    let course = Course.path(in: directory)
    let wanted = ids.map { pathsByID[$0]! }
    let (outline, summaries) =
      summaryCache?.catalog(course: course, lessons: wanted, loading: load)
      ?? (
        FileManager.default.fileExists(atPath: course) ? CourseOutline.load(path: course) : nil,
        load(wanted)
      )
    let summaryByID = Dictionary(zip(ids, summaries), uniquingKeysWith: { first, _ in first })
    // A course with errors has no sections: its lessons stay in file order.
    var placements = outline?.arrange(folderIDs) ?? Course.unordered(folderIDs)
    placements += generatedIDs.map {
      Course.Placement(id: $0, section: Self.generatedSection, prerequisites: [])
    }
    let entries = placements.map { placement in
      let id = placement.id
      let summary = summaryByID[id]!
      guard summary.problem == nil else {
        return LessonEntry(
          id: id, title: id, stepIDs: [], problem: summary.problem! + " (run bptutor check)",
          section: placement.section, prerequisites: placement.prerequisites)
      }
      var entry = LessonEntry(
        id: id, title: summary.title, summary: summary.summary, stepIDs: summary.stepIDs,
        section: placement.section, prerequisites: placement.prerequisites)
      entry.skills = summary.skills
      return entry
    }
    return Catalog(entries: entries, courseHasErrors: outline?.hasErrors ?? false)
  }

  /// The file of lesson `id` in the folder, or `id` itself when it is a path (contains
  /// `/` or ends in `.yaml`); nil when the folder has no such lesson.
  public func path(of id: String) -> String? {
    if id.contains("/") || id.hasSuffix(".yaml") { return id }
    if let path = LessonCatalog.path(of: id, in: directory) { return path }
    guard let generated else { return nil }
    return LessonCatalog.path(of: id, in: generated)
  }

  /// Loads lesson `id` from the folder, or the lesson file at `id` when it is a path.
  /// `read` loads a file (``LessonLoader/load(path:)``, or a load already under way).
  public func load(
    _ id: String,
    reading read: (String) -> (lesson: Lesson?, diagnostics: [LessonDiagnostic]) =
      LessonLoader.load(path:)
  ) throws(OpenError) -> Lesson {
    guard let path = path(of: id) else {
      let ids = LessonCatalog.ids(in: directory)
      let hint =
        Suggestion.didYouMean(id, among: ids) ?? "the lessons are: " + ids.joined(separator: ", ")
      throw .unknown(id: id, directory: directory, hint: hint)
    }
    let (lesson, diagnostics) = read(path)
    guard let lesson else { throw .invalid(diagnostics) }
    return lesson
  }

  /// Binds `lesson` at `variant` with givens overridden by expressions (`x` → `2`).
  public static func bind(_ lesson: Lesson, variant: Int = 0, overrides: [String: String] = [:])
    throws(LessonErrors) -> BoundLesson
  {
    try BoundLesson(lesson: lesson, variant: variant, overrides: overrides)
  }

  /// Loads and binds lesson `id`.
  public func open(_ id: String, variant: Int = 0, overrides: [String: String] = [:])
    throws(OpenError) -> BoundLesson
  {
    let lesson = try load(id)
    do {
      return try Self.bind(lesson, variant: variant, overrides: overrides)
    } catch {
      throw .invalid(error.diagnostics)
    }
  }

  /// Loads and binds lesson `id`: the message answering an ``Effect/openLesson(id:mode:)``.
  public func open(_ id: String, mode: OpenMode) -> Msg {
    do {
      return .lessonOpened(try open(id), mode: mode)
    } catch {
      if case .unknown = error { return .lessonFailed(id: id, message: "no such lesson") }
      return .lessonFailed(id: id, message: error.summary)
    }
  }
}
