import Foundation
import Testing

/// Issue 25 through the built binary: what is accepted can be stored, a handout runs
/// nothing, messages and exit codes say what happened.
@Suite("Hostile round 2: commands")
struct HostileRound2CommandTests {
  static func run(
    _ arguments: [String], input: String = "", stateDirectory: String? = nil,
    seconds: Double = 30, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CommandRunner.Result {
    try HostileCommandTests.run(
      arguments, input: input, stateDirectory: stateDirectory, seconds: seconds,
      sourceLocation: sourceLocation)
  }

  // MARK: 1. Variants that cannot be stored

  @Test(
    "1: --variant of 10^15 or more is refused (usage) by learn, exam, values and answer",
    arguments: [
      ["learn", "sigmoid-chain", "--plain"], ["exam", "sigmoid-chain", "--plain"],
      ["values", "sigmoid-chain"],
    ])
  func hugeVariant(_ command: [String]) throws {
    // `values` keeps no progress.
    let state = command[0] == "values" ? nil : try CommandRunner.temporaryDirectory()
    for variant in ["1000000000000000", "9223372036854775807"] {
      let result = try Self.run(
        command + ["--variant", variant], input: "quit\n", stateDirectory: state)
      #expect(result.status == 64, "\(command) \(variant): \(result.stderr)")
      #expect(result.stderr.contains("--variant must be a whole number from 0 to 999999999999999"))
    }
    let largest = try Self.run(
      command + ["--variant", "999999999999999"], input: "quit\n", stateDirectory: state)
    #expect(largest.status == 0, "\(largest.stderr)")
  }
}
