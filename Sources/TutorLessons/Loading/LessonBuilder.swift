import TutorEngine
import TutorMath
import TutorProgress
import Yams

/// Turns a composed YAML tree into a ``Lesson``, checking keys and types.
struct LessonBuilder {
  var reader: YAMLReader
  let id: String
  let path: String
  /// Each distinct expression text of the file is parsed once.
  private var memo = ParseMemo()

  init(reader: YAMLReader, id: String, path: String) {
    (self.reader, self.id, self.path) = (reader, id, path)
  }

  /// An expression of the file, parsed (once per distinct text).
  private mutating func lessonExpression(_ source: Located) -> LessonExpression {
    LessonExpression(source, parsed: memo.parse(source.text))
  }

  /// Prose of the file, its placeholders parsed (once per distinct text).
  private mutating func lessonProse(_ source: Located, isDisplay: Bool = false) -> Prose {
    Prose(source, isDisplay: isDisplay, memo: &memo)
  }

  /// The keys of a lesson file's top level, read in ``build(_:)``.
  static let topKeys = (
    required: ["version", "title", "summary", "source", "given", "graph", "steps"],
    optional: ["notation", "loss", "train", "generate"]
  )
  /// The keys a lesson without `steps` needs: its steps are generated from the graph
  /// (``StepGenerator``), and the title, summary and source default to the graph's.
  static let generatedKeys = (
    required: ["given", "graph"],
    optional: ["version", "title", "summary", "source", "notation", "loss", "train", "generate"]
  )
  /// The keys of a step, read in ``buildStep(_:)``: a new field is one more key here.
  static let stepKeys = (
    required: ["id", "title", "text", "hints"],
    optional: [
      "display", "ask", "formula", "variables", "agrees", "choices", "tolerance", "exact_shape",
      "learning_rate", "mistakes", "worked", "accept", "skills",
    ]
  )

