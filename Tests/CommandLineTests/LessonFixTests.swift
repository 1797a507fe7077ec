import Foundation
import TestSupport
import Testing

/// The lesson fixes of issue 10 ("Lesson fixes found when tried"), through the binary as a
/// learner meets them. Every number typed here is read from `bptutor values --json`: the
/// engine computes it, the test only rearranges it.
@Suite("Lesson fixes, end to end")
struct LessonFixTests {
  /// `bptutor values LESSON --json`, parsed.
  static func values(_ lesson: String, _ more: [String] = []) throws -> [String: Any] {
    let result = try CommandRunner.run(["values", lesson, "--json"] + more)
    #expect(result.status == 0, "\(result.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  /// A node's value (or, with `gradient`, its loss gradient) as rows of numbers.
  static func node(_ values: [String: Any], _ name: String, gradient: Bool = false) throws
    -> [[Double]]
  {
    let nodes = try #require(values["nodes"] as? [[String: Any]])
    let node = try #require(nodes.first { $0["name"] as? String == name }, "no node \(name)")
    return try rows(node[gradient ? "gradient" : "value"])
  }

  /// A step's expected value as rows of numbers.
  static func expected(_ values: [String: Any], _ step: String) throws -> [[Double]] {
    let steps = try #require(values["steps"] as? [[String: Any]])
    let entry = try #require(steps.first { $0["id"] as? String == step }, "no step \(step)")
    let expected = try #require(entry["expected"] as? [String: Any])
    return try rows(expected["value"])
  }

  /// A JSON number, row or matrix as rows (a number is one row of one entry).
  static func rows(_ json: Any?) throws -> [[Double]] {
    if let number = json as? Double { return [[number]] }
    if let matrix = json as? [[Double]] { return matrix }
    if let row = json as? [Double] { return [row] }
    Issue.record("not a number or matrix: \(String(describing: json))")
    return []
  }

  /// Rows as the math language writes them: `[1 2; 3 4]`, `[1; -6.5]`, or a number.
  static func literal(_ rows: [[Double]]) -> String {
    if rows.count == 1, rows[0].count == 1 { return "\(rows[0][0])" }
    return "[" + rows.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "; ")
      + "]"
  }

  static func transposed(_ rows: [[Double]]) -> [[Double]] {
    guard let width = rows.first?.count else { return rows }
    return (0..<width).map { column in rows.map { $0[column] } }
  }

  static func rotated(_ rows: [[Double]]) -> [[Double]] {
    rows.reversed().map { $0.reversed() }
  }

  @Test("conv-3x3: the kernel is neither symmetric nor its 180° rotation, so flips are told apart")
  func convKernel() throws {
    let values = try Self.values("conv-3x3")
    let (input, kernel, upstream) = try (
      Self.node(values, "I"), Self.node(values, "K"), Self.node(values, "G")
    )
    #expect(kernel != Self.transposed(kernel))
    #expect(kernel != Self.rotated(kernel))
    let (i, k, g, flipped) = (
      Self.literal(input), Self.literal(kernel), Self.literal(upstream),
      Self.literal(Self.rotated(kernel))
    )
    // ∂L/∂I is the padded G correlated with the flipped kernel; unflipped is the slip.
    let right = try CommandRunner.run([
      "answer", "conv-3x3", "dL-dI", "conv2d(\(g), \(flipped), 1, 1)",
    ])
    #expect(right.status == 0, "\(right.stdout)")
    let slip = try CommandRunner.run(["answer", "conv-3x3", "dL-dI", "conv2d(\(g), \(k), 1, 1)"])
    #expect(slip.status == 1)
    #expect(slip.stdout.contains("unflipped"), "\(slip.stdout)")
    // O slides K as it is; a true convolution (K flipped) is diagnosed.
    let convolution = try CommandRunner.run(["answer", "conv-3x3", "O", "conv2d(\(i), \(flipped))"])
    #expect(convolution.status == 1)
    #expect(convolution.stdout.contains("flips the kernel"), "\(convolution.stdout)")
    #expect(try CommandRunner.run(["answer", "conv-3x3", "O", "conv2d(\(i), \(k))"]).status == 0)
  }

