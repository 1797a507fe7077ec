import ArgumentParser
import TutorEngine
import TutorLessons
import TutorMath

/// `bptutor values`: every value the engine computes for a lesson.
struct ValuesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "values", _superCommandName: "bptutor",
    abstract: "Print every node's value (and loss gradient) and every step's expected answer.",
    discussion: """
      With --json: {"lesson", "variant", "nodes": [{name, kind, shape, value, gradient}], \
      "steps": [{id, kind, expected}]}. Shapes are arrays ([] for a scalar); values are \
      nested row-major arrays (a bare number for a scalar); a numeric expected answer is \
      {shape, value}; a formula is {formula, variables}; a choice is the right option's \
      number (1-based).
      """)

  @Argument(help: "The lesson id (see `bptutor list`); or give --graph instead.")
  var lesson: String?

  @OptionGroup var graph: GraphOptions
  @OptionGroup var state: StateOptions

  @OptionGroup var variant: VariantOptions

  @Flag(help: "Print JSON.")
  var json = false

  @OptionGroup var location: LessonsLocation
  @OptionGroup var output: OutputOptions

  func run() throws {
    let bound = try LessonLookup.bound(
      lesson, graph: graph, variant: variant, location: location, state: state)
    let loaded = bound.lesson
    var nodes: [JSONValue] = []
    var lines: [String] = []
    for name in bound.names {
      guard let value = bound.value(of: name) else { continue }
      let kind = loaded.givens.contains { $0.name == name } ? "given" : "quantity"
      // Only the form asked for is built: a million-entry matrix is formatted once.
      guard json else {
        var line = "\(name) = \(Self.shown(value))"
        if let gradient = bound.lossGradients[name] {
          let label = bound.gradientTeX(of: name).map {
            MathRenderer.inline($0, style: output.style)
          }
          line += "    \(label ?? "gradient") = \(Self.shown(gradient))"
        }
        lines.append(line)
        continue
      }
      var pairs: [(String, JSONValue)] = [
        ("name", .string(name)), ("kind", .string(kind)),
        ("shape", .array(value.shape.map { .number(Double($0)) })), ("value", .values(value)),
      ]
      if let gradient = bound.lossGradients[name] {
        pairs.append(("gradient", .values(gradient)))
      }
      nodes.append(.object(pairs))
    }
    var steps: [JSONValue] = []
    lines.append("")
    for (index, step) in loaded.steps.enumerated() {
      let expectation: Expectation
      do {
        expectation = try bound.expectation(forStep: index)
      } catch {
        for diagnostic in error.diagnostics { printError(diagnostic.description) }
        throw ExitCode.failure
      }
      switch (step.question, expectation) {
      case (.choice, .value(let right)):
        steps.append(
          .object([
            ("id", .string(step.id)), ("kind", .string("choice")), ("expected", .values(right)),
          ]))
        lines.append("\(step.id): option \(Self.shown(right))")
      case (_, .value(let value)):
        steps.append(
          .object([
            ("id", .string(step.id)), ("kind", .string("value")), ("expected", .tensor(value)),
          ]))
        lines.append("\(step.id): \(Self.shown(value))")
      case (_, .formula(let formula)):
        let variables = formula.variables.map { variable -> (String, JSONValue) in
          (
            variable.name,
            .object([
              (
                "range",
                .array([.number(variable.domain.lowerBound), .number(variable.domain.upperBound)])
              ),
              ("shape", .array(variable.shape.map { .number(Double($0)) })),
            ])
          )
        }
        steps.append(
          .object([
            ("id", .string(step.id)), ("kind", .string("formula")),
            (
              "expected",
              .object([("formula", .string(formula.source)), ("variables", .object(variables))])
            ),
          ]))
        lines.append("\(step.id): \(formula.source)")
      }
    }
    if json {
      Output.print(
        JSONValue.object([
          ("lesson", .string(loaded.id)), ("variant", .number(Double(variant.variant))),
          ("nodes", .array(nodes)), ("steps", .array(steps)),
        ]).serialized, style: output.style)
    } else {
      Output.print(lines, style: output.style)
    }
  }

  /// The most entries printed in plain text; a larger value is summarised (its shape,
  /// smallest and largest entry) and `--json` prints it whole.
  static let maxShownEntries = 400

  /// A value as one line: inline, or a summary when it is large.
  static func shown(_ value: Tensor) -> String {
    guard value.count > maxShownEntries else { return TensorFormat.inline(value) }
    let shape = value.shape.map(String.init).joined(separator: "×")
    let low = value.scalars.min() ?? .nan
    let high = value.scalars.max() ?? .nan
    return "(\(shape), \(value.count) entries from \(NumberFormat.string(low)) to "
      + "\(NumberFormat.string(high)); --json prints them all)"
  }
}
