import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorLessons
import TutorMath

/// `train:` in lesson files, and gradient descent with the engine on the bound graph.
@Suite("Training")
struct TrainingTests {
  static let directory = Repository.lessons

  static func bound(_ id: String) throws -> BoundLesson {
    let lesson = try #require(LessonLoader.load(path: directory + "/\(id).yaml").lesson)
    return try BoundLesson(lesson: lesson)
  }

  static let trained = LessonCatalog.ids(in: directory).filter { id in
    LessonLoader.load(path: directory + "/\(id).yaml").lesson?.train != nil
  }

  @Test("relu-1-2-2-1 and softmax-cross-entropy declare training, with most lessons")
  func declared() throws {
    #expect(Self.trained.contains("relu-1-2-2-1"))
    #expect(Self.trained.contains("softmax-cross-entropy"))
    #expect(Self.trained.count >= 14)
    let relu = try #require(try Self.bound("relu-1-2-2-1").lesson.train)
    #expect(relu.parameters == ["W1", "W2", "W3"])
    #expect(relu.rate.text == "eta")
    #expect(relu.steps == 100)
  }

  @Test(
    "every declared training lowers the loss, step 0 being the lesson's own", arguments: trained)
  func descends(id: String) throws {
    let bound = try Self.bound(id)
    let series = try Trainer(bound).train(steps: bound.lesson.train!.steps)
    #expect(series.count == bound.lesson.train!.steps + 1)
    let own = try #require(bound.lossNode.map { bound.evaluator.value(of: $0).scalars[0] })
    #expect(series[0] == own)
    #expect(series.allSatisfy { $0.isFinite })
    #expect(series.last! < series[0], "\(id): \(series[0]) → \(series.last!)")
  }

  @Test(
    "training runs as a compiled plan and gives the graph walk's losses to 1e-12",
    arguments: trained)
  func compiledAsWalked(id: String) throws {
    let bound = try Self.bound(id)
    let train = try #require(bound.lesson.train)
    let steps = min(train.steps, 30)
    let series = try Trainer(bound).train(steps: steps)
    let rate = try Trainer(bound).trainingRate()
    var graph = bound.evaluator.graph
    let loss = try #require(bound.lossNode)
    let ids = try train.parameters.map { try #require(bound.evaluator.bindings[$0]) }
    var walked = [try graph.value(of: loss).scalars[0]]
    for _ in 0..<steps {
      try graph.backward(from: loss, toward: ids)
      try graph.descend(ids, rate: rate)
      try graph.reevaluate()
      walked.append(try graph.value(of: loss).scalars[0])
    }
    #expect(series.count == walked.count)
    for (got, expected) in zip(series, walked) {
      #expect(abs(got - expected) <= 1e-12 * max(1, abs(expected)), "\(id): \(got) vs \(expected)")
    }
  }

  @Test("one step by hand: W ← W − η ∂J/∂W gives the engine's next loss")
  func oneStep() throws {
    let bound = try Self.bound("relu-1-2-2-1")
    let series = try Trainer(bound).train(steps: 1)
    var graph = bound.evaluator.graph
    for name in ["W1", "W2", "W3"] {
      let id = try #require(bound.evaluator.bindings[name])
      let value = bound.evaluator.value(of: id)
      let gradient = try #require(bound.lossGradients[name])
      let updated = try Tensor(
        shape: value.shape, scalars: zip(value.scalars, gradient.scalars).map { $0 - 0.01 * $1 })
      try graph.setValue(updated, of: id)
    }
    try graph.reevaluate()
    #expect(series[1] == (try graph.value(of: bound.lossNode!)).scalars[0])
  }

  @Test("`train:` errors point at the file: unknown parameter, no loss, bad steps")
  func diagnostics() {
    let base = """
      version: 1
      title: T
      summary: S
      source: S
      given:
        w: 1
        x: 2
      graph:
        y: w * x
      """
    let steps = """
      steps:
        - id: a
          title: A
          text: t
          hints: [h]
          ask: y
          worked: $y = {y}$
      """
    let unknown = LessonLoader.parse(
      base + "\nloss: y\ntrain: {parameters: [v], rate: 0.1}\n" + steps, id: "t", path: "t.yaml")
    #expect(unknown.lesson == nil)
    #expect(unknown.diagnostics.contains { $0.message.contains("`v` is not a given") })
    let noLoss = LessonLoader.parse(
      base + "\ntrain: {parameters: [w], rate: 0.1}\n" + steps, id: "t", path: "t.yaml")
    #expect(noLoss.diagnostics.contains { $0.message.contains("`train` needs a `loss`") })
    let badSteps = LessonLoader.parse(
      base + "\nloss: y\ntrain: {parameters: [w], rate: 0.1, steps: 0}\n" + steps, id: "t",
      path: "t.yaml")
    #expect(badSteps.diagnostics.contains { $0.message.contains("`steps` is 1 to") })
    let good = LessonLoader.parse(
      base + "\nloss: y\ntrain: {parameters: [w], rate: 0.1}\n" + steps, id: "t", path: "t.yaml")
    #expect(good.lesson?.train?.parameters == ["w"])
    #expect(good.lesson?.train?.steps == 100)
  }
}
