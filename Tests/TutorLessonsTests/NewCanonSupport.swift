import Foundation
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

// Helpers for the hand-derived canon tests (NewCanon*, CanonLessonsC):
// a row-major matrix of Doubles for derivations written in plain Swift arithmetic, and
// comparisons of the engine's expected answers with them. Nothing here goes through the
// engine or the math language except reading a bound lesson's givens and expectations.

/// A row-major matrix of Doubles; a scalar is 1×1.
struct Hand: Equatable, CustomStringConvertible {
  var rows: Int
  var cols: Int
  var v: [Double]

  init(_ rows: Int, _ cols: Int, _ v: [Double]) {
    precondition(v.count == rows * cols)
    (self.rows, self.cols, self.v) = (rows, cols, v)
  }
  init(_ scalar: Double) { self.init(1, 1, [scalar]) }
  static func zeros(_ rows: Int, _ cols: Int) -> Hand {
    Hand(rows, cols, Array(repeating: 0, count: rows * cols))
  }
  static func row(_ v: [Double]) -> Hand { Hand(1, v.count, v) }
  static func column(_ v: [Double]) -> Hand { Hand(v.count, 1, v) }

  subscript(i: Int, j: Int) -> Double {
    get { v[i * cols + j] }
    set { v[i * cols + j] = newValue }
  }
  var t: Hand {
    var out = Hand.zeros(cols, rows)
    for i in 0..<rows { for j in 0..<cols { out[j, i] = self[i, j] } }
    return out
  }
  static func * (a: Hand, b: Hand) -> Hand {
    precondition(a.cols == b.rows)
    var out = Hand.zeros(a.rows, b.cols)
    for i in 0..<a.rows {
      for j in 0..<b.cols {
        var total = 0.0
        for k in 0..<a.cols { total += a[i, k] * b[k, j] }
        out[i, j] = total
      }
    }
    return out
  }
  func map(_ f: (Double) -> Double) -> Hand { Hand(rows, cols, v.map(f)) }
  func zip(_ other: Hand, _ f: (Double, Double) -> Double) -> Hand {
    precondition(rows == other.rows && cols == other.cols)
    return Hand(rows, cols, Swift.zip(v, other.v).map(f))
  }
  static func + (a: Hand, b: Hand) -> Hand { a.zip(b, +) }
  static func - (a: Hand, b: Hand) -> Hand { a.zip(b, -) }
  var sum: Double { v.reduce(0, +) }
  var sumOfSquares: Double { v.reduce(0) { $0 + $1 * $1 } }
  var scalar: Double { v[0] }

  /// How a learner would type it: `[a, b; c, d]`.
  var answer: String {
    "["
      + (0..<rows).map { i in (0..<cols).map { j in "\(self[i, j])" }.joined(separator: ", ") }
      .joined(separator: "; ") + "]"
  }
  var description: String { answer }
}

/// Comparing a bound lesson's expectations with hand derivations.
enum Check {
  static func index(_ bound: BoundLesson, _ step: String) throws -> Int {
    try #require(bound.lesson.steps.firstIndex { $0.id == step }, "no step \(step)")
  }

  /// The engine's expected answer of `step` equals `want` in shape and, entry by entry,
  /// to 1e-9 (relative above 1).
  static func step(
    _ bound: BoundLesson, _ step: String, _ want: Hand,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let got = try expected(bound, step)
    let shape = got.shape.count == 2 ? got.shape : (got.count == 1 ? [1, 1] : [1, got.count])
    #expect(
      shape == [want.rows, want.cols], "\(step): shape \(got.shape)",
      sourceLocation: sourceLocation)
    #expect(got.count == want.v.count, "\(step)", sourceLocation: sourceLocation)
    for (index, (g, w)) in Swift.zip(got.scalars, want.v).enumerated() {
      #expect(
        abs(g - w) <= 1e-9 * max(1, abs(w)), "\(step)[\(index)]: engine \(g), by hand \(w)",
        sourceLocation: sourceLocation)
    }
  }

  static func step(
    _ bound: BoundLesson, _ step: String, _ want: Double,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try Check.step(bound, step, Hand(want), sourceLocation: sourceLocation)
  }

  /// A given as a matrix (a scalar is 1×1, a vector keeps its shape).
  static func given(_ bound: BoundLesson, _ name: String) throws -> Hand {
    let tensor = try #require(bound.givenValues[name], "no given \(name)")
    let shape =
      tensor.shape.count == 2 ? tensor.shape : (tensor.count == 1 ? [1, 1] : [1, tensor.count])
    return Hand(shape[0], shape[1], tensor.scalars)
  }

  static func scalar(_ bound: BoundLesson, _ name: String) throws -> Double {
    try #require(bound.givenValues[name]?.scalarValue, "no scalar given \(name)")
  }

  /// `answer` at `step` is judged as `kind`.
  static func judged(
    _ bound: BoundLesson, _ step: String, _ answer: String, _ kind: Verdict.Kind,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let verdict = StepChecker(bound).check(answer, step: try Check.index(bound, step))
    #expect(verdict.kind == kind, "\(step): \(answer)", sourceLocation: sourceLocation)
  }

  /// `answer` at `step` is diagnosed as a declared mistake whose message contains `words`.
  static func mistake(
    _ bound: BoundLesson, _ step: String, _ answer: String, _ words: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let verdict = StepChecker(bound).check(answer, step: try Check.index(bound, step))
    #expect(verdict.kind == .incorrect, sourceLocation: sourceLocation)
    guard case .declaredMistake(let message) = verdict.diagnosis else {
      Issue.record(
        "\(step): expected a declared mistake for \(answer), got \(String(describing: verdict.diagnosis))",
        sourceLocation: sourceLocation)
      return
    }
    #expect(message.contains(words), "\(message)", sourceLocation: sourceLocation)
  }

  /// The right option of a choice step is judged correct and every other one incorrect.
  static func choice(
    _ bound: BoundLesson, _ step: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let index = try Check.index(bound, step)
    guard case .choice(let choices) = bound.lesson.steps[index].question else {
      Issue.record("\(step) is not a choice step", sourceLocation: sourceLocation)
      return
    }
    let order = bound.choiceOrder(step: index)
    for (shown, original) in order.enumerated() {
      let kind = StepChecker(bound).check("\(shown + 1)", step: index).kind
      #expect(
        kind == (choices[original].isCorrect ? .correct : .incorrect),
        "\(step) option \(shown + 1)",
        sourceLocation: sourceLocation)
    }
  }
}

/// σ(x) = 1/(1 + e⁻ˣ).
func handSigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
