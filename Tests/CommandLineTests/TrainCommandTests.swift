import Foundation
import TestSupport
import Testing

/// `bptutor train`, end to end: gradient descent on a lesson's `train:` parameters.
@Suite("train, end to end")
struct TrainCommandTests {
  /// The values and loss gradients `bptutor values --json` reports, by node name.
  static func values(_ lesson: String, set: [String] = []) throws -> [String: [String: Any]] {
    let result = try CommandRunner.run(
      ["values", lesson, "--json"] + set.flatMap { ["--set", $0] })
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let nodes = object?["nodes"] as? [[String: Any]] ?? []
    return Dictionary(uniqueKeysWithValues: nodes.map { ($0["name"] as! String, $0) })
  }

  /// Nested JSON arrays (or a bare number) flattened row-major.
  static func flat(_ value: Any?) -> [Double] {
    if let number = value as? Double { return [number] }
    if let number = value as? Int { return [Double(number)] }
    return (value as? [Any] ?? []).flatMap(flat)
  }

  /// A row-major list written as the math language reads it, with the shape of `like`.
  static func literal(_ scalars: [Double], like value: Any?) -> String {
    guard let rows = value as? [Any] else { return "\(scalars[0])" }
    let columns = scalars.count / rows.count
    return "["
      + (0..<rows.count).map { r in
        scalars[(r * columns)..<((r + 1) * columns)].map { "\($0)" }.joined(separator: " ")
      }.joined(separator: "; ") + "]"
  }

  @Test("--plain: each step's loss is the engine's loss after that many updates by hand")
  func plainMatchesEngine() throws {
    let result = try CommandRunner.run(
      ["train", "relu-1-2-2-1", "--plain", "--steps", "3"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    let reported = lines.prefix(4).map { line -> Double in
      Double(line.split(separator: " ").last.map(String.init) ?? "") ?? .nan
    }
    #expect(lines.prefix(4).enumerated().allSatisfy { $1.hasPrefix("step \($0): loss ") })
    // The same descent done by hand through `values`: W ← W − η ∂J/∂W, then the loss.
    let eta = 0.01
    var set: [String] = []
    for step in 0...3 {
      let nodes = try Self.values("relu-1-2-2-1", set: set)
      let loss = Self.flat(nodes["J"]?["value"])[0]
      #expect(
        abs(reported[step] - loss) <= 1e-12 * max(1, abs(loss)),
        "step \(step): train says \(reported[step]), values says \(loss)")
      set = ["W1", "W2", "W3"].map { name in
        let value = Self.flat(nodes[name]?["value"])
        let gradient = Self.flat(nodes[name]?["gradient"])
        let updated = zip(value, gradient).map { $0 - eta * $1 }
        return "\(name)=" + Self.literal(updated, like: nodes[name]?["value"])
      }
    }
    #expect(reported[0] == 9, "step 0 is the lesson's own loss, (6 − 3)²")
    #expect(reported[3] < reported[0])
    // Then the chart, with its axes labelled.
    #expect(lines.contains { $0.contains("9 ┤") })
    #expect(lines.contains { $0.hasSuffix("3") && $0.contains("0") })
    #expect(lines.last?.hasPrefix("loss 9 at step 0") == true)
  }

  @Test("--rate and --variant change the descent; ASCII draws the chart in ASCII")
  func options() throws {
    let slow = try CommandRunner.run(
      ["train", "relu-1-2-2-1", "--plain", "--steps", "1", "--rate", "0.001"])
    let fast = try CommandRunner.run(["train", "relu-1-2-2-1", "--plain", "--steps", "1"])
    #expect(slow.stdout.split(separator: "\n")[0] == fast.stdout.split(separator: "\n")[0])
    #expect(slow.stdout.split(separator: "\n")[1] != fast.stdout.split(separator: "\n")[1])
    let ascii = try CommandRunner.run([
      "train", "softmax-cross-entropy", "--ascii", "--variant", "2",
    ])
    #expect(ascii.status == 0, "\(ascii.stderr)")
    #expect(ascii.stdout.allSatisfy { $0.isASCII })
    #expect(ascii.stdout.contains("*"))
  }

  @Test("a lesson without `train:` and bad options are refused with a reason")
  func refusals() throws {
    let none = try CommandRunner.run(["train", "conv-3x3"])
    #expect(none.status == 1)
    #expect(none.stderr.contains("conv-3x3 declares no `train:`"))
    let steps = try CommandRunner.run(["train", "relu-1-2-2-1", "--steps", "0"])
    #expect(steps.status != 0)
    #expect(steps.stderr.contains("--steps must be 1 to"))
  }
}