  /// The lesson, or nil when the file has errors (all of them in the diagnostics).
  mutating func build(_ root: Node) -> (lesson: Lesson?, diagnostics: [LessonDiagnostic]) {
    var written = true
    if case .mapping(let pairs) = root { written = pairs.contains { $0.key.string == "steps" } }
    let keys = written ? Self.topKeys : Self.generatedKeys
    guard
      let top = reader.mapping(
        root, what: "the lesson", required: keys.required, optional: keys.optional)
    else { return (nil, reader.diagnostics) }

    var version = written ? 0 : LessonLoader.formatVersion
    if let node = top["version"]?.value, let value = reader.integer(node, what: "`version`") {
      version = value
      if value != LessonLoader.formatVersion {
        reader.error(
          "format version \(value) is not supported; this bptutor reads version "
            + "\(LessonLoader.formatVersion)", at: node)
      }
    }
    let title = top["title"].flatMap { reader.string($0.value, what: "`title`") } ?? ""
    let summary = top["summary"].flatMap { reader.string($0.value, what: "`summary`") } ?? ""
    let source = top["source"].flatMap { reader.string($0.value, what: "`source`") } ?? ""

    var notation: [(name: String, tex: String)] = []
    if let node = top["notation"]?.value {
      for pair in reader.namedPairs(node, what: "`notation`") {
        if let tex = reader.located(pair.value, what: "the notation of `\(pair.name)`") {
          notation.append((pair.name, tex.text))
        }
      }
    }
    var givens: [Given] = []
    if let node = top["given"]?.value {
      let pairs = reader.namedPairs(node, what: "`given`")
      capped(pairs, at: LessonLoader.maxGivens, what: "givens")
      for pair in pairs.prefix(LessonLoader.maxGivens) {
        if let given = buildGiven(pair.name, key: pair.key, value: pair.value) {
          givens.append(given)
        }
      }
    }
    var graph: [Definition] = []
    if let node = top["graph"]?.value {
      let pairs = reader.namedPairs(node, what: "`graph`")
      capped(pairs, at: LessonLoader.maxDefinitions, what: "quantities in `graph`")
      for pair in pairs.prefix(LessonLoader.maxDefinitions) {
        guard let expression = reader.located(pair.value, what: "the expression of `\(pair.name)`")
        else { continue }
        graph.append(
          Definition(
            name: pair.name, expression: lessonExpression(expression),
            location: reader.location(of: pair.key) ?? SourceLocation(line: 1, column: 1)))
      }
    }
    let loss = top["loss"].flatMap { reader.located($0.value, what: "`loss`") }
      .map { lessonExpression($0) }
    var steps: [Step] = []
    if let node = top["steps"]?.value, let list = reader.sequence(node, what: "`steps`") {
      if list.count > LessonLoader.maxSteps {
        reader.error(
          "a lesson has at most \(LessonLoader.maxSteps) steps; this is step \(LessonLoader.maxSteps + 1)",
          at: list[LessonLoader.maxSteps], note: "split it into several lessons")
      }
      for item in list.prefix(LessonLoader.maxSteps) {
        if let step = buildStep(item) { steps.append(step) }
      }
      if list.isEmpty { reader.error("a lesson needs at least one step", at: node) }
    }
    let train = top["train"].flatMap { buildTraining($0.value, givens: givens, loss: loss) }
    var generate = !written
    if let field = top["generate"], let value = reader.bool(field.value, what: "`generate`") {
      generate = value
      if !value, !written {
        reader.error(
          "a lesson without `steps` is generated; `generate: false` leaves it none",
          at: field.key, note: "write `steps`, or remove `generate`")
      }
    }
    if reader.diagnostics.contains(where: { $0.severity == .error }) {
      return (nil, reader.diagnostics)
    }
    var lesson = Lesson(
      id: id, path: path, version: version,
      title: top["title"] == nil ? Self.generatedTitle(graph: graph, loss: loss) : title,
      summary: top["summary"] == nil ? Self.generatedSummary(graph: graph, loss: loss) : summary,
      source: top["source"] == nil ? "generated from its graph" : source,
      notation: notation, givens: givens, graph: graph, loss: loss, steps: steps)
    lesson.train = train
    if generate {
      lesson.steps = StepGenerator.merge(
        generated: StepGenerator.steps(for: lesson), written: steps)
      if lesson.steps.isEmpty {
        reader.error("the graph defines nothing to ask; add a quantity to `graph`", at: root)
        return (nil, reader.diagnostics)
      }
    }
    return (lesson, reader.diagnostics)
  }

  /// A generated lesson's title: its graph, written out.
  static func generatedTitle(graph: [Definition], loss: LessonExpression?) -> String {
    let last = graph.last.map { "\($0.name) = \($0.expression.text)" } ?? "a computation"
    return graph.count > 1
      ? "The computation of \(loss?.text ?? graph.last?.name ?? "it")"
      : last
  }

  /// A generated lesson's summary: its definitions in order.
  static func generatedSummary(graph: [Definition], loss: LessonExpression?) -> String {
    "Forward and back through "
      + graph.map { "\($0.name) = \($0.expression.text)" }.joined(separator: "; ")
      + (loss.map { ", down from the loss \($0.text)." } ?? ".")
  }

  /// An error at the first name past `limit`, if there is one.
  private mutating func capped(
    _ pairs: [(key: Node, name: String, value: Node)], at limit: Int, what: String
  ) {
    guard pairs.count > limit else { return }
    reader.error(
      "a lesson declares at most \(limit) \(what); `\(pairs[limit].name)` is one too many "
        + "(\(pairs.count) in all)",
      at: pairs[limit].key,
      note: "lessons are worked by hand; split this one into several")
  }

  // MARK: - Training

