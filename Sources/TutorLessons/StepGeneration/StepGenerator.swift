import TutorEngine
import TutorMath

/// The steps of a lesson that declares only its computation (`given`, `graph`, `loss`,
/// optionally `train`): each quantity's forward value in graph order, the loss, each
/// loss gradient in reverse order down to the parameters, and with `train` one
/// gradient-descent step per parameter.
///
/// A step's prose comes from its op and the lesson's notation; its hints from the ops'
/// rulebook lines (``Op/rule``, written beside each op); its skills from its ops. Its
/// diagnoses need nothing here: the checker redoes every value step's derivation with
/// each op's catalogued slips (``WrongDerivations``), generated or hand-written alike.
///
/// Earn every value: a step's text and hints show only givens and quantities earlier
/// steps ask for (as placeholders, which ``Concealment`` hides until earned); the asked
/// value appears only in the worked line, shown once the step is solved or revealed.
public enum StepGenerator {
  /// The generated steps of `lesson` (its own `steps` ignored).
  public static func steps(for lesson: Lesson) -> [Step] {
    Generation(lesson).steps()
  }

  /// `generated` with each hand-written step in place of the generated one of the same
  /// id; a hand-written step with a new id follows the hand-written step before it (the
  /// first ones lead), so an author refines a generated lesson one step at a time.
  public static func merge(generated: [Step], written: [Step]) -> [Step] {
    var result = generated
    var insertion = 0
    for step in written {
      if let index = result.firstIndex(where: { $0.id == step.id }) {
        result[index] = step
        insertion = index + 1
      } else {
        result.insert(step, at: insertion)
        insertion += 1
      }
    }
    return result
  }

  /// The givens a generated lesson differentiates down to: `train`'s parameters, else
  /// every given the loss reads except targets and labels (`y`, `t`, `target…`,
  /// `label…`, and givens fed only to `onehot`).
  public static func parameters(of lesson: Lesson) -> [String] {
    if let train = lesson.train { return train.parameters }
    guard let loss = lesson.loss?.text else { return [] }
    let reached = Generation(lesson).ancestors(of: loss)
    return lesson.givens.map(\.name).filter { name in
      guard reached.contains(name), !isTarget(name) else { return false }
      return !Generation(lesson).feedsOnlyLabels(name)
    }
  }

  static func isTarget(_ name: String) -> Bool {
    let lower = name.lowercased()
    let stem = lower.trimmingCharacters(in: "0123456789_")
    return ["y", "t", "target", "targets", "label", "labels", "ids", "eta", "lr"].contains(stem)
      || lower.hasPrefix("target") || lower.hasPrefix("label")
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var text = Substring(self)
    while let last = text.last, set.contains(last) { text = text.dropLast() }
    return String(text)
  }
}

/// One lesson's generation: its definitions parsed once.
private struct Generation {
  let lesson: Lesson
  let definitions: [(name: String, expr: Expr, location: SourceLocation)]
  let givenNames: Set<String>

  init(_ lesson: Lesson) {
    self.lesson = lesson
    definitions = lesson.graph.compactMap { definition in
      (try? definition.expression.expr()).map { (definition.name, $0, definition.location) }
    }
    givenNames = Set(lesson.givens.map(\.name))
  }

  var loss: String? { lesson.loss?.text }

  func tex(_ name: String) -> String { lesson.tex(for: name) }

  /// Every name `name` is computed from (itself included).
  func ancestors(of name: String) -> Set<String> {
    var seen: Set<String> = [name]
    var stack = [name]
    while let next = stack.popLast() {
      guard let definition = definitions.first(where: { $0.name == next }) else { continue }
      for read in definition.expr.names where seen.insert(read).inserted { stack.append(read) }
    }
    return seen
  }

  /// Whether every use of `name` is as the labels of a `onehot` (no gradient reaches it).
  func feedsOnlyLabels(_ name: String) -> Bool {
    var uses = 0
    var labelUses = 0
    func visit(_ expr: Expr, inLabels: Bool) {
      if case .name(let read) = expr.kind, read == name {
        uses += 1
        if inLabels { labelUses += 1 }
      }
      if case .call(let function, let arguments, _) = expr.kind,
        function == "onehot" || function == "lookup"
      {
        for (index, argument) in arguments.enumerated() {
          visit(
            argument.value,
            inLabels: inLabels || (function == "onehot" ? index == 0 : index == 1))
        }
        return
      }
      for sub in expr.subexpressions { visit(sub, inLabels: inLabels) }
    }
    for definition in definitions { visit(definition.expr, inLabels: false) }
    return uses > 0 && uses == labelUses
  }

  /// The definitions that read `name`, in graph order.
  func consumers(of name: String) -> [(name: String, expr: Expr, location: SourceLocation)] {
    definitions.filter { $0.expr.names.contains(name) }
  }

