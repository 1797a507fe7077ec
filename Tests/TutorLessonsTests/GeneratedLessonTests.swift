import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Issue 23: a lesson with only `given`, `graph` and `loss` is a whole lesson; `--graph`
/// and `--set` make one; drills serve well-posed random graphs.
@Suite("Generated lessons")
struct GeneratedLessonTests {
  static let graph = "h = relu(W @ x); L = sum((h - y)^2) / 2"
  static let sets = ["W=[1 2; -1 0]", "x=[1; 2]", "y=[0; 1]"]

  static func bound(_ graph: String = graph, _ sets: [String] = sets) throws -> BoundLesson {
    let spec = try GraphSpec.parse(graph: graph, sets: sets)
    let lesson = try #require(spec.lesson().lesson)
    return try BoundLesson(lesson: lesson)
  }

  static func value(_ bound: BoundLesson, step: Int) throws -> Tensor {
    guard case .value(let value) = try bound.expectation(forStep: step) else {
      Issue.record("step \(step) is not a value step")
      return Tensor(0)
    }
    return value
  }

  @Test("steps in order: each value forward, the loss, each gradient back to the parameters")
  func order() throws {
    let bound = try Self.bound()
    #expect(bound.lesson.steps.map(\.id) == ["h", "L", "dL-dh", "dL-dW", "dL-dx"])
    for step in bound.lesson.steps {
      #expect(!step.title.isEmpty && !step.hints.isEmpty && !step.skills.isEmpty)
      #expect(step.accept == .numbers)
    }
    // The backward steps' hints carry the rulebook lines of the ops they pass.
    let hints = bound.lesson.steps[3].hints.map(\.text).joined(separator: "\n")
    #expect(hints.contains(Op.relu.rule) && hints.contains(Op.matmul.rule))
    #expect(bound.lesson.steps[3].skills.contains("relu-mask"))
  }

  @Test("generated values are the engine's, and those of a hand computation")
  func values() throws {
    let bound = try Self.bound()
    // Worked by hand: W x = [5; −1], h = [5; 0], L = (25 + 1)/2.
    let expected: [[Double]] = [[5, 0], [13], [5, -1], [5, 10, 0, 0], [5, 10]]
    for (index, scalars) in expected.enumerated() {
      #expect(try Self.value(bound, step: index).scalars == scalars, "step \(index + 1)")
    }
    #expect(try Self.value(bound, step: 3) == bound.lossGradients["W"])
    #expect(try Self.value(bound, step: 4) == bound.lossGradients["x"])
  }

