import Foundation
import TutorEngine
import TutorMath
import TutorProgress

/// Random graphs to practise on, one after another, by level: 1 scalar chains, 2 vectors,
/// 3 matrices, 4 batches, 5 reductions, 6 normalisation. Each is a ``GraphSpec`` whose
/// lesson is generated (``StepGenerator``).
///
/// Seeded: graph `index` of seed `seed` is the same on every machine. Well posed: every
/// draw is evaluated by the engine and redrawn when a value is infinite, sits on a kink
/// or a tie (the engine's one rule, as variants use), or is too large to work by hand
/// (over ``largestValue``); givens are whole numbers from −3 to 3.
public enum Drill {
  /// The levels, easiest first.
  public static let levels = 1...6
  /// What each level practises, for `--help` and the header.
  public static let levelNames = [
    1: "scalar chains", 2: "vectors", 3: "matrices", 4: "batches", 5: "reductions",
    6: "normalisation",
  ]
  /// The largest value (in magnitude) a drill's graph may compute.
  public static let largestValue = 1000.0

  /// The functions and operators a drill may use (`--ops`): every function of the
  /// language but `grad` and `jacobian`.
  public static let knownOps: [String] = Evaluator.functions.filter { !$0.lessonOnly }.map(\.name)

  /// One drawn graph: its spec, its level and the template's name.
  public struct Graph: Sendable {
    public var spec: GraphSpec
    public var level: Int
    public var name: String
    /// The lesson id: `drill-` and a hash of the graph and its givens.
    public var id: String { spec.id(prefix: "drill") }
  }

  /// Why a drill cannot be drawn.
  public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Graph `index` of a drill at `level` seeded by `seed`, using only `ops` (nil: any),
  /// favouring templates whose skills `known` (BKT estimates, 0…1) says are weakest.
  /// `avoiding` lists ids already served: a repeat is redrawn.
  public static func graph(
    level: Int, ops: Set<String>? = nil, seed: UInt64, index: Int,
    known: [String: Double] = [:], avoiding: Set<String> = []
  ) throws(Refusal) -> Graph {
    let fitting = DrillTemplates.all.filter { template in
      template.level == level && (ops.map { template.fits($0) } ?? true)
    }
    guard !fitting.isEmpty else {
      throw Refusal(
        description: "no drill at level \(level) uses only "
          + (ops.map { $0.sorted().joined(separator: ", ") } ?? "these ops")
          + "; add more ops, or try another --level")
    }
    var generator = SeededGenerator(
      seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xBF58_476D_1CE4_E5B9
        &+ UInt64(level))
    for _ in 0..<200 {
      // Weakest skills first: a template's weight is how much of its skills is unknown.
      let weights = fitting.map { template -> Double in
        let skills = template.skills
        guard !skills.isEmpty else { return 1 }
        let unknown = skills.map { 1 - (known[$0] ?? KnowledgeTracing.standard.pInit) }
        return 0.15 + unknown.reduce(0, +) / Double(skills.count)
      }
      var pick = generator.nextUnit() * weights.reduce(0, +)
      var chosen = fitting[fitting.count - 1]
      for (template, weight) in zip(fitting, weights) {
        if pick < weight {
          chosen = template
          break
        }
        pick -= weight
      }
      var draw = DrillDraw(generator: generator, ops: ops)
      let (graph, sets) = chosen.make(&draw)
      generator = draw.generator
      guard let spec = try? GraphSpec.parse(graph: graph, sets: sets),
        isWellPosed(spec), !avoiding.contains(spec.id(prefix: "drill"))
      else { continue }
      return Graph(spec: spec, level: level, name: chosen.name)
    }
    throw Refusal(
      description: "no well-posed graph was found at level \(level); try another --seed")
  }