  @Test("conv-3x3: the no-flip feedback no longer calls the kernel symmetric")
  func convFeedback() throws {
    let values = try Self.values("conv-3x3")
    let steps = try #require(values["steps"] as? [[String: Any]])
    let option = try #require(steps.first { $0["id"] as? String == "no-flip" }?["expected"] as? Int)
    let result = try CommandRunner.run(["answer", "conv-3x3", "no-flip", "\(option)"])
    #expect(result.status == 0)
    #expect(!result.stdout.contains("symmetric"), "\(result.stdout)")
    // The feedback shows the flipped kernel, a different matrix (− is the minus sign).
    let flipped = Self.literal(Self.rotated(try Self.node(values, "K")))
      .replacingOccurrences(of: ".0", with: "").replacingOccurrences(of: "-", with: "−")
    #expect(result.stdout.contains("Flipped, this K = "), "\(result.stdout)")
    #expect(result.stdout.contains("would be \(flipped)"), "\(flipped): \(result.stdout)")
  }

  @Test("linear-layer dL-dx: the row its declared mistake names is wrong; the column is right")
  func linearRow() throws {
    let column = try Self.expected(Self.values("linear-layer"), "dL-dx")
    #expect(column.count == 2 && column.allSatisfy { $0.count == 1 })
    let row = Self.literal(Self.transposed(column))
    let wrong = try CommandRunner.run(["answer", "linear-layer", "dL-dx", row])
    #expect(wrong.status == 1, "\(wrong.stdout)")
    #expect(wrong.stdout.contains("Right numbers in a row"), "\(wrong.stdout)")
    let right = try CommandRunner.run(["answer", "linear-layer", "dL-dx", Self.literal(column)])
    #expect(right.status == 0, "\(right.stdout)")
  }

  @Test("linear-layer dL-dW12-formula: the question and the answer are both about W₁₂")
  func linearFormula() throws {
    let replay = try CommandRunner.run(["replay", "linear-layer", "--plain"])
    #expect(replay.stdout.contains("Write ∂L/∂W₁₂ as a formula"), "\(replay.stdout)")
    #expect(!replay.stdout.contains("Write ∂L/∂W₂₁"))
    let right = try CommandRunner.run(["answer", "linear-layer", "dL-dW12-formula", "g1 * x2"])
    #expect(right.status == 0, "\(right.stdout)")
    let other = try CommandRunner.run(["answer", "linear-layer", "dL-dW12-formula", "g2 * x1"])
    #expect(other.status == 1)
    #expect(other.stdout.contains("That is ∂L/∂W₂₁"), "\(other.stdout)")
  }

  @Test("softmax-jacobian: the vjp steps name their loss ℓ, apart from the cross-entropy L")
  func softmaxLoss() throws {
    let replay = try CommandRunner.run(["replay", "softmax-jacobian", "--plain"]).stdout
    let vjp = try #require(replay.range(of: "Pushing a gradient through softmax"))
    let crossEntropy = try #require(replay.range(of: "The cross-entropy gradient"))
    let steps = replay[vjp.lowerBound..<crossEntropy.lowerBound]
    // (∂ℓ/∂σ beside a vector is drawn as a 2-D fraction, so its parts are on two lines.)
    #expect(steps.contains("∂ℓ") && steps.contains("∂σ") && steps.contains("∂ℓ/∂z"), "\(steps)")
    #expect(!steps.contains("∂L/"), "\(steps)")
    #expect(replay[crossEntropy.lowerBound...].contains("∂L/∂σ"))
  }

