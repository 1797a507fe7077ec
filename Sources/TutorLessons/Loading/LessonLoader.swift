import Foundation
import TutorEngine
import TutorMath
import TutorProgress
import Yams

/// Reads lesson files: YAML → ``Lesson``, with every problem reported as
/// `path:line:col: error: …` rather than thrown away or crashed on.
public enum LessonLoader {
  /// The format version this build reads.
  public static let formatVersion = 1
  /// Lesson files larger than this are refused before parsing.
  public static let maxFileSize = 1_000_000
  /// The most givens a lesson may declare (the lessons here have at most 9).
  public static let maxGivens = 200
  /// The most quantities a lesson's `graph` may define (the lessons here have at most 8).
  public static let maxDefinitions = 500
  /// The most steps a lesson may have (the lessons here have at most 16).
  public static let maxSteps = 300
  /// The most gradient-descent steps `train:` (and `bptutor train --steps`) may take.
  public static let maxTrainingSteps = 100_000

  /// Loads the lesson at `path`; the id is the file name without `.yaml`. Only a regular
  /// file is read (a FIFO, a device or a folder is refused without blocking).
  public static func load(path: String) -> (lesson: Lesson?, diagnostics: [LessonDiagnostic]) {
    let url = URL(fileURLWithPath: path)
    let id = url.deletingPathExtension().lastPathComponent
    let (text, problems) = readText(path: path)
    guard let text else { return (nil, problems) }
    return parse(text, id: id, path: path)
  }

  /// The UTF-8 text of the regular file at `path` (lessons and the course file), or why
  /// it cannot be read, at the first bad byte when it is not UTF-8.
  static func readText(path: String) -> (text: String?, diagnostics: [LessonDiagnostic]) {
    var bytes: [UInt8]
    do {
      bytes = try RegularFile.read(path, limit: maxFileSize)
    } catch .tooLarge {
      return (
        nil,
        [
          LessonDiagnostic(
            path: path, at: nil,
            "the file is larger than \(maxFileSize) bytes; lessons are limited to that")
        ]
      )
    } catch {
      return (nil, [LessonDiagnostic(path: path, at: nil, "cannot read the file: \(error)")])
    }
    // A UTF-8 byte order mark (some Windows editors write one) is not part of the text.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let offset = TextPosition.firstInvalidUTF8(bytes) ?? 0
      let location = TextPosition.location(ofByte: offset, in: bytes)
      return (
        nil,
        [
          LessonDiagnostic(
            path: path, at: location,
            "the file is not UTF-8 text: byte 0x"
              + String(bytes[offset], radix: 16, uppercase: true) + " does not belong here",
            note: "save the lesson as UTF-8",
            sourceLine: TextPosition.shownLine(location.line, of: bytes))
        ]
      )
    }
    return (text, [])
  }

  /// Parses lesson YAML text.
  public static func parse(_ text: String, id: String, path: String) -> (
    lesson: Lesson?, diagnostics: [LessonDiagnostic]
  ) {
    var reader = YAMLReader(path: path, text: text)
    guard
      let root = compose(
        text, reader: &reader, empty: "the file is empty; a lesson starts with `version: 1`")
    else { return (nil, reader.diagnostics) }
    var builder = LessonBuilder(reader: reader, id: id, path: path)
    return builder.build(root)
  }

  /// The YAML document of `text`, every problem reported to `reader` (nil then): anchors
  /// and aliases are refused before Yams composes (and so expands) them; `empty` is said
  /// for an empty file. `what` names the file in the preflight's messages.
  ///
  /// A document with nothing to report is composed in one pass (``YAMLComposer``); any
  /// other goes through the preflight and Yams, which say what is wrong.
  static func compose(
    _ text: String, reader: inout YAMLReader, empty: String, what: String = "a lesson"
  ) -> Node? {
    if let root = YAMLComposer.compose(text) { return root }
    if let problem = YAMLPreflight.check(text, in: what) {
      reader.error(problem.message, at: problem.location, note: problem.note)
      return nil
    }
    do {
      // The basic resolver skips regex-based implicit tagging (slow on Linux); numbers and
      // booleans are read on demand by the typed accessors.
      guard let composed = try Yams.compose(yaml: text, .basic) else {
        reader.error(empty, at: nil)
        return nil
      }
      return composed
    } catch let error as YamlError {
      reader.report(.error, yamlMessage(error), at: yamlLocation(error, in: text))
    } catch {
      reader.error("cannot parse the YAML: \(error)", at: nil)
    }
    return nil
  }

  static func yamlLocation(_ error: YamlError, in text: String) -> SourceLocation? {
    switch error {
    case .reader(_, let offset?, _, _):
      // Yams gives the offset of the bad character in Characters.
      guard let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex)
      else { return nil }
      return TextPosition.location(
        ofByte: text.utf8.distance(from: text.startIndex, to: index),
        in: Array(text.utf8))
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return SourceLocation(line: mark.line, column: mark.column)
    case .duplicatedKeysInMapping(_, let context):
      return SourceLocation(line: context.mark.line, column: context.mark.column)
    default:
      return nil
    }
  }

  static func yamlMessage(_ error: YamlError) -> String {
    switch error {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      let while_ = context.map { " \($0.text)" } ?? ""
      return "YAML syntax: \(problem)\(while_)"
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate key " + duplicates.map { "`\($0)`" }.joined(separator: ", ")
    case .reader(let problem, _, let value, _):
      guard problem == "control characters are not allowed" else {
        return "cannot read the YAML: \(problem)"
      }
      return "control character \(TextPosition.codePoint(UInt32(bitPattern: value))) "
        + "is not allowed in a lesson file"
    default:
      return "YAML: \(error)"
    }
  }
}