  @Test("the gradients agree with central differences of the loss", arguments: 1...6)
  func finiteDifferences(level: Int) throws {
    for index in 0..<5 {
      let drill = try Drill.graph(level: level, seed: 11, index: index)
      let lesson = try #require(drill.spec.lesson().lesson)
      let bound = try BoundLesson(lesson: lesson)
      let own = try Variants.givens(of: lesson, variant: 0)
      for parameter in StepGenerator.parameters(of: lesson) {
        guard let value = own[parameter], let gradient = bound.lossGradients[parameter] else {
          continue
        }
        for entry in 0..<value.count {
          func loss(_ delta: Double) throws -> Double {
            var givens = own
            var scalars = value.scalars
            scalars[entry] += delta
            givens[parameter] = try Tensor(shape: value.shape, scalars: scalars)
            let evaluator = try #require(Variants.evaluator(lesson, givens))
            let id = try #require(evaluator.bindings[lesson.loss?.text ?? ""])
            return evaluator.value(of: id).scalars[0]
          }
          let numeric = (try loss(1e-6) - loss(-1e-6)) / 2e-6
          let analytic = gradient.scalars[entry]
          #expect(
            Swift.abs(numeric - analytic) <= 1e-4 * max(1, Swift.abs(analytic)),
            "\(drill.spec.source): ∂L/∂\(parameter)[\(entry + 1)] \(analytic) vs \(numeric)")
        }
      }
    }
  }

  @Test("typical mistakes get the catalogue's diagnosis")
  func diagnoses() throws {
    let bound = try Self.bound()
    let checker = StepChecker(bound)
    // The ReLU skipped: W x for relu(W x).
    let skipped = checker.check("[5; -1]", step: 0)
    guard case .misconception(let relu)? = skipped.diagnosis else {
      Issue.record("no misconception for a skipped ReLU: \(String(describing: skipped.diagnosis))")
      return
    }
    #expect(relu.kind == .activationSkipped)
    // The ½ of the loss left out.
    guard case .misconception(let half)? = checker.check("26", step: 1).diagnosis else {
      Issue.record("no misconception for the loss without its ½")
      return
    }
    #expect(half.kind == .scaleMissing)
    // ReLU's derivative dropped on the way back, with the pre-activation its own quantity.
    let split = try Self.bound("a = W @ x; h = relu(a); L = sum((h - y)^2) / 2")
    let index = try #require(split.lesson.steps.firstIndex { $0.id == "dL-da" })
    guard
      case .misconception(let mask)? = StepChecker(split).check("[5; -1]", step: index).diagnosis
    else {
      Issue.record("no misconception for a dropped ReLU mask")
      return
    }
    #expect(mask.kind == .derivativeDropped)
  }

  @Test("earn every value: a step's text and hints show only givens and earlier answers")
  func earned() throws {
    for level in Drill.levels {
      let drill = try Drill.graph(level: level, seed: 5, index: 0)
      let lesson = try #require(drill.spec.lesson().lesson)
      let givens = Set(lesson.givens.map(\.name))
      for (index, step) in lesson.steps.enumerated() {
        let earlier = lesson.steps[..<index].compactMap { step -> String? in
          guard case .value(let ask) = step.question else { return nil }
          return ask.text
        }
        for prose in [step.text] + step.hints {
          for placeholder in prose.placeholders {
            let text = placeholder.expression.trimmingWhitespace()
            let allowed = givens.contains(text) || earlier.contains(text)
            #expect(allowed, "\(lesson.id) step \(step.id) shows {\(text)}")
          }
        }
      }
    }
  }

  @Test("a hand-written step replaces the generated one of its id; the others stay")
  func handWritten() throws {
    let text = """
      version: 1
      title: A ReLU layer
      summary: Refined.
      source: a test
      generate: true
      given:
        W: '[1 2; -1 0]'
        x: '[1; 2]'
        y: '[0; 1]'
      graph:
        h: relu(W @ x)
        L: sum((h - y)^2) / 2
      loss: L
      steps:
        - id: h
          title: My own first step
          text: Apply the layer.
          ask: h
          hints: [Multiply, then clip at 0.]
          worked: $h = {h}$
      """
    let (lesson, diagnostics) = LessonLoader.parse(text, id: "refined", path: "refined.yaml")
    let loaded = try #require(lesson, "\(diagnostics)")
    #expect(loaded.steps.map(\.id) == ["h", "L", "dL-dh", "dL-dW", "dL-dx"])
    #expect(loaded.steps[0].title == "My own first step")
    #expect(loaded.steps[1].title == "The loss L")
  }

  @Test("train adds one gradient-descent step per parameter")
  func training() throws {
    let text = """
      given:
        w: 2
        x: 3
        y: 1
        eta: 0.1
      graph:
        h: tanh(w * x)
        L: (h - y)^2
      loss: L
      train: {parameters: [w], rate: eta}
      """
    let lesson = try #require(LessonLoader.parse(text, id: "t", path: "t.yaml").lesson)
    #expect(lesson.steps.map(\.id) == ["h", "L", "dL-dh", "dL-dw", "update-w"])
    let bound = try BoundLesson(lesson: lesson)
    let update = try Self.value(bound, step: 4).scalars[0]
    let gradient = try #require(bound.lossGradients["w"]).scalars[0]
    #expect(update == 2 - 0.1 * gradient)
  }

  @Test(
    "bad --graph and --set inputs: a clear error with its place, never a crash",
    arguments: [
      ("h = relu(W @ x; L = sum(h)", [String](), "expected", 14),
      ("L = = 2", [], "expected", 4),
      ("", [], "empty", 0),
      ("h = g + 1; g = 2*x; L = h", [], "before it is defined", 0),
      ("h = q(x); L = h", [], "unknown function `q`", 4),
      ("h = relu(W @ x); L = sum(h^2)", ["x=[1; 2]"], "does not determine the shape of `W`", 9),
      ("h = W @ x; L = sum(h)", ["z=1"], "does not use `z`", 0),
      ("h = W @ x; L = sum(h)", ["h=1"], "computed by the graph", 0),
      ("L = sum(W @ x)", ["W=[1 2]", "x=[1 2]"], "do not fit", 8),
      ("h = W @ x", ["W=[1 2]", "x=[1; 2; 3]"], "do not fit", 4),
    ])
  func badInputs(graph: String, sets: [String], message: String, column: Int) throws {
    do {
      _ = try GraphSpec.parse(graph: graph, sets: sets)
      Issue.record("\(graph) was accepted")
    } catch {
      #expect(error.description.contains(message), "\(error.description)")
      #expect(error.error.range?.lowerBound == column, "\(error.description)")
    }
  }

  @Test("a given left unset is drawn at the one shape the graph allows")
  func drawnShapes() throws {
    let spec = try GraphSpec.parse(
      graph: "h = relu(W @ x); L = sum((h - y)^2) / 2", sets: ["x=[1; 2]", "y=[1; 0; 2]"])
    let lesson = try #require(spec.lesson().lesson)
    let own = try Variants.givens(of: lesson, variant: 0)
    #expect(own["W"]?.shape == [3, 2])
    #expect(spec.drawn == ["W"])
    // Seeded: the same graph draws the same values.
    #expect(try GraphSpec.parse(graph: spec.source, sets: ["x=[1; 2]", "y=[1; 0; 2]"]) == spec)
  }
}

