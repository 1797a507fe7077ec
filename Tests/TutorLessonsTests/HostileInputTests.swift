import Foundation
import TestSupport
import Testing
import TutorMath

@testable import TutorLessons

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lesson files and folders as a careless or hostile user makes them (issue 15): each is
/// refused with a positioned message, within a deadline, and never hangs the loader.
@Suite("Hostile input: lesson files and folders")
struct HostileLessonTests {
  static func temporaryDirectory() throws -> String {
    try TemporaryDirectory.make("bptutor-hostile")
  }

  /// A valid lesson with `givens` scalar givens and `definitions` graph quantities, each
  /// quantity adding a given to the one before, so the last depends on every given.
  static func lesson(givens: Int = 1, definitions: Int = 1) -> String {
    LessonYAML(
      given: (0..<givens).map { ("g\($0)", "\($0 % 7 + 1)") },
      graph: [("n0", "g0")]
        + (1..<max(definitions, 1)).map { ("n\($0)", "n\($0 - 1) + g\($0 % givens)") },
      steps: [.init(id: "a", ask: "n0")]
    ).description
  }

  /// The 529-byte "billion laughs" of the issue: nested anchors, the last used as a key.
  static let aliasBomb = """
    version: 1
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    ? *i
    : x

    """

  // MARK: 1. Anchors and aliases

