import ArgumentParser
import TutorLessons

/// `--graph 'h = relu(W @ x); L = sum(h^2)'`: a computation to open as a lesson in place
/// of a lesson id; `--set NAME=EXPR` then gives its givens' values.
struct GraphOptions: ParsableArguments {
  static let help = ArgumentHelp(
    "A computation to open as a lesson instead of a lesson id: definitions `name = expr` "
      + "separated by `;`, the last one the loss (a scalar). Names it reads but never "
      + "defines are givens: give them with --set NAME=EXPR; one left out is drawn (whole "
      + "numbers, a seeded draw) when the graph determines its shape.",
    valueName: "DEFINITIONS")

  @Option(name: .customLong("graph"), help: help) var graph: String?
}

extension LessonLookup {
  /// The lesson of `--graph` with the givens of `sets`, loaded as its lesson file would
  /// be, and kept in the state folder for review. A `--graph` or `--set` that cannot be
  /// read is printed with a caret: exit 64; a graph whose shapes do not fit: exit 65.
  static func load(graph: String, sets: [String], state: StateOptions, idPrefix: String = "graph")
    throws -> Lesson
  {
    let spec: GraphSpec
    do {
      spec = try GraphSpec.parse(graph: graph, sets: sets)
    } catch {
      printError("error: " + error.description)
      throw error.isData ? ExitCodes.dataError : ExitCodes.usage
    }
    return try load(spec, state: state, id: spec.id(prefix: idPrefix))
  }

  /// A parsed graph's lesson, kept in the state folder under `id`.
  static func load(_ spec: GraphSpec, state: StateOptions, id: String, title: String? = nil)
    throws -> Lesson
  {
    let (lesson, diagnostics) = spec.lesson(id: id, title: title)
    guard let lesson else {
      for diagnostic in diagnostics { printError(diagnostic.description) }
      throw ExitCodes.dataError
    }
    state.keep(spec.yaml(title: title), id: id)
    return lesson
  }

  /// Lesson `id`, or the `--graph` lesson when one is given (exactly one of the two).
  static func load(
    _ id: String?, graph: GraphOptions, sets: [String], location: LessonsLocation,
    state: StateOptions
  ) throws -> Lesson {
    if let text = graph.graph {
      if let id {
        printError(
          "error: give a lesson id or --graph, not both (`\(id)` and --graph)")
        throw ExitCodes.usage
      }
      return try load(graph: text, sets: sets, state: state)
    }
    guard let id else {
      printError("error: give a lesson id (see `bptutor list`) or --graph 'DEFINITIONS'")
      throw ExitCodes.usage
    }
    return try load(id, location: location, state: state)
  }

  /// Lesson `id` or the `--graph` lesson, bound at the command's variant: a graph's
  /// `--set` values are its givens (the lesson is built from them), a lesson's are
  /// overrides.
  static func bound(
    _ id: String?, graph: GraphOptions, variant: VariantOptions, location: LessonsLocation,
    state: StateOptions
  ) throws -> BoundLesson {
    let loaded = try load(
      id, graph: graph, sets: variant.overrides, location: location, state: state)
    return graph.graph != nil
      ? try bind(loaded, variant: variant.variant) : try bind(loaded, variant: variant)
  }
}
