import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hostile files, folders and states through the built binary (issue 15): each command
/// ends within a deadline, says what is wrong, exits non-zero, and leaves the files alone.
@Suite("Hostile input: commands")
struct HostileCommandTests {
  /// `bptutor arguments…` killed (and the test failed) if it runs longer than `seconds`.
  static func run(
    _ arguments: [String], input: String = "", environment: [String: String] = [:],
    stateDirectory: String? = nil, seconds: Double = 30,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CommandRunner.Result {
    let result = try CommandRunner.run(
      arguments, input: input, environment: environment, stateDirectory: stateDirectory,
      seconds: seconds)
    if result.timedOut {
      Issue.record(
        "bptutor \(arguments.joined(separator: " ")) did not finish within \(seconds) s",
        sourceLocation: sourceLocation)
    }
    return result
  }

  /// A folder holding one good lesson (a copy of `linear-layer`).
  static func lessonsFolder() throws -> String {
    let directory = try CommandRunner.temporaryDirectory()
    try FileManager.default.copyItem(
      atPath: CommandRunner.repository.appendingPathComponent("lessons/linear-layer.yaml").path,
      toPath: directory + "/linear-layer.yaml")
    return directory
  }

  // MARK: 1

  @Test("1: check refuses an alias bomb at once, with its position")
  func aliasBomb() throws {
    let directory = try CommandRunner.temporaryDirectory()
    var text =
      "version: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for (name, previous) in zip("bcdefghi", "abcdefgh") {
      text +=
        "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
        + "]\n"
    }
    text += "? *i\n: x\n"
    try text.write(toFile: directory + "/bomb.yaml", atomically: true, encoding: .utf8)
    let check = try Self.run(["check", directory + "/bomb.yaml"], seconds: 20)
    #expect(check.status == 1)
    #expect(
      check.stdout.contains(
        "\(directory)/bomb.yaml:2:4: error: YAML anchors (`&a`) are not allowed in a lesson"))
    try FileManager.default.copyItem(
      atPath: CommandRunner.repository.appendingPathComponent("lessons/linear-layer.yaml").path,
      toPath: directory + "/linear-layer.yaml")
    let list = try Self.run(["list"], environment: ["BPTUTOR_LESSONS": directory], seconds: 20)
    #expect(list.status == 0)
    #expect(list.stdout.contains("bomb") && list.stdout.contains("linear-layer"))
  }

  // MARK: 5

  @Test("5: a FIFO in the lessons folder is skipped with a warning; given to check it is an error")
  func fifo() throws {
    let directory = try Self.lessonsFolder()
    #expect(mkfifo(directory + "/pipe.yaml", 0o644) == 0)
    let environment = ["BPTUTOR_LESSONS": directory]
    let warning =
      "warning: skipping \(directory)/pipe.yaml: it is a FIFO (named pipe), not a lesson file"
    let state = try CommandRunner.temporaryDirectory()
    for arguments in [["list"], ["check"], []] {
      let result = try Self.run(
        arguments, environment: environment,
        stateDirectory: arguments == ["check"] ? nil : state, seconds: 30)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(warning), "\(arguments): \(result.stderr)")
    }
    let check = try Self.run(["check", directory + "/pipe.yaml"], seconds: 20)
    #expect(check.status == 1)
    #expect(
      check.stdout.contains(
        "\(directory)/pipe.yaml: error: cannot read the file: it is a FIFO (named pipe), not a regular file"
      ))
  }

  // MARK: 14

  @Test("14: a misconfigured lessons folder: list, the menu and check say what is wrong and exit 1")
  func misconfiguredFolder() throws {
    let scratch = try CommandRunner.temporaryDirectory()
    try "x".write(toFile: scratch + "/file", atomically: true, encoding: .utf8)
    let state = try CommandRunner.temporaryDirectory()
    let cases = [
      (scratch + "/missing", "the lessons folder \(scratch)/missing does not exist"),
      (scratch + "/file", "the lessons folder \(scratch)/file is a file, not a folder"),
      ("/dev/zero", "the lessons folder /dev/zero is a character device, not a folder"),
      ("/", "the lessons folder / has no lessons (*.yaml files)"),
    ]
    for (folder, message) in cases {
      for arguments in [["list"], ["check"], [], ["learn", "linear-layer", "--plain"]] {
        let result = try Self.run(
          arguments, environment: ["BPTUTOR_LESSONS": folder],
          stateDirectory: arguments == ["check"] ? nil : state, seconds: 20)
        #expect(result.status == 1, "\(arguments) with \(folder)")
        #expect(
          result.stderr.contains("error: \(message) (from BPTUTOR_LESSONS)"),
          "\(arguments) with \(folder): \(result.stderr)")
      }
    }
    let empty = try CommandRunner.temporaryDirectory()
    let check = try Self.run(["check", empty], seconds: 20)
    #expect(check.status == 1)
    #expect(check.stderr.contains("error: the lessons folder \(empty) has no lessons"))
    let option = try Self.run(["list", "--lessons", scratch + "/missing"], seconds: 20)
    #expect(option.status == 1)
    #expect(option.stderr.contains("does not exist (from --lessons)"))
  }

  // MARK: 2, 9

  @Test("9: learn --plain with a state folder that cannot be written says so and exits 1")
  func notSaved() throws {
    let scratch = try CommandRunner.temporaryDirectory()
    let state = scratch + "/state"
    try "not a folder".write(toFile: state, atomically: true, encoding: .utf8)
    let result = try Self.run(
      ["learn", "linear-layer", "--plain"], input: "reveal\nquit\n", stateDirectory: state)
    #expect(result.status == 1)
    #expect(result.stdout.hasSuffix("Progress was not saved.\n"), "\(result.stdout)")
    #expect(!result.stdout.contains("Progress saved."))
    #expect(
      result.stderr.contains(
        "warning: could not save progress to \(state)/progress.json: \(state) is a regular file, not a folder"
      ), "\(result.stderr)")
    #expect(try String(contentsOfFile: state, encoding: .utf8) == "not a folder")
  }

  @Test("2: learn --plain with a progress.json that cannot be read leaves it alone and exits 1")
  func unreadableProgress() throws {
    let state = try CommandRunner.temporaryDirectory()
    let path = state + "/progress.json"
    #expect(symlink(path, path) == 0)  // a loop: unreadable even by root
    let result = try Self.run(
      ["learn", "linear-layer", "--plain"], input: "reveal\n", stateDirectory: state)
    #expect(result.status == 1)
    #expect(result.stderr.contains("warning: \(path) cannot be read ("), "\(result.stderr)")
    #expect(result.stdout.hasSuffix("Progress was not saved.\n"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == path)
  }

  // MARK: 17

  @Test("17: a symlink loop or a folder named as a lesson says what it is, not 'no lesson'")
  func loopAndFolder() throws {
    let directory = try Self.lessonsFolder()
    #expect(symlink(directory + "/loopb.yaml", directory + "/loopa.yaml") == 0)
    #expect(symlink(directory + "/loopa.yaml", directory + "/loopb.yaml") == 0)
    try FileManager.default.createDirectory(
      atPath: directory + "/folder.yaml", withIntermediateDirectories: true)
    let environment = ["BPTUTOR_LESSONS": directory]
    let loop = try Self.run(["values", "loopa"], environment: environment, seconds: 20)
    #expect(loop.status == 1)
    #expect(
      loop.stderr.contains(
        "\(directory)/loopa.yaml: error: cannot read the file: \(String(cString: strerror(ELOOP)))"),
      "\(loop.stderr)")
    let folder = try Self.run(["values", "folder"], environment: environment, seconds: 20)
    #expect(folder.status == 1)
    #expect(folder.stderr.contains("it is a folder, not a regular file"), "\(folder.stderr)")
  }
}
