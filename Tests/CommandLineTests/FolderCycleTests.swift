import Foundation
import TestSupport
import Testing

/// Issue 19, item 4: no folder of a module uses a folder that uses it back
/// (`Scripts/folder-cycles.py`, run over Sources/).
@Suite("Modules by concept: no folder cycles")
struct FolderCycleTests {
  static func cycles(in sources: String) throws -> ProcessResult {
    try ProcessRunner.run(
      URL(fileURLWithPath: "/usr/bin/env"),
      [
        "python3", Repository.root.appendingPathComponent("Scripts/folder-cycles.py").path, sources,
      ],
      environment: ProcessInfo.processInfo.environment, seconds: 60)
  }

  @Test("no module in Sources has two folders that use each other")
  func noCycles() throws {
    let result = try Self.cycles(in: Repository.root.appendingPathComponent("Sources").path)
    try #require(result.status == 0, "\(result.stderr)")
    let modules = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("== ") }
    #expect(modules.count >= 4, "\(result.stdout)")
    let lines = result.stdout.components(separatedBy: "\n")
    let found = lines.filter { $0.contains("cycles (2-folder):") && !$0.hasSuffix("none") }
    #expect(found == [], "\(result.stdout)")
  }

  @Test("the check can fail: two folders that name each other's types are a cycle")
  func checkCanFail() throws {
    let sources = try CommandRunner.temporaryDirectory()
    let module = sources + "/Module"
    for folder in ["A", "B"] {
      try FileManager.default.createDirectory(
        atPath: module + "/" + folder, withIntermediateDirectories: true)
    }
    try "struct Apple { var b: Banana? }\n".write(
      toFile: module + "/A/Apple.swift", atomically: true, encoding: .utf8)
    try "struct Banana { var a: [Apple] }\n".write(
      toFile: module + "/B/Banana.swift", atomically: true, encoding: .utf8)
    let result = try Self.cycles(in: sources)
    #expect(result.stdout.contains("cycles (2-folder): [('A', 'B')]"), "\(result.stdout)")
  }
}
