import TutorEngine
import TutorMath

/// Why a lesson cannot be trained.
public struct TrainingError: Error, Sendable, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
}

/// Gradient descent on a bound lesson's own graph (`train:`): its learning rate, the
/// loss curve of a number of steps, and the step after which the tutor offers it.
public struct Trainer: Sendable {
  /// The lesson trained, at its givens (the curve starts at its own loss).
  public let bound: BoundLesson

  public init(_ bound: BoundLesson) {
    self.bound = bound
  }

  var lesson: Lesson { bound.lesson }

  /// The learning rate `train:` declares, evaluated at this binding's givens.
  public func trainingRate() throws(TrainingError) -> Double {
    guard let train = lesson.train else {
      throw TrainingError("\(lesson.id) declares no `train:`")
    }
    let value: Tensor
    do {
      value = try bound.evaluate(train.rate, context: "`train: rate`")
    } catch {
      throw TrainingError(error.diagnostics.first?.message ?? "the rate cannot be computed")
    }
    guard let rate = value.scalarValue else {
      throw TrainingError("the rate must be a number; `\(train.rate.text)` is not")
    }
    return rate
  }

  /// Gradient descent with the engine on the lesson's own graph: `steps` updates of
  /// every parameter `p ← p − rate · ∂loss/∂p`. Returns the loss before each update and
  /// after the last: `steps + 1` values, the first the lesson's own loss.
  ///
  /// Parameters are `train:`'s unless `parameters` is given; the rate is `train:`'s
  /// unless `rate` is given.
  public func train(
    steps: Int, rate rateOverride: Double? = nil, parameters: [String]? = nil
  ) throws(TrainingError) -> [Double] {
    guard let lossNode = bound.lossNode else {
      throw TrainingError("\(lesson.id) has no loss to descend")
    }
    let names = parameters ?? lesson.train?.parameters ?? []
    guard !names.isEmpty else { throw TrainingError("no parameters to train") }
    let rate: Double
    if let given = rateOverride { rate = given } else { rate = try trainingRate() }
    guard rate.isFinite else { throw TrainingError("the rate must be finite") }
    var graph = bound.evaluator.graph
    var ids: [Graph.NodeID] = []
    for name in names {
      guard let id = bound.evaluator.bindings[name] else {
        throw TrainingError("`\(name)` is not a node of \(lesson.id)")
      }
      ids.append(id)
    }
    var losses: [Double] = []
    losses.reserveCapacity(steps + 1)
    // The step compiled once (the same kernels in the same order as the walk below, so the
    // same losses); the walk serves graphs a plan refuses (a parameter off the loss's path).
    if let plan = try? TrainingPlan(graph, loss: lossNode, parameters: ids) {
      do throws(EngineError) {
        for step in 0...steps {
          losses.append(plan.lossValue)
          guard step < steps else { break }
          plan.backward()
          plan.descend(rate: rate)
          try plan.forward()
        }
      } catch {
        throw TrainingError("step \(losses.count): \(error.description)")
      }
      return losses
    }
    do throws(EngineError) {
      for step in 0...steps {
        let loss = try graph.value(of: lossNode)
        losses.append(loss.scalars.first ?? .nan)
        guard step < steps else { break }
        let gradients = try graph.gradients(of: lossNode, withRespectTo: ids)
        for (id, gradient) in zip(ids, gradients) {
          let value = try graph.value(of: id)
          let updated = zip(value.scalars, gradient.scalars).map { $0 - rate * $1 }
          try graph.setValue(value.withScalars(updated), of: id)
        }
        try graph.reevaluate()
      }
    } catch {
      throw TrainingError("step \(losses.count): \(error.description)")
    }
    return losses
  }

  /// The step after which the tutor offers the loss curve: the first step that applies
  /// a learning rate without asking for a derivative (the SGD step), else none.
  public var gradientDescentStep: Int? {
    guard lesson.train != nil else { return nil }
    return lesson.steps.indices.first { index in
      lesson.steps[index].learningRate != nil && !lesson.asksDerivative(step: index)
    }
  }
}