  func steps() -> [Step] {
    var steps: [Step] = []
    for definition in definitions {
      steps.append(forward(definition))
    }
    guard let loss, definitions.contains(where: { $0.name == loss }) else { return steps }
    let reached = ancestors(of: loss)
    let parameters = StepGenerator.parameters(of: lesson)
    var done: Set<String> = [loss]
    func addParameters() {
      for parameter in parameters where !done.contains(parameter) {
        let users = consumers(of: parameter).map(\.name).filter(reached.contains)
        guard !users.isEmpty, users.allSatisfy(done.contains) else { continue }
        done.insert(parameter)
        steps.append(backward(parameter))
      }
    }
    for definition in definitions.reversed() where definition.name != loss {
      guard reached.contains(definition.name) else { continue }
      done.insert(definition.name)
      steps.append(backward(definition.name))
      addParameters()
    }
    addParameters()
    if let train = lesson.train {
      for parameter in train.parameters where done.contains(parameter) {
        steps.append(update(parameter, rate: train.rate))
      }
    }
    return steps
  }

  // MARK: - Forward

  func forward(_ definition: (name: String, expr: Expr, location: SourceLocation)) -> Step {
    let name = definition.name
    let isLoss = name == loss
    let ops = ExprOps.ops(definition.expr)
    let formula = ExprOps.tex(definition.expr, tex)
    let inputs = definition.expr.names.filter { $0 != name }
    let shown = inputs.map { "$\(tex($0)) = {\($0)}$" }
    var text = isLoss ? "The loss is " : "Compute "
    text += "$\(tex(name)) = \(formula)$"
    if !shown.isEmpty { text += " with " + Self.list(shown) }
    text += isLoss ? ". Compute it." : "."
    var hints: [String] = []
    let order = ops.reversed().map { Self.forwardPhrase($0) }
    if order.count > 1 {
      hints.append("Work from the inside out: " + order.joined(separator: ", then ") + ".")
    } else if let only = order.first {
      hints.append("It is " + only + ".")
    } else {
      hints.append("Read the value off the definition.")
    }
    if ops.contains(where: { $0 == .matmul }) {
      hints.append("Entry (i, j) of A B is row i of A dotted with column j of B.")
    }
    hints.append(
      "Type a matrix row by row, `;` between rows: `[a, b; c, d]` with numbers for a, b, c, d.")
    let worked = "$\(tex(name)) = \(formula) = {\(name)}$"
    var step = makeStep(
      id: name, title: isLoss ? "The loss \(name)" : Self.forwardTitle(ops, name),
      text: text, hints: hints, worked: worked, ask: name, at: definition.location)
    step.skills = ExprOps.skills(ops, backward: false, isLoss: isLoss)
    return step
  }

  static func forwardTitle(_ ops: [Op], _ name: String) -> String {
    switch ops.first?.kind {
    case .matmul?: return "The product \(name)"
    case .relu?, .sigmoid?, .tanh?, .exp?, .log?, .sqrt?, .abs?, .sign?:
      return "The activation \(name)"
    case .sum?, .mean?, .reduce?: return "The reduction \(name)"
    case .softmax?, .softmaxAlong?: return "The softmax \(name)"
    default: return "The value \(name)"
    }
  }

  static func forwardPhrase(_ op: Op) -> String {
    switch op {
    case .add: return "add (entry by entry, broadcasting)"
    case .subtract: return "subtract (entry by entry)"
    case .multiply: return "multiply entry by entry (⊙)"
    case .divide: return "divide entry by entry"
    case .power: return "raise to the power"
    case .negate: return "negate"
    case .matmul: return "take the matrix product (rows times columns)"
    case .transpose: return "transpose"
    case .relu: return "apply ReLU: keep positive entries, set the others to 0"
    case .sigmoid: return "apply σ(a) = 1/(1 + e⁻ᵃ) to each entry"
    case .tanh: return "apply tanh to each entry"
    case .exp: return "take eᵃ of each entry"
    case .log: return "take the natural logarithm of each entry"
    case .sqrt: return "take the square root of each entry"
    case .abs: return "take |a| of each entry"
    case .sign: return "take the sign of each entry"
    case .sum: return "add up all the entries"
    case .mean: return "average all the entries"
    case .reduce(let reduction, _):
      return "take the \(reduction.rawValue) along the dimension asked"
    case .softmax, .softmaxAlong: return "exponentiate and divide by the sum (softmax)"
    case .maximum: return "take the larger of the two, entry by entry"
    case .minimum: return "take the smaller of the two, entry by entry"
    case .crossEntropy: return "sum −t ln z over the entries"
    case .pNormPower: return "sum |w|ᵖ over the entries"
    default: return "apply \(op.name)"
    }
  }

  // MARK: - Backward

