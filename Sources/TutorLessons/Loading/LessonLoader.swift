import Foundation
import TutorEngine
import TutorMath
import Yams

/// Reads lesson files: YAML → ``Lesson``, with every problem reported as
/// `path:line:col: error: …` rather than thrown away or crashed on.
public enum LessonLoader {
  /// The format version this build reads.
  public static let formatVersion = 1
  /// Lesson files larger than this are refused before parsing.
  public static let maxFileSize = 1_000_000

  static let topKeys = (
    required: ["version", "title", "summary", "source", "given", "graph", "steps"],
    optional: ["notation", "loss"]
  )
  static let stepKeys = (
    required: ["id", "title", "text", "hints"],
    optional: [
      "display", "ask", "formula", "variables", "agrees", "choices", "tolerance", "exact_shape",
      "learning_rate", "mistakes", "worked",
    ]
  )

  /// Loads the lesson at `path`; the id is the file name without `.yaml`.
  public static func load(path: String) -> (lesson: Lesson?, diagnostics: [LessonDiagnostic]) {
    let url = URL(fileURLWithPath: path)
    let id = url.deletingPathExtension().lastPathComponent
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return (nil, [LessonDiagnostic(path: path, at: nil, "cannot read the file")])
    }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: maxFileSize + 1)) ?? Data()
    guard data.count <= maxFileSize else {
      return (
        nil,
        [
          LessonDiagnostic(
            path: path, at: nil,
            "the file is larger than \(maxFileSize) bytes; lessons are limited to that")
        ]
      )
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return (nil, [LessonDiagnostic(path: path, at: nil, "the file is not UTF-8 text")])
    }
    return parse(text, id: id, path: path)
  }

  /// Parses lesson YAML text.
  public static func parse(_ text: String, id: String, path: String) -> (
    lesson: Lesson?, diagnostics: [LessonDiagnostic]
  ) {
    var reader = YAMLReader(path: path, text: text)
    let root: Node
    do {
      // The basic resolver skips regex-based implicit tagging (slow on Linux); numbers and
      // booleans are read on demand by the typed accessors.
      guard let composed = try Yams.compose(yaml: text, .basic) else {
        reader.error("the file is empty; a lesson starts with `version: 1`", at: nil)
        return (nil, reader.diagnostics)
      }
      root = composed
    } catch let error as YamlError {
      reader.report(.error, yamlMessage(error), at: yamlLocation(error))
      return (nil, reader.diagnostics)
    } catch {
      reader.error("cannot parse the YAML: \(error)", at: nil)
      return (nil, reader.diagnostics)
    }
    var builder = LessonBuilder(reader: reader, id: id, path: path)
    return builder.build(root)
  }

  private static func yamlLocation(_ error: YamlError) -> SourceLocation? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return SourceLocation(line: mark.line, column: mark.column)
    case .duplicatedKeysInMapping(_, let context):
      return SourceLocation(line: context.mark.line, column: context.mark.column)
    default:
      return nil
    }
  }

  private static func yamlMessage(_ error: YamlError) -> String {
    switch error {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      let while_ = context.map { " \($0.text)" } ?? ""
      return "YAML syntax: \(problem)\(while_)"
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate key " + duplicates.map { "`\($0)`" }.joined(separator: ", ")
    case .reader(let problem, _, _, _):
      return "cannot read the YAML: \(problem)"
    default:
      return "YAML: \(error)"
    }
  }
}