/// Drills: 50 graphs in a row at each level, none refused, on a kink or repeated.
@Suite("Drills")
struct DrillTests {
  @Test("50 graphs in a row at each level: well posed, each new", arguments: Drill.levels)
  func fifty(level: Int) throws {
    var served: Set<String> = []
    for index in 0..<50 {
      let graph = try Drill.graph(level: level, seed: 2024, index: index, avoiding: served)
      #expect(served.insert(graph.id).inserted, "graph \(index + 1) repeats \(graph.id)")
      let lesson = try #require(graph.spec.lesson().lesson)
      let bound = try BoundLesson(lesson: lesson)
      #expect(bound.evaluator.graph.firstNodeOnKink() == nil, "\(graph.spec.source)")
      #expect(bound.evaluator.graph.nodes.allSatisfy { $0.value.isFinite })
      #expect(lesson.steps.count >= 3)
      for given in graph.spec.givens {
        // Whole numbers of at most two significant figures.
        let value = try #require(own(lesson)[given.name])
        #expect(value.scalars.allSatisfy { $0 == $0.rounded() && Swift.abs($0) < 100 })
      }
    }
  }

  func own(_ lesson: Lesson) throws -> [String: Tensor] {
    try Variants.givens(of: lesson, variant: 0)
  }

  @Test("the same seed gives the same graph; another seed another")
  func seeded() throws {
    let first = try Drill.graph(level: 3, seed: 42, index: 7)
    let again = try Drill.graph(level: 3, seed: 42, index: 7)
    let other = try Drill.graph(level: 3, seed: 43, index: 7)
    #expect(first.spec == again.spec && first.id == again.id)
    #expect(first.id != other.id)
  }

  @Test("every function of the language appears in some drill")
  func everyOp() throws {
    var seen = ""
    for level in Drill.levels {
      for index in 0..<120 {
        seen += try Drill.graph(level: level, seed: 9, index: index).spec.source + "\n"
      }
    }
    for name in Drill.knownOps {
      #expect(seen.contains(name + "("), "\(name) never appears")
    }
  }

  @Test("--ops keeps to the functions asked for; a level none fits is refused")
  func ops() throws {
    for index in 0..<20 {
      let graph = try Drill.graph(level: 1, ops: ["tanh"], seed: 1, index: index)
      for other in ["relu(", "sigmoid(", "exp(", "max(", "min(", "abs("] {
        #expect(!graph.spec.source.contains(other), "\(graph.spec.source)")
      }
    }
    #expect(throws: Drill.Refusal.self) {
      try Drill.graph(level: 5, ops: ["diag"], seed: 1, index: 0)
    }
  }

  @Test("mastery moves the drill on: mastered skills give the next level")
  func mastery() {
    #expect(Drill.suggestedLevel(known: [:]) == 1)
    let level1 = Set(DrillTemplates.all.filter { $0.level == 1 }.flatMap(\.skills))
    let known = Dictionary(uniqueKeysWithValues: level1.map { ($0, 0.99) })
    #expect(Drill.suggestedLevel(known: known) == 2)
  }
}