  func backward(_ name: String) -> Step {
    guard let loss else { preconditionFailure("a backward step needs a loss") }
    let users = consumers(of: name).filter { ancestors(of: loss).contains($0.name) }
    let gradient = "\\frac{\\partial \(tex(loss))}{\\partial \(tex(name))}"
    let location =
      definitions.first { $0.name == name }?.location
      ?? lesson.givens.first { $0.name == name }?.location ?? SourceLocation(line: 1, column: 1)
    var text = "Backpropagate: compute $\(gradient)$, shaped like $\(tex(name))$."
    var hints: [String] = []
    var ops: [Op] = []
    for user in users {
      let formula = ExprOps.tex(user.expr, tex)
      text += " $\(tex(name))$ enters $\(tex(user.name)) = \(formula)$"
      if user.name == loss {
        text += ", the loss itself."
      } else {
        text +=
          "; its gradient $\\frac{\\partial \(tex(loss))}{\\partial \(tex(user.name))}"
          + " = {grad(\(loss), \(user.name))}$ is upstream."
      }
      for op in ExprOps.ops(user.expr) where !ops.contains(op) { ops.append(op) }
    }
    let others = users.flatMap { $0.expr.names }.filter {
      $0 != name && !users.map(\.name).contains($0)
    }
    var seen: [String] = []
    for other in others where !seen.contains(other) { seen.append(other) }
    if !seen.isEmpty {
      text += " Here " + Self.list(seen.map { "$\(tex($0)) = {\($0)}$" }) + "."
    }
    if users.count > 1 {
      hints.append(
        "$\(tex(name))$ feeds \(users.count) quantities: add the gradient along each path.")
    }
    for op in ops where !op.isLeaf {
      hints.append("Rulebook, \(Self.opTitle(op)): \(op.rule).")
    }
    hints.append(
      "Chain rule: the upstream gradient times the local derivative, summed over the paths; "
        + "the result has the shape of $\(tex(name))$.")
    let worked = "$\(gradient) = {grad(\(loss), \(name))}$"
    let isParameter = givenNames.contains(name)
    var step = makeStep(
      id: "d\(loss)-d\(name)",
      title: isParameter ? "The gradient of the parameter \(name)" : "Back to \(name)",
      text: text, hints: hints, worked: worked, ask: "grad(\(loss), \(name))", at: location)
    step.skills = ExprOps.skills(ops, backward: true, isLoss: false)
    if let train = lesson.train, isParameter { step.learningRate = train.rate }
    return step
  }

  static func opTitle(_ op: Op) -> String {
    switch op {
    case .add: return "sum"
    case .subtract: return "difference"
    case .multiply: return "entry-wise product"
    case .divide: return "quotient"
    case .power: return "power"
    case .matmul: return "matrix product"
    default: return op.name
    }
  }

  // MARK: - Update

  func update(_ parameter: String, rate: LessonExpression) -> Step {
    guard let loss else { preconditionFailure("an update needs a loss") }
    let gradient = "\\frac{\\partial \(tex(loss))}{\\partial \(tex(parameter))}"
    let rateText = rate.text
    let rateTeX = (try? rate.expr()).map { ExprOps.tex($0, tex) } ?? rateText
    let location = lesson.train?.location ?? SourceLocation(line: 1, column: 1)
    var step = makeStep(
      id: "update-\(parameter)", title: "One step of gradient descent on \(parameter)",
      text: "With learning rate $\(rateTeX) = {\(rateText)}$, take one step of gradient descent: "
        + "$\(tex(parameter)) \\leftarrow \(tex(parameter)) - \(rateTeX) \\, \(gradient)$.",
      hints: [
        "Gradient descent moves against the gradient: subtract the rate times the gradient.",
        "The gradient is $\(gradient) = {grad(\(loss), \(parameter))}$ and the weights are "
          + "$\(tex(parameter)) = {\(parameter)}$.",
      ],
      worked: "$\(tex(parameter)) - \(rateTeX) \\, \(gradient) = {\(parameter) - (\(rateText)) "
        + "* grad(\(loss), \(parameter))}$",
      ask: "\(parameter) - (\(rateText)) * grad(\(loss), \(parameter))", at: location)
    step.skills = ["sgd-update"]
    step.learningRate = rate
    step.options.relativeTolerance = 1e-4
    return step
  }

  // MARK: - Parts

  func makeStep(
    id: String, title: String, text: String, hints: [String], worked: String, ask: String,
    at location: SourceLocation
  ) -> Step {
    func prose(_ text: String) -> Prose { Prose(Located(text, at: location)) }
    var step = Step(
      id: id, title: title, text: prose(text), display: nil,
      question: .value(LessonExpression(Located(ask, at: location))), options: CheckOptions(),
      hints: hints.map(prose), mistakes: [], worked: prose(worked), location: location)
    step.accept = .numbers
    return step
  }

  static func list(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
  }
}
