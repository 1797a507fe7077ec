import Foundation
import TestSupport
import Testing
import Yams

@testable import TutorLessons

/// The one-pass composer gives the tree Yams composes (strings, tags, styles and marks,
/// node for node), and leaves every document with something to report to the preflight
/// and Yams, which say what is wrong.
@Suite("YAML composer")
struct YAMLComposerTests {
  /// Every field of `node` that Yams sets when composing, one line a node.
  static func dump(_ node: Node, indent: String = "") -> String {
    let mark = node.mark.map { "\($0.line):\($0.column)" } ?? "-"
    switch node {
    case .scalar(let scalar):
      return "\(indent)scalar \(scalar.string.debugDescription) tag=\(scalar.tag.description) "
        + "style=\(scalar.style.rawValue) at \(mark) anchor=\(scalar.anchor == nil)\n"
    case .sequence(let sequence):
      return "\(indent)sequence tag=\(sequence.tag.description) style=\(sequence.style.rawValue) "
        + "at \(mark) anchor=\(sequence.anchor == nil)\n"
        + sequence.map { dump($0, indent: indent + "  ") }.joined()
    case .mapping(let mapping):
      return "\(indent)mapping tag=\(mapping.tag.description) style=\(mapping.style.rawValue) "
        + "at \(mark) anchor=\(mapping.anchor == nil)\n"
        + mapping.map {
          dump($0.key, indent: indent + "  ? ") + dump($0.value, indent: indent + "  : ")
        }
        .joined()
    case .alias:
      return "\(indent)alias\n"
    }
  }

  /// Yams's tree of `text`, dumped, or nil when Yams refuses it.
  static func yams(_ text: String) -> String? {
    (try? Yams.compose(yaml: text, .basic)).flatMap { $0 }.map { dump($0) }
  }

  /// The course's lessons and every fixture and broken lesson of the tests.
  static var files: [String] {
    let folders = [
      Repository.lessons, Repository.tests("TutorLessonsTests") + "/Fixtures",
      Repository.tests("TutorLessonsTests") + "/BrokenLessons",
    ]
    return folders.flatMap { folder -> [String] in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }
  }

  @Test("every lesson, fixture and broken lesson: Yams's tree, node for node")
  func files() throws {
    let files = Self.files
    #expect(files.count > 60)
    var composed = 0
    for path in files {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      guard let node = YAMLComposer.compose(text) else {
        // Left to Yams: only a file Yams or the preflight has something to say about.
        let refused = Self.yams(text) == nil || YAMLPreflight.check(text) != nil
        #expect(refused || Self.hasRepeatedKeys(text), "\(path) was left to Yams")
        continue
      }
      composed += 1
      #expect(Self.dump(node) == Self.yams(text), "\(path)")
    }
    // Every lesson of the course takes the one pass.
    let lessons = files.filter { $0.hasPrefix(Repository.lessons) }
    for path in lessons {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(YAMLComposer.compose(text) != nil, "\(path)")
    }
    #expect(composed >= lessons.count)
  }

  /// `text` loaded the way it was before the one pass: the preflight, then Yams.
  static func loadThroughYams(_ text: String, id: String, path: String) -> (
    lesson: Lesson?, diagnostics: [LessonDiagnostic]
  ) {
    var reader = YAMLReader(path: path, text: text)
    if let problem = YAMLPreflight.check(text) {
      reader.error(problem.message, at: problem.location, note: problem.note)
      return (nil, reader.diagnostics)
    }
    guard let root = (try? Yams.compose(yaml: text, .basic)).flatMap({ $0 }) else {
      return (nil, [])
    }
    var builder = LessonBuilder(reader: reader, id: id, path: path)
    return builder.build(root)
  }

  @Test("every lesson and broken lesson: the same lesson and diagnostics as through Yams")
  func sameLessons() throws {
    for path in Self.files {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      guard YAMLComposer.compose(text) != nil else { continue }
      let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      let loaded = LessonLoader.parse(text, id: id, path: path)
      let reference = Self.loadThroughYams(text, id: id, path: path)
      #expect(loaded.lesson == reference.lesson, "\(path)")
      #expect(loaded.diagnostics == reference.diagnostics, "\(path)")
      if path.hasPrefix(Repository.lessons), !path.hasSuffix("course.yaml") {
        #expect(loaded.lesson != nil, "\(path)")
      }
    }
  }