  /// `train: {parameters: [W1, W2], rate: eta, steps: 100}`: parameters must be givens,
  /// the lesson must have a loss, steps 1 to ``LessonLoader/maxTrainingSteps``.
  private mutating func buildTraining(_ node: Node, givens: [Given], loss: LessonExpression?)
    -> Training?
  {
    guard
      let fields = reader.mapping(
        node, what: "`train`", required: ["parameters", "rate"], optional: ["steps"])
    else { return nil }
    if loss == nil { reader.error("`train` needs a `loss` to descend", at: node) }
    var parameters: [String] = []
    if let list = fields["parameters"].flatMap({ reader.sequence($0.value, what: "`parameters`") })
    {
      for item in list {
        guard let name = reader.string(item, what: "a parameter") else { continue }
        if givens.contains(where: { $0.name == name }) {
          parameters.append(name)
        } else {
          reader.error(
            "`\(name)` is not a given; `train` updates givens", at: item,
            note: Suggestion.didYouMean(name, among: givens.map(\.name)))
        }
      }
      if list.isEmpty, let node = fields["parameters"]?.value {
        reader.error("`parameters` lists at least one given", at: node)
      }
    }
    guard let rate = fields["rate"].flatMap({ reader.located($0.value, what: "`rate`") }) else {
      return nil
    }
    var steps = 100
    if let node = fields["steps"]?.value, let value = reader.integer(node, what: "`steps`") {
      if value >= 1, value <= LessonLoader.maxTrainingSteps {
        steps = value
      } else {
        reader.error("`steps` is 1 to \(LessonLoader.maxTrainingSteps)", at: node)
      }
    }
    return Training(
      parameters: parameters, rate: lessonExpression(rate), steps: steps,
      location: reader.location(of: node) ?? SourceLocation(line: 1, column: 1))
  }

  // MARK: - Givens

  private mutating func buildGiven(_ name: String, key: Node, value: Node) -> Given? {
    let location = reader.location(of: key) ?? SourceLocation(line: 1, column: 1)
    if case .mapping = value {
      guard
        let fields = reader.mapping(
          value, what: "the given `\(name)`", required: ["value"],
          optional: ["range", "step", "fixed"])
      else { return nil }
      guard let expression = fields["value"].flatMap({ reader.located($0.value, what: "`value`") })
      else { return nil }
      let range = fields["range"].flatMap { reader.interval($0.value, what: "`range`") }
      var step = 1.0
      if let node = fields["step"]?.value, let value = reader.number(node, what: "`step`") {
        if value > 0 { step = value } else { reader.error("`step` must be positive", at: node) }
      }
      var isFixed = false
      if let field = fields["fixed"], let value = reader.bool(field.value, what: "`fixed`") {
        isFixed = value
        if value, fields["range"] != nil {
          reader.error(
            "a fixed given has no `range`: variants would change the number the prose states",
            at: field.key, note: "remove `range`, or `fixed: true`")
        }
      }
      var given = Given(
        name: name, expression: lessonExpression(expression), range: range, step: step,
        location: location)
      given.isFixed = isFixed
      return given
    }
    guard let expression = reader.located(value, what: "the value of `\(name)`") else { return nil }
    return Given(
      name: name, expression: lessonExpression(expression), range: nil, step: 1,
      location: location)
  }

  // MARK: - Steps