  /// The level a learner should drill: the first whose skills are not all mastered
  /// (BKT at ``KnowledgeTracing/masteryThreshold``), else the last.
  public static func suggestedLevel(known: [String: Double]) -> Int {
    for level in levels {
      let skills = Set(DrillTemplates.all.filter { $0.level == level }.flatMap(\.skills))
      if skills.contains(where: {
        (known[$0] ?? KnowledgeTracing.standard.pInit) < KnowledgeTracing.masteryThreshold
      }) {
        return level
      }
    }
    return levels.upperBound
  }

  /// Finite, off every kink and tie, and no value over ``largestValue``; its lesson loads
  /// and binds.
  static func isWellPosed(_ spec: GraphSpec) -> Bool {
    guard case let (lesson?, _) = spec.lesson(), let bound = try? BoundLesson(lesson: lesson)
    else { return false }
    let graph = bound.evaluator.graph
    guard Variants.isUsable(graph) else { return false }
    for node in graph.nodes
    where node.value.scalars.contains(where: { Swift.abs($0) > largestValue }) {
      return false
    }
    // A quantity whose whole gradient is 0 (a dead ReLU, the branch a max did not take)
    // leaves nothing to practise below it.
    for definition in lesson.graph where definition.name != lesson.loss?.text {
      guard let gradient = bound.lossGradients[definition.name],
        gradient.scalars.contains(where: { $0 != 0 })
      else { return false }
    }
    return bound.lossGradients.values.allSatisfy { gradient in
      gradient.scalars.allSatisfy { $0.isFinite && Swift.abs($0) <= largestValue }
    }
  }
}

/// The random choices of one drill graph.
struct DrillDraw {
  var generator: SeededGenerator
  let ops: Set<String>?

  /// A whole number from −3 to 3, not 0.
  mutating func int() -> Int {
    let magnitude = 1 + Int(generator.nextUnit() * 3)
    return generator.nextUnit() < 0.5 ? -magnitude : magnitude
  }

  /// A whole number in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(generator.nextUnit() * Double(range.count)) % range.count
  }

  /// An r×c matrix (a scalar for 1×1 when `scalar`) of whole numbers, as typed.
  mutating func matrix(_ rows: Int, _ columns: Int) -> String {
    "["
      + (0..<rows).map { _ in (0..<columns).map { _ in String(int()) }.joined(separator: ", ") }
      .joined(separator: "; ") + "]"
  }

  /// A column of labels from 1 to `classes`.
  mutating func labels(_ count: Int, classes: Int) -> String {
    "[" + (0..<count).map { _ in String(int(in: 1...classes)) }.joined(separator: "; ") + "]"
  }

  /// A one-hot column of `count` entries.
  mutating func oneHot(_ count: Int) -> String {
    let hot = int(in: 0...(count - 1))
    return "[" + (0..<count).map { $0 == hot ? "1" : "0" }.joined(separator: "; ") + "]"
  }

  /// One of `options`.
  mutating func pick<T>(_ options: [T]) -> T {
    options[Int(generator.nextUnit() * Double(options.count)) % options.count]
  }

  /// The element-wise activations allowed, in the order drills draw them, each as a
  /// function of its operand's text (`#`): `name(#)`, or the form in ``domainForms``.
  static let activations: [(name: String, apply: @Sendable (String) -> String)] =
    "relu sigmoid tanh exp abs log sqrt sign softplus silu gelu leakyrelu"
    .split(separator: " ").map { word in
      let name = String(word)
      let form = domainForms[name] ?? name + "(#)"
      return (name, { form.replacingOccurrences(of: "#", with: $0) })
    }

  /// Activations written so that any operand keeps them finite and off their kinks.
  private static let domainForms = [
    "exp": "exp(# / 4)", "log": "log(1 + (#)^2)", "sqrt": "sqrt(1 + (#)^2)",
    "sign": "(#) * sign(#)",
  ]

  /// An activation `--ops` allows (any when it names none of them).
  mutating func activation() -> (name: String, apply: @Sendable (String) -> String) {
    let allowed = Self.activations.filter { ops?.contains($0.name) ?? true }
    return pick(allowed.isEmpty ? Self.activations.filter { $0.name == "relu" } : allowed)
  }
}
