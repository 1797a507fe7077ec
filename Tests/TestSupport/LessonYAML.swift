/// A lesson file's text, built from its parts, for tests that need a small valid lesson
/// (or one with a single field wrong): `LessonYAML(given: [("x", "3")], graph: [("y", "x^2")])`
/// with one step asking the last graph quantity unless steps are given.
///
/// Fields come out in the order lessons are written (version, title, summary, source,
/// given, graph, loss, train, steps), one per line, so a test can count lines in it.
public struct LessonYAML: CustomStringConvertible {
  /// One step of the lesson.
  public struct Step {
    public var id: String
    public var ask: String
    public var title: String
    public var text: String
    public var skills: [String]
    public var hints: [String]
    public var worked: String

    public init(
      id: String, ask: String, title: String? = nil, text: String = "Compute.",
      skills: [String] = ["chain-rule-scalar"], hints: [String] = ["Add."],
      worked: String = "Add them."
    ) {
      self.id = id
      self.ask = ask
      self.title = title ?? id.uppercased()
      self.text = text
      self.skills = skills
      self.hints = hints
      self.worked = worked
    }
  }

  public var title = "T"
  public var summary = "S"
  public var source = "test"
  /// `name: value` lines under `given:`, in order (the value as YAML writes it).
  public var given: [(String, String)]
  /// `name: expression` lines under `graph:`, in order.
  public var graph: [(String, String)]
  public var loss: String?
  /// The `train:` value, as YAML (`{parameters: [w], rate: 0.1}`).
  public var train: String?
  public var steps: [Step]

  public init(
    title: String = "T", summary: String = "S", source: String = "test",
    given: [(String, String)], graph: [(String, String)], loss: String? = nil,
    train: String? = nil, steps: [Step]? = nil
  ) {
    self.title = title
    self.summary = summary
    self.source = source
    self.given = given
    self.graph = graph
    self.loss = loss
    self.train = train
    self.steps = steps ?? [Step(id: "a", ask: graph.first?.0 ?? given.first?.0 ?? "x")]
  }

  /// The file's text, ending in a line break.
  public var description: String {
    var lines = ["version: 1", "title: \(title)", "summary: \(summary)", "source: \(source)"]
    lines.append("given:")
    lines += given.map { "  \($0.0): \($0.1)" }
    lines.append("graph:")
    lines += graph.map { "  \($0.0): \($0.1)" }
    if let loss { lines.append("loss: \(loss)") }
    if let train { lines.append("train: \(train)") }
    lines.append("steps:")
    for step in steps {
      lines += [
        "  - id: \(step.id)", "    title: \(step.title)",
        "    skills: [\(step.skills.joined(separator: ", "))]", "    text: \(step.text)",
        "    ask: \(step.ask)", "    hints:",
      ]
      lines += step.hints.map { "      - \($0)" }
      lines.append("    worked: \(step.worked)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
