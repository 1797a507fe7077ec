import TutorEngine

extension Evaluator {
  /// Every function of the language, in the order `bptutor eval --help` lists them.
  /// Calls are checked against this table and built from it.
  /// The op families declare theirs beside each op's forward and backward
  /// (``Op/languageFunctions``); `grad` and `jacobian` are the language's own.
  public static let functions: [MathFunction] =
    Op.languageFunctions.map(MathFunction.init) + [
      MathFunction(
        "grad", 2...2, usage: "grad(f, x)",
        "∂f/∂x for a scalar f, shaped like x (lessons and eval only)", lessonOnly: true,
        build: derivative),
      MathFunction(
        "jacobian", 2...2, usage: "jacobian(f, x)",
        "∂f/∂x in numerator layout: one row per entry of f, one column per entry of x, both "
          + "row by row (lessons and eval only)", lessonOnly: true, build: derivative),
    ]

  /// Each function's name and usage, as errors and help show them.
  public static let functionSignatures: [(name: String, usage: String)] = functions.map {
    ($0.name, $0.usage)
  }

  static let functionsByName: [String: MathFunction] = Dictionary(
    uniqueKeysWithValues: functions.map { ($0.name, $0) })

  static let functionNames = Set(functions.map(\.name))

  /// Checks a call against the table and builds it.
  mutating func call(
    _ spelled: String, _ arguments: [Expr.Argument], nameRange: SourceRange, range: SourceRange
  ) throws(MathError) -> Graph.NodeID {
    var name = spelled
    if !Self.functionNames.contains(name) {
      if bindings[name] != nil
        || options.nameAliases.contains(where: { $0.key == name && bindings[$0.value] != nil })
      {
        throw MathError(
          .syntax, "`\(name)` is a value here, not a function", at: nameRange,
          note: "write `\(name)*(…)` for a product")
      }
      guard let aliased = options.functionAliases[name] else {
        throw MathError(
          .unknownName, "unknown function `\(name)`", at: nameRange,
          note: Suggestion.didYouMean(name, among: Array(Self.functionNames)))
      }
      name = aliased
    }
    guard let function = Self.functionsByName[name] else {
      throw MathError(.unknownName, "unknown function `\(name)`", at: nameRange)
    }
    if function.lessonOnly, !options.allowsLessonForms {
      throw MathError(
        .notAllowed, "`\(name)(…)` is for lesson files and `bptutor eval`, not for answers",
        at: nameRange, note: "work the derivative out and type its value or formula")
    }
    var labelled: [(label: String, value: Expr)] = []
    var positional: [Expr] = []
    for argument in arguments {
      guard let label = argument.label else {
        positional.append(argument.value)
        continue
      }
      guard function.labels.contains(label) else {
        let note =
          function.labels.isEmpty
          ? nil : Suggestion.didYouMean(label, among: function.labels)
        throw MathError(
          .syntax,
          function.labels.isEmpty
            ? "`\(name)` takes no named arguments"
            : "`\(name)` has no argument named `\(label)`", at: argument.value.range,
          note: note ?? "usage: \(function.usage)")
      }
      guard !labelled.contains(where: { $0.label == label }) else {
        throw MathError(
          .syntax, "`\(name)` was given the \(label) twice", at: argument.value.range,
          note: "usage: \(function.usage)")
      }
      labelled.append((label, argument.value))
    }
    guard function.positional.contains(positional.count) else {
      let count = positional.count == 1 ? "1 argument" : "\(positional.count) arguments"
      var note = "usage: \(function.usage)"
      if positional.count > function.positional.upperBound, let label = function.labels.first {
        note += "; name the \(label), like \(name)(X, \(label) = 2)"
      }
      throw MathError(.syntax, "`\(name)` does not take \(count)", at: range, note: note)
    }
    let call = FunctionCall(
      function: function, positional: positional, labelled: labelled, range: range,
      nameRange: nameRange)
    return try function.build(&self, call)
  }
}