  private mutating func buildStep(_ node: Node) -> Step? {
    let keys = Self.stepKeys
    guard
      let fields = reader.mapping(
        node, what: "a step", required: keys.required, optional: keys.optional)
    else { return nil }
    let location = reader.location(of: node) ?? SourceLocation(line: 1, column: 1)
    let id = fields["id"].flatMap { reader.string($0.value, what: "the step `id`") } ?? ""
    if let idNode = fields["id"]?.value, !id.isEmpty,
      !YAMLReader.isWord(id, others: ["-", "_"])
    {
      reader.error("a step id is letters, digits, - and _", at: idNode)
    }
    let title = fields["title"].flatMap { reader.string($0.value, what: "`title`") } ?? ""
    let text = fields["text"].flatMap { reader.located($0.value, what: "`text`") }.map {
      lessonProse($0)
    }
    let display = fields["display"].flatMap { reader.located($0.value, what: "`display`") }
      .map { lessonProse($0, isDisplay: true) }
    let worked = fields["worked"].flatMap { reader.located($0.value, what: "`worked`") }
      .map { lessonProse($0) }
    if fields["worked"] == nil {
      reader.error(
        "step `\(id)` has no `worked` line; reveal and replay show it",
        at: reader.location(of: node),
        note:
          "add one, such as `worked: $y = W x = {y}$` (for a choice: why the right option is right)"
      )
    }

    var hints: [Prose] = []
    if let hintNode = fields["hints"]?.value,
      let list = reader.sequence(hintNode, what: "`hints`")
    {
      for item in list {
        if let hint = reader.located(item, what: "a hint") { hints.append(lessonProse(hint)) }
      }
      if hints.isEmpty { reader.error("every step needs at least one hint", at: hintNode) }
    }
    var options = CheckOptions()
    if let node = fields["tolerance"]?.value,
      let tolerance = reader.mapping(
        node, what: "`tolerance`", required: [], optional: ["relative", "absolute"])
    {
      if let value = tolerance["relative"].flatMap({ reader.number($0.value, what: "`relative`") })
      {
        options.relativeTolerance = value
      }
      if let value = tolerance["absolute"].flatMap({ reader.number($0.value, what: "`absolute`") })
      {
        options.absoluteTolerance = value
      }
    }
    if let node = fields["exact_shape"]?.value,
      let value = reader.bool(node, what: "`exact_shape`")
    {
      options.exactShape = value
    }
    var learningRate: LessonExpression?
    if let node = fields["learning_rate"]?.value {
      learningRate = reader.located(node, what: "`learning_rate`").map { lessonExpression($0) }
    }
    var accept = Accept.expressions
    if let node = fields["accept"]?.value, let text = reader.string(node, what: "`accept`") {
      if let value = Accept(rawValue: text) {
        accept = value
      } else {
        reader.error(
          "`accept` is `numbers` or `expressions`, not `\(text)`", at: node,
          note: Suggestion.didYouMean(text, among: Accept.allCases.map(\.rawValue)))
      }
      if fields["ask"] == nil, let key = fields["accept"]?.key {
        reader.error("`accept` belongs to an `ask` step", at: key)
      }
    }
    var mistakes: [Mistake] = []
    if let node = fields["mistakes"]?.value, let list = reader.sequence(node, what: "`mistakes`") {
      for item in list {
        guard
          let mistake = reader.mapping(
            item, what: "a mistake", required: ["answer", "message"], optional: [])
        else { continue }
        if let answer = mistake["answer"].flatMap({ reader.located($0.value, what: "`answer`") }),
          let message = mistake["message"].flatMap({ reader.located($0.value, what: "`message`") })
        {
          mistakes.append(Mistake(answer: lessonExpression(answer), message: lessonProse(message)))
        }
      }
    }
    guard let question = buildQuestion(fields, at: node) else { return nil }
    guard let text, let worked else { return nil }
    var step = Step(
      id: id, title: title, text: text, display: display, question: question, options: options,
      hints: hints, mistakes: mistakes, worked: worked, location: location)
    step.learningRate = learningRate
    step.accept = accept
    step.skills = buildSkills(fields["skills"]?.value)
    return step
  }

  /// `skills: [relu-mask, matmul-backward]`: names from ``Skill/all``.
  private mutating func buildSkills(_ node: Node?) -> [String] {
    guard let node, let list = reader.sequence(node, what: "`skills`") else { return [] }
    var skills: [String] = []
    for item in list {
      guard let name = reader.string(item, what: "a skill") else { continue }
      if Skill.named(name) == nil {
        reader.error(
          "unknown skill `\(name)`", at: item,
          note: Suggestion.didYouMean(name, among: Skill.ids)
            ?? "the skills are listed in lessons/README.md")
      } else if !skills.contains(name) {
        skills.append(name)
      }
    }
    if list.isEmpty { reader.error("`skills` names at least one skill", at: node) }
    return skills
  }