  /// Whether two keys of some mapping in `text` have the same text (the composer leaves
  /// those to Yams even when their tags differ).
  static func hasRepeatedKeys(_ text: String) -> Bool {
    func repeated(_ node: Node) -> Bool {
      switch node {
      case .mapping(let mapping):
        let keys = mapping.compactMap { $0.key.string }
        return Set(keys).count < keys.count
          || mapping.contains { repeated($0.key) || repeated($0.value) }
      case .sequence(let sequence): return sequence.contains(where: repeated)
      default: return false
      }
    }
    return (try? Yams.compose(yaml: text, .basic)).flatMap { $0 }.map(repeated) ?? false
  }

  /// Scalars of every style, tags, flow collections, block scalars, NUL and a byte order
  /// mark inside quotes, Unicode columns, an empty document and comments.
  static let documents: [String] = [
    "a: 1\n", "a: 'x'\nb: \"y\"\nc: |\n  l1\n  l2\nd: >\n  f1\n  f2\n",
    "- 1\n- [2, 3]\n- {a: b, c: [d]}\n", "!!str 3\n", "a: !!int \"3\"\nb: !custom x\n",
    "!!map {a: 1}\n", "!!seq [1]\n", "---\n", "--- x\n...\n", "~\n", "\"\\0nul\"\n",
    "\"\\uFEFFbom\"\n", "'\u{FEFF}bom'\n", "é: ü\nσ: [α, β]\n", "# comment\na: b # c\n",
    "a:\n  b:\n    c:\n      - d\n      - e: f\n", "x: \"\\t\\u00e9\\U0001F600\"\n", "? a\n: b\n",
    "a: |+\n  keep\n\n", "a: >-\n  strip\n", "a: \"multi\n  line\"\n", "plain\n  continued\n",
    "[]\n", "{}\n", "a: \n", "\u{FEFF}a: 1\n", "a: 1\r\nb: 2\r\n", "\"\": 1\n",
  ]

  @Test("scalars of every style, tags and flow collections: Yams's tree, node for node")
  func documentsAgree() {
    for text in Self.documents {
      let node = YAMLComposer.compose(text)
      #expect(node != nil, "\(text.debugDescription)")
      #expect(node.map { Self.dump($0) } == Self.yams(text), "\(text.debugDescription)")
    }
  }

  @Test("anything to report is left to the preflight and Yams")
  func refused() {
    let deep =
      String(repeating: "[", count: YAMLPreflight.maxDepth + 1)
      + String(repeating: "]", count: YAMLPreflight.maxDepth + 1)
    let documents = [
      "", "# only a comment\n", "a: &x 1\nb: *x\n", "a: &x 1\n", "- *x\n", deep,
      "a: 1\na: 2\n", "a: 1\nb: {c: 1, c: 2}\n", "? [a]\n: b\n", "? {a: b}\n: c\n",
      "a: [1\n", "a: b: c\n", "--- 1\n--- 2\n", "a: 'x\n", "\t- tab\n", "a: \u{7}\n",
    ]
    for text in documents {
      #expect(YAMLComposer.compose(text) == nil, "\(text.debugDescription)")
    }
    // A long mapping: its keys are remembered in a set past the first few.
    let keys = (1...40).map { "k\($0): \($0)\n" }
    let distinct = keys.joined()
    #expect(YAMLComposer.compose(distinct).map { Self.dump($0) } == Self.yams(distinct))
    for repeated in [3, 15, 16, 17, 39] {
      #expect(YAMLComposer.compose(distinct + "k\(repeated): again\n") == nil, "k\(repeated)")
    }
    // At the limit it composes; one deeper is left to the preflight, which refuses it.
    let limit =
      String(repeating: "[", count: YAMLPreflight.maxDepth)
      + String(repeating: "]", count: YAMLPreflight.maxDepth)
    #expect(YAMLComposer.compose(limit).map { Self.dump($0) } == Self.yams(limit))
    #expect(YAMLPreflight.check(deep) != nil)
  }
}