  @Test(
    "sigmoid-chain forward-y: the second hint names sigmoid but never holds the answer",
    arguments: [0, 1, 2, 3])
  func sigmoidHint(variant: Int) throws {
    let state = try CommandRunner.temporaryDirectory()
    let quiz = try CommandRunner.run(
      ["learn", "sigmoid-chain", "--plain", "--variant", "\(variant)"], input: "hint\nhint\nquit\n",
      stateDirectory: state)
    let text = quiz.stdout.replacingOccurrences(of: "\n    ", with: " ")
    // Issue 21: a hint that, typed as the answer, is right would be a free reveal.
    #expect(text.contains("`sigmoid(…)`"), "\(quiz.stdout)")
    #expect(!text.contains("`sigmoid(0") && !text.contains("`sigmoid(-"))
    // Names are refused: this step asks for the number.
    let named = try CommandRunner.run(["answer", "sigmoid-chain", "forward-y", "sigmoid(w1 * x)"])
    #expect(named.status == 2)
    #expect(named.stdout.contains("type the numbers — this step asks you to compute it"))
  }

  @Test("relu-1-2-2-1 sgd: the learning-rate slip is explained without a solution never shown")
  func reluSlip() throws {
    let values = try Self.values("relu-1-2-2-1")
    let weights = Self.literal(try Self.node(values, "W1"))
    let gradient = Self.literal(try Self.node(values, "W1", gradient: true))
    let result = try CommandRunner.run(
      ["answer", "relu-1-2-2-1", "sgd", "\(weights) - 0.1 * \(gradient)"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("not 0.1"), "\(result.stdout)")
    #expect(!result.stdout.contains("original"), "\(result.stdout)")
    #expect(!result.stdout.contains("solution"), "\(result.stdout)")
  }

  @Test("every step of every lesson replays its worked line, never a bare ⇒ = value")
  func workedLines() throws {
    let list = try CommandRunner.run(["list", "--json"])
    let lessons = try #require(
      try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    #expect(lessons.count >= 7)
    for id in lessons.compactMap({ $0["id"] as? String }) {
      let replay = try CommandRunner.run(["replay", id, "--plain"])
      #expect(replay.status == 0)
      let bare = replay.stdout.split(separator: "\n").filter { $0.hasPrefix("  ⇒ = ") }
      #expect(bare.isEmpty, "\(id): \(bare)")
    }
  }

  @Test("a lesson without a worked line fails check at the step")
  func workedRequired() throws {
    let directory = try CommandRunner.temporaryDirectory()
    let path = directory + "/no-worked.yaml"
    try """
    version: 1
    title: T
    summary: S
    source: test
    given:
      x: 2
    graph:
      y: 3 * x
    steps:
      - id: y
        title: Y
        text: Compute $y$.
        ask: y
        hints: [Multiply.]
    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try CommandRunner.run(["check", path])
    #expect(result.status != 0)
    let output = result.stdout + result.stderr
    #expect(output.contains("\(path):10:5: error: step `y` has no `worked` line"), "\(output)")
  }

  @Test(
    "--set on a given the prose states is refused",
    arguments: [
      ("lp-regularization", "p", "3"), ("conv-3x3", "n", "7"),
      ("softmax-cross-entropy", "t", "[1; 0; 0]"),
    ])
  func fixedGivens(lesson: String, given: String, value: String) throws {
    let result = try CommandRunner.run(["values", lesson, "--set", "\(given)=\(value)"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("\(given) is fixed in this lesson"), "\(result.stderr)")
  }

  @Test("a given that is not fixed can still be set")
  func otherGivens() throws {
    let result = try CommandRunner.run(["values", "lp-regularization", "--set", "alpha=0.2"])
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test("every lesson passes check with no errors and no warnings")
  func checkClean() throws {
    let result = try CommandRunner.run(["check"])
    #expect(result.status == 0)
    #expect((result.stdout + result.stderr).contains("0 errors, 0 warnings"), "\(result.stdout)")
  }
}