  private mutating func buildQuestion(
    _ fields: [String: (key: Node, value: Node)], at node: Node
  ) -> Question? {
    let kinds = ["ask", "formula", "choices"].filter { fields[$0] != nil }
    guard kinds.count == 1 else {
      reader.error(
        kinds.isEmpty
          ? "a step needs what it asks: `ask` (an expression), `formula`, or `choices`"
          : "a step asks one thing; it has " + kinds.map { "`\($0)`" }.joined(separator: " and "),
        at: reader.location(of: node))
      return nil
    }
    for key in ["variables", "agrees"] where fields[key] != nil && kinds[0] != "formula" {
      reader.error("`\(key)` belongs to a `formula` step", at: fields[key]?.key ?? node)
    }
    switch kinds[0] {
    case "ask":
      return fields["ask"].flatMap { reader.located($0.value, what: "`ask`") }
        .map { Question.value(lessonExpression($0)) }
    case "formula":
      guard
        let reference = fields["formula"].flatMap({ reader.located($0.value, what: "`formula`") })
      else { return nil }
      var variables: [Formula.Variable] = []
      if let variablesNode = fields["variables"]?.value {
        for pair in reader.namedPairs(variablesNode, what: "`variables`") {
          if case .mapping = pair.value {
            guard
              let spec = reader.mapping(
                pair.value, what: "the variable `\(pair.name)`", required: ["range"],
                optional: ["shape", "whole"]),
              let range = spec["range"].flatMap({ reader.interval($0.value, what: "`range`") })
            else { continue }
            var shape: [Int] = []
            if let shapeNode = spec["shape"]?.value,
              let list = reader.sequence(shapeNode, what: "`shape`")
            {
              shape = list.compactMap { reader.integer($0, what: "a shape extent") }
            }
            let whole = spec["whole"].flatMap { reader.bool($0.value, what: "`whole`") } ?? false
            variables.append(Formula.Variable(pair.name, in: range, shape: shape, whole: whole))
          } else if let range = reader.interval(pair.value, what: "the domain of `\(pair.name)`") {
            variables.append(Formula.Variable(pair.name, in: range))
          }
        }
      } else {
        reader.error(
          "a `formula` step needs `variables` with their domains",
          at: fields["formula"]?.key ?? node)
      }
      var agreement: Agreement?
      if let agreesNode = fields["agrees"]?.value,
        let spec = reader.mapping(
          agreesNode, what: "`agrees`", required: ["value", "at"], optional: [])
      {
        if let value = spec["value"].flatMap({ reader.located($0.value, what: "`value`") }),
          let at = spec["at"]?.value
        {
          var bindings: [(name: String, expression: LessonExpression)] = []
          for pair in reader.namedPairs(at, what: "`at`") {
            if let expression = reader.located(pair.value, what: "the value of `\(pair.name)`") {
              bindings.append((pair.name, lessonExpression(expression)))
            }
          }
          agreement = Agreement(value: lessonExpression(value), bindings: bindings)
        }
      }
      return .formula(
        reference: lessonExpression(reference), variables: variables, agreement: agreement)
    default:
      guard let list = fields["choices"].flatMap({ reader.sequence($0.value, what: "`choices`") })
      else { return nil }
      var choices: [Choice] = []
      for item in list {
        guard
          let spec = reader.mapping(
            item, what: "a choice", required: ["text"], optional: ["correct", "feedback"]),
          let text = spec["text"].flatMap({ reader.located($0.value, what: "`text`") })
        else { continue }
        let correct = spec["correct"].flatMap { reader.bool($0.value, what: "`correct`") } ?? false
        let feedback = spec["feedback"].flatMap { reader.located($0.value, what: "`feedback`") }
        choices.append(
          Choice(
            text: lessonProse(text), isCorrect: correct, feedback: feedback.map { lessonProse($0) })
        )
      }
      let right = choices.filter(\.isCorrect).count
      if right != 1, let choicesNode = fields["choices"]?.value {
        reader.error(
          "a choice question needs exactly one option with `correct: true`; it has \(right)",
          at: choicesNode)
      }
      return .choice(choices)
    }
  }
}