  @Test("1: an alias bomb is refused at its first anchor, before anything expands it")
  func aliasBomb() throws {
    let directory = try Self.temporaryDirectory()
    let path = directory + "/bomb.yaml"
    try Self.aliasBomb.write(toFile: path, atomically: true, encoding: .utf8)
    let diagnostics = try withDeadline(10, "checking an alias bomb") {
      LessonLinter.check(path: path)
    }
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location == SourceLocation(line: 2, column: 4))
    #expect(
      diagnostics.first?.description.hasPrefix(
        "\(path):2:4: error: YAML anchors (`&a`) are not allowed in a lesson") == true)
  }

  @Test(
    "1: an alias alone, an anchor on a mapping, and deep nesting are refused with positions",
    arguments: [
      ("version: 1\ntitle: *t\n", 2, 8, "YAML aliases (`*t`) are not allowed"),
      ("version: 1\ngiven: &g\n  x: 1\n", 2, 8, "YAML anchors (`&g`) are not allowed"),
      (
        "version: 1\nx: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        2, 67, "nested more than 64 deep"
      ),
    ])
  func anchorsAndDepth(yaml: String, line: Int, column: Int, message: String) throws {
    let diagnostics = try withDeadline(10, "parsing") {
      LessonLoader.parse(yaml, id: "x", path: "x.yaml").diagnostics
    }
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location == SourceLocation(line: line, column: column))
    #expect(diagnostics.first?.message.contains(message) == true, "\(diagnostics)")
  }

  // MARK: 4. Caps

  @Test("4: more givens or graph quantities than the caps is an error at the first one too many")
  func caps() throws {
    let givens = LessonLoader.parse(
      Self.lesson(givens: LessonLoader.maxGivens + 5), id: "g", path: "g.yaml")
    #expect(givens.lesson == nil)
    let givenError = try #require(givens.diagnostics.first)
    // Line 5 is `given:`; the first given is on line 6.
    #expect(givenError.location == SourceLocation(line: 6 + LessonLoader.maxGivens, column: 3))
    #expect(
      givenError.message
        == "a lesson declares at most \(LessonLoader.maxGivens) givens; `g\(LessonLoader.maxGivens)` "
        + "is one too many (\(LessonLoader.maxGivens + 5) in all)")

    let graph = LessonLoader.parse(
      Self.lesson(definitions: LessonLoader.maxDefinitions + 1), id: "n", path: "n.yaml")
    let graphError = try #require(graph.diagnostics.first)
    #expect(graphError.location == SourceLocation(line: 8 + LessonLoader.maxDefinitions, column: 3))
    #expect(graphError.message.contains("at most \(LessonLoader.maxDefinitions) quantities"))

    let within = LessonLoader.parse(
      Self.lesson(givens: LessonLoader.maxGivens, definitions: 10), id: "ok", path: "ok.yaml")
    #expect(within.lesson != nil, "\(within.diagnostics)")
  }

  @Test("4: a lesson at the caps is checked within the deadline")
  func checkAtTheCaps() throws {
    let lesson = try #require(
      LessonLoader.parse(
        Self.lesson(givens: LessonLoader.maxGivens, definitions: LessonLoader.maxDefinitions),
        id: "big", path: "big.yaml"
      ).lesson)
    let diagnostics = try withDeadline(60, "checking a lesson at the caps") {
      LessonLinter.check(lesson)
    }
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
  }

  @Test("4: the gradient check only nudges givens the output depends on")
  func unusedGivensNotNudged() throws {
    let lesson = try #require(
      LessonLoader.parse(Self.lesson(givens: 50, definitions: 10), id: "u", path: "u.yaml").lesson)
    let bound = try BoundLesson(lesson: lesson)
    let cost = LessonLinter.gradientCheckCost(bound)
    #expect(cost.inputs.count == 10)
    #expect(cost.entries == 10)
  }

  // MARK: 5. FIFOs and other files that are not regular

  @Test("5: a FIFO is refused without blocking, and a folder listing skips it with a warning")
  func fifo() throws {
    let directory = try Self.temporaryDirectory()
    let fifo = directory + "/pipe.yaml"
    #expect(mkfifo(fifo, 0o644) == 0)
    try Self.lesson().write(toFile: directory + "/ok.yaml", atomically: true, encoding: .utf8)
    let diagnostics = try withDeadline(10, "loading a FIFO") {
      LessonLoader.load(path: fifo).diagnostics
    }
    #expect(
      diagnostics.map(\.description) == [
        "\(fifo): error: cannot read the file: it is a FIFO (named pipe), not a regular file"
      ])
    let listing = try withDeadline(10, "listing a folder with a FIFO") {
      try LessonCatalog.listing(in: directory)
    }
    #expect(listing.paths == [directory + "/ok.yaml"])
    #expect(
      listing.warnings == [
        "warning: skipping \(fifo): it is a FIFO (named pipe), not a lesson file"
      ])
  }

  @Test("5: /dev/zero as a lesson is refused at once")
  func device() throws {
    let diagnostics = try withDeadline(10, "loading /dev/zero") {
      LessonLoader.load(path: "/dev/zero").diagnostics
    }
    #expect(
      diagnostics.first?.message
        == "cannot read the file: it is a character device, not a regular file")
  }

  // MARK: 12. Positions for bytes that are not text

  @Test("12: a byte that is not UTF-8 is reported at its line and column")
  func notUTF8() throws {
    let directory = try Self.temporaryDirectory()
    let path = directory + "/latin1.yaml"
    var bytes = Array("version: 1\ntitle: café\n".utf8)
    bytes += [UInt8(ascii: "c"), UInt8(ascii: "a"), UInt8(ascii: "f"), 0xE9, UInt8(ascii: "\n")]
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let diagnostic = try #require(LessonLoader.load(path: path).diagnostics.first)
    #expect(diagnostic.location == SourceLocation(line: 3, column: 4))
    #expect(diagnostic.message == "the file is not UTF-8 text: byte 0xE9 does not belong here")
    #expect(diagnostic.description.hasPrefix("\(path):3:4: error: "))
  }

  @Test("12: a raw control character is reported at its line and column, shown as a picture")
  func controlCharacter() throws {
    let directory = try Self.temporaryDirectory()
    let path = directory + "/escape.yaml"
    try "version: 1\ntitle: \"é\u{1B}[31m\"\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let diagnostic = try #require(LessonLoader.load(path: path).diagnostics.first)
    #expect(diagnostic.location == SourceLocation(line: 2, column: 10))
    #expect(diagnostic.message == "control character U+001B is not allowed in a lesson file")
    #expect(!diagnostic.description.contains("\u{1B}"), "never sent raw to the terminal")
    #expect(diagnostic.description.contains("title: \"é\u{241B}[31m\""))
  }

  // MARK: 14. Misconfigured lessons folders

  @Test("14: a missing folder, a file, a device and a folder without lessons are errors")
  func folders() throws {
    let directory = try Self.temporaryDirectory()
    let file = directory + "/file"
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    let cases: [(String, String)] = [
      (directory + "/missing", "the lessons folder \(directory)/missing does not exist"),
      (file, "the lessons folder \(file) is a file, not a folder"),
      ("/dev/zero", "the lessons folder /dev/zero is a character device, not a folder"),
      (directory, "the lessons folder \(directory) has no lessons (*.yaml files)"),
    ]
    for (path, message) in cases {
      #expect(throws: LessonCatalog.FolderError(path: path, problem: message)) {
        try LessonCatalog.lessons(in: path)
      }
    }
    // `/` is a folder that can be listed; it has no lessons.
    #expect(throws: LessonCatalog.FolderError.self) { try LessonCatalog.lessons(in: "/") }
    #expect(LessonCatalog.paths(in: directory + "/missing").isEmpty)
  }

  // MARK: 17. Small things

  @Test("17: a folder named ID.yaml and a symlink loop say what they are, with the system's reason")
  func folderAndLoop() throws {
    let directory = try Self.temporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: directory + "/folder.yaml", withIntermediateDirectories: true)
    #expect(symlink(directory + "/loopb.yaml", directory + "/loopa.yaml") == 0)
    #expect(symlink(directory + "/loopa.yaml", directory + "/loopb.yaml") == 0)

    let folder = try #require(LessonCatalog.path(of: "folder", in: directory))
    #expect(
      LessonLoader.load(path: folder).diagnostics.first?.message
        == "cannot read the file: it is a folder, not a regular file")
    let loop = try #require(LessonCatalog.path(of: "loopa", in: directory))
    #expect(
      LessonLoader.load(path: loop).diagnostics.first?.message
        == "cannot read the file: \(String(cString: strerror(ELOOP)))")
    #expect(LessonCatalog.path(of: "nothing", in: directory) == nil)
    let listing = try LessonCatalog.listing(in: directory)
    #expect(listing.paths.isEmpty)
    #expect(listing.warnings.count == 3)
  }

  @Test("17: an unexpected control character in an expression reads plainly")
  func controlInExpression() {
    #expect(throws: MathError.self) { try Parser.parse("1+\u{1B}") }
    do {
      _ = try Parser.parse("1+\u{1B}")
    } catch {
      #expect(error.message == "unexpected control character U+001B")
    }
  }
}
