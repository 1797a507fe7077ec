import Foundation
import Yams

/// Reads `course.yaml` like a lesson file: a regular UTF-8 file, no anchors or aliases,
/// every problem as `path:line:col: error: …`. Which ids name real lessons, duplicates
/// and cycles are ``CourseLinter``'s (the tutor arranges what it can either way).
///
///     version: 1
///     title: Backpropagation by hand
///     sections:
///       - title: Foundations
///         lessons:
///           - sigmoid-chain
///           - id: relu-1-2-2-1
///             requires: [sigmoid-chain]
public enum CourseLoader {
  /// The format version this build reads.
  public static let formatVersion = 1

  /// Loads the course file at `path`.
  public static func load(path: String) -> (course: Course?, diagnostics: [LessonDiagnostic]) {
    let (text, problems) = LessonLoader.readText(path: path)
    guard let text else { return (nil, problems) }
    return parse(text, path: path)
  }

  /// Parses course YAML text.
  public static func parse(_ text: String, path: String) -> (
    course: Course?, diagnostics: [LessonDiagnostic]
  ) {
    var reader = YAMLReader(path: path, text: text)
    guard
      let root = LessonLoader.compose(
        text, reader: &reader, empty: "the course file is empty; it starts with `version: 1`",
        what: "the course file")
    else { return (nil, reader.diagnostics) }
    let course = build(root, path: path, reader: &reader)
    let failed = reader.diagnostics.contains { $0.severity == .error }
    return (failed ? nil : course, reader.diagnostics)
  }

  private static func build(_ root: Node, path: String, reader: inout YAMLReader) -> Course? {
    guard
      let top = reader.mapping(
        root, what: "the course", required: ["version", "sections"], optional: ["title"])
    else { return nil }
    if let node = top["version"]?.value, let value = reader.integer(node, what: "`version`"),
      value != formatVersion
    {
      reader.error(
        "course format version \(value) is not supported; this bptutor reads version "
          + "\(formatVersion)", at: node)
    }
    let title = top["title"].flatMap { reader.string($0.value, what: "`title`") } ?? ""
    var sections: [Course.Section] = []
    if let node = top["sections"]?.value {
      guard case .sequence(let list) = node, !list.isEmpty else {
        reader.error(
          "`sections` must be a list of sections, each with a title and lessons", at: node)
        return nil
      }
      for item in list {
        if let section = buildSection(item, reader: &reader) { sections.append(section) }
      }
    }
    return Course(path: path, title: title, sections: sections)
  }

  private static func buildSection(_ node: Node, reader: inout YAMLReader) -> Course.Section? {
    guard
      let fields = reader.mapping(
        node, what: "a section", required: ["title", "lessons"], optional: ["symbols"])
    else { return nil }
    guard let title = fields["title"].flatMap({ reader.string($0.value, what: "a section title") }),
      let lessonsNode = fields["lessons"]?.value
    else { return nil }
    guard case .sequence(let list) = lessonsNode, !list.isEmpty else {
      reader.error(
        "the lessons of section `\(title)` must be a list of lesson ids", at: lessonsNode)
      return nil
    }
    let lessons = list.compactMap { buildEntry($0, reader: &reader) }
    var symbols: [Course.Symbol] = []
    if let glossary = fields["symbols"]?.value {
      symbols = buildSymbols(glossary, section: title, reader: &reader)
    }
    return Course.Section(
      title: title, lessons: lessons,
      location: reader.location(of: node) ?? SourceLocation(line: 1, column: 1),
      symbols: symbols)
  }

  /// `symbols: {t: target, '\hat{y}': prediction}`: each symbol once, with a meaning.
  private static func buildSymbols(
    _ node: Node, section: String, reader: inout YAMLReader
  ) -> [Course.Symbol] {
    guard case .mapping(let mapping) = node else {
      reader.error(
        "`symbols` of section `\(section)` must map each symbol to its meaning", at: node)
      return []
    }
    var symbols: [Course.Symbol] = []
    for (key, value) in mapping {
      guard let symbol = reader.located(key, what: "a symbol"),
        let role = reader.string(value, what: "the meaning of `\(key.string ?? "?")`")
      else { continue }
      guard !symbols.contains(where: { $0.symbol == symbol.text }) else {
        reader.error("`\(symbol.text)` is listed twice in section `\(section)`", at: key)
        continue
      }
      symbols.append(Course.Symbol(symbol: symbol.text, role: role, location: symbol.location))
    }
    return symbols
  }

  /// `- id` or `- {id: id, requires: [ids]}`.
  private static func buildEntry(_ node: Node, reader: inout YAMLReader) -> Course.Entry? {
    if case .scalar = node {
      guard let id = lessonID(node, reader: &reader) else { return nil }
      return Course.Entry(id: id.id, requires: [], location: id.location)
    }
    guard
      let fields = reader.mapping(
        node, what: "a lesson of the course", required: ["id"], optional: ["requires"])
    else { return nil }
    guard let idNode = fields["id"]?.value, let id = lessonID(idNode, reader: &reader) else {
      return nil
    }
    var requires: [Course.Reference] = []
    if let node = fields["requires"]?.value,
      let list = reader.sequence(node, what: "`requires` of `\(id.id)`")
    {
      for item in list {
        if let reference = lessonID(item, reader: &reader) {
          requires.append(Course.Reference(id: reference.id, location: reference.location))
        }
      }
    }
    return Course.Entry(id: id.id, requires: requires, location: id.location)
  }

  /// A lesson id: a file name without `.yaml`, no folders.
  private static func lessonID(_ node: Node, reader: inout YAMLReader) -> (
    id: String, location: SourceLocation
  )? {
    guard let located = reader.located(node, what: "a lesson id") else { return nil }
    let id = located.text
    guard !id.isEmpty, !id.contains("/"), !id.hasPrefix("."), !id.contains(where: \.isWhitespace)
    else {
      reader.error(
        "`\(id)` is not a lesson id", at: located.location,
        note: "a lesson id is its file name without .yaml, such as `linear-layer`")
      return nil
    }
    return (id, located.location)
  }
}

extension CourseOutline {
  /// The outline of the course file at `path`, parsing it.
  public static func load(path: String) -> CourseOutline {
    CourseLoader.load(path: path).course?.outline ?? .unreadable
  }
}
