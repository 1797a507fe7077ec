import Foundation
import TestSupport
import Testing

/// `bptutor list` and `check` with the course file, and `bptutor export` (issue 12,
/// items 4 and 5), run as a user would.
@Suite("Course and export commands")
struct CourseExportCommandTests {
  /// The ids of `lessons/course.yaml` in order, read from the file as a person would.
  static func courseOrder() throws -> [String] {
    let text = try String(
      contentsOfFile: CommandRunner.repository.appendingPathComponent("lessons/course.yaml").path,
      encoding: .utf8)
    return text.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("- id: ") { return String(trimmed.dropFirst("- id: ".count)) }
      if trimmed.hasPrefix("- "), !trimmed.hasPrefix("- title:") {
        return String(trimmed.dropFirst(2))
      }
      return nil
    }
  }

  @Test("list follows the course: section headings, then its lessons indented, in course order")
  func listInCourseOrder() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(["list"], stateDirectory: state)
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "Foundations")
    #expect(lines.contains("Softmax and losses"))
    let ids = lines.filter { $0.hasPrefix("  ") }.map {
      String($0.dropFirst(2).prefix { $0 != " " })
    }
    #expect(ids == (try Self.courseOrder()))
  }

  @Test("list --json: id, section, title, steps, progress (and the old fields) in course order")
  func listJSON() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(["list", "--json"], stateDirectory: state)
    let items = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(items.compactMap { $0["id"] as? String } == (try Self.courseOrder()))
    let relu = try #require(items.first { $0["id"] as? String == "relu-1-2-2-1" })
    #expect(relu["section"] as? String == "Foundations")
    #expect(relu["title"] as? String == "A 1-2-2-1 ReLU network, forward and back")
    #expect(relu["steps"] as? Int == 18)
    #expect(relu["status"] as? String == "new")
    #expect(relu["solved"] as? Int == 0)
    #expect(relu["prerequisites"] as? [String] == ["sigmoid-chain", "linear-layer"])
    let progress = try #require(relu["progress"] as? [String: Any])
    #expect(progress["solved"] as? Int == 0)
    #expect(progress["revealed"] as? Int == 0)
    #expect(progress["steps"] as? Int == 18)
    #expect(progress["status"] as? String == "new")
  }

  /// A lessons folder with two lessons and `course` as course.yaml.
  static func folder(course: String?) throws -> String {
    let folder = try CommandRunner.temporaryDirectory()
    for id in ["linear-layer", "sigmoid-chain", "conv-3x3"] {
      try FileManager.default.copyItem(
        atPath: CommandRunner.repository.appendingPathComponent("lessons/\(id).yaml").path,
        toPath: folder + "/\(id).yaml")
    }
    if let course {
      try course.write(toFile: folder + "/course.yaml", atomically: true, encoding: .utf8)
    }
    return folder
  }

  @Test("lessons the course does not name come last, under their own heading, in --json too")
  func notInCourse() throws {
    let folder = try Self.folder(
      course: "version: 1\nsections:\n  - title: Start\n    lessons: [sigmoid-chain]\n")
    let state = try CommandRunner.temporaryDirectory()
    let environment = ["BPTUTOR_LESSONS": folder]
    let list = try CommandRunner.run(["list"], environment: environment, stateDirectory: state)
    let lines = list.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "Start")
    #expect(lines.firstIndex(of: "Other lessons") == 2)  // after a blank line (split drops it)
    #expect(lines[3].hasPrefix("  conv-3x3") && lines[4].hasPrefix("  linear-layer"))
    let json = try CommandRunner.run(
      ["list", "--json"], environment: environment, stateDirectory: state)
    let items = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(items.map { $0["id"] as? String } == ["sigmoid-chain", "conv-3x3", "linear-layer"])
    #expect(items[0]["section"] as? String == "Start")
    #expect(items[1]["section"] is NSNull)
  }

  @Test("check validates the folder's course: positioned errors, exit 1; list still works")
  func checkCourse() throws {
    let clean = try CommandRunner.run(["check"])
    let lessons = try FileManager.default.contentsOfDirectory(
      atPath: Repository.lessons
    ).filter { $0.hasSuffix(".yaml") && $0 != "course.yaml" }.count
    #expect(
      clean.stdout.contains("checked \(lessons) lessons and the course: 0 errors, 0 warnings"))
    let folder = try Self.folder(
      course: """
        version: 1
        sections:
          - title: Start
            lessons:
              - id: sigmoid-chain
                requires: [linear-layer]
              - id: linear-layer
                requires: [sigmoid-chain]
              - sigmoid-chian
              - conv-3x3
              - conv-3x3
        """)
    let check = try CommandRunner.run(["check"], environment: ["BPTUTOR_LESSONS": folder])
    #expect(check.status == 1)
    let course = folder + "/course.yaml"
    for expected in [
      "\(course):8:20: error: cycle in prerequisites: `sigmoid-chain` → `linear-layer` → "
        + "`sigmoid-chain`",
      "\(course):9:9: error: lesson `sigmoid-chian` is not a lesson in this folder",
      "note: did you mean `sigmoid-chain`?",
      "\(course):11:9: error: lesson `conv-3x3` is listed twice",
      "checked 3 lessons and the course: 3 errors, 0 warnings",
    ] {
      #expect(check.stdout.contains(expected), "\(expected)\n\(check.stdout)")
    }
    // Given by path, the course file alone is checked.
    let alone = try CommandRunner.run(["check", course])
    #expect(alone.status == 1)
    #expect(alone.stdout.contains("checked 0 lessons and the course: 3 errors"))
    // The tutor still lists every lesson, in the order the course gives.
    let list = try CommandRunner.run(
      ["list"], environment: ["BPTUTOR_LESSONS": folder],
      stateDirectory: try CommandRunner.temporaryDirectory())
    #expect(list.status == 0)
    #expect(
      list.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("  sigmoid-chain") == true)
  }

  @Test("a course file that does not read: list warns and keeps file order; anchors are refused")
  func brokenCourse() throws {
    let folder = try Self.folder(
      course: "version: 1\nsections:\n  - title: &a Start\n    lessons: [conv-3x3]\n")
    let list = try CommandRunner.run(
      ["list"], environment: ["BPTUTOR_LESSONS": folder],
      stateDirectory: try CommandRunner.temporaryDirectory())
    #expect(list.status == 0)
    #expect(list.stderr.contains("course.yaml has errors (run bptutor check)"))
    #expect(list.stdout.hasPrefix("conv-3x3"))
    let check = try CommandRunner.run(["check"], environment: ["BPTUTOR_LESSONS": folder])
    #expect(
      check.stdout.contains(
        "course.yaml:3:12: error: YAML anchors (`&a`) are not allowed in the course file"))
  }

  @Test("export: Markdown to stdout; --output writes the same handout to a file, stdout empty")
  func exportMarkdown() throws {
    let printed = try CommandRunner.run(["export", "relu-1-2-2-1", "--format", "markdown"])
    #expect(printed.status == 0)
    #expect(printed.stdout.hasPrefix("# A 1-2-2-1 ReLU network, forward and back\n"))
    #expect(printed.stdout.contains("## Step 16. "))
    let folder = try CommandRunner.temporaryDirectory()
    let file = folder + "/relu.md"
    let written = try CommandRunner.run([
      "export", "relu-1-2-2-1", "--format", "markdown", "--output", file,
    ])
    #expect(written.status == 0)
    #expect(written.stdout.isEmpty)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.stdout)
  }

  @Test("export --format latex --variant N: a standalone document with the variant's numbers")
  func exportLatexVariant() throws {
    let own = try CommandRunner.run(["export", "linear-layer", "--format", "latex"])
    let variant = try CommandRunner.run([
      "export", "linear-layer", "--format", "latex", "--variant", "4",
    ])
    #expect(variant.status == 0)
    #expect(variant.stdout.hasPrefix("\\documentclass{article}\n"))
    #expect(variant.stdout.contains("\\begin{document}"))
    #expect(variant.stdout.hasSuffix("\\end{document}\n"))
    #expect(variant.stdout.contains("at variant 4;"))
    #expect(own.stdout != variant.stdout)
    // The variant's values are the ones `values` prints for it.
    let values = try CommandRunner.run(["values", "linear-layer", "--variant", "4", "--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(values.stdout.utf8)) as? [String: Any])
    let nodes = try #require(object["nodes"] as? [[String: Any]])
    let y = try #require(nodes.first { $0["name"] as? String == "y" }?["value"] as? [[Double]])
    let column = y.map { row in row.map { Self.number($0) }.joined(separator: " & ") }
      .joined(separator: " \\\\ ")
    #expect(variant.stdout.contains("= \\begin{bmatrix} \(column) \\end{bmatrix}$"))
  }

  @Test("export --worksheet --key --output FILE: the worksheet in FILE, its key in FILE-key")
  func exportWorksheetAndKey() throws {
    let folder = try CommandRunner.temporaryDirectory()
    let file = folder + "/sheet.tex"
    let both = try CommandRunner.run([
      "export", "linear-layer", "--format", "latex", "--worksheet", "--key", "--variant", "3",
      "--output", file,
    ])
    #expect(both.status == 0, "\(both.stderr)")
    let questions = try String(contentsOfFile: file, encoding: .utf8)
    let key = try String(contentsOfFile: folder + "/sheet-key.tex", encoding: .utf8)
    #expect(questions.hasPrefix("\\documentclass{article}\n"))
    #expect(questions.contains("Your answer (a value):"))
    #expect(!questions.contains("\\textbf{Answer.}"))
    #expect(key.contains("answer key"))
    #expect(key.contains("\\textbf{Answer.}"))
    // The same key on standard output with --key alone.
    let printed = try CommandRunner.run([
      "export", "linear-layer", "--format", "latex", "--key", "--variant", "3",
    ])
    #expect(printed.stdout == key)
    // Two documents cannot share standard output.
    let refused = try CommandRunner.run([
      "export", "linear-layer", "--format", "markdown", "--worksheet", "--key",
    ])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("give --output FILE"))
  }

  /// A number as bptutor writes it (whole numbers without a decimal point).
  static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  @Test(
    "export: an unknown format is a usage error (64) naming both formats; so is an unknown lesson")
  func exportErrors() throws {
    let format = try CommandRunner.run(["export", "relu-1-2-2-1", "--format", "pdf"])
    #expect(format.status == 64)
    #expect(format.stderr.contains("'markdown'") && format.stderr.contains("'latex'"))
    let missing = try CommandRunner.run(["export", "relu-1-2-2-1"])
    #expect(missing.status == 64)
    let lesson = try CommandRunner.run(["export", "relu-1-2-2", "--format", "latex"])
    #expect(lesson.status == 64)
    #expect(lesson.stderr.contains("did you mean `relu-1-2-2-1`?"))
    let unwritable = try CommandRunner.run([
      "export", "relu-1-2-2-1", "--format", "latex", "--output", "/nonexistent/dir/x.tex",
    ])
    #expect(unwritable.status == 1)
    #expect(unwritable.stderr.contains("error: cannot write /nonexistent/dir/x.tex"))
  }
}
