import TutorEngine

extension Evaluator {
  /// Every function of the language, in the order `bptutor eval --help` lists them.
  /// Calls are checked against this table and built from it.
  /// The element-wise functions come from the engine (``Op/elementwiseFunctions``, beside
  /// each op's forward and backward); the others are the language's own.
  public static let functions: [MathFunction] =
    Op.elementwiseFunctions.map { elementwise($0.name, $0.op, $0.summary) } + [
      reduction(
        "sum", .sum,
        "the sum of all entries (a scalar); with dim = 1 down each column (a 1×n row), "
          + "with dim = 2 along each row (an m×1 column)"),
      reduction("mean", .mean, "the mean of all entries, or over a dimension like sum"),
      reduction(
        "var", .variance,
        "the population variance (dividing by n, as batch normalisation does in training) of "
          + "all entries, or over a dimension like sum"),
      reduction(
        "logsumexp", .logSumExp,
        "log Σ eˣ of all entries, or over a dimension like sum; "
          + "shifted by the maximum, so it does not overflow"),
      extremum("max", .max, .maximum),
      extremum("min", .min, .minimum),
      MathFunction(
        "softmax", 1...2, labels: ["dim"],
        usage: "softmax(v), softmax(v, β), softmax(X, dim = d)",
        "e^(βv) / Σ e^(βv) of a vector (β = 1 unless given); with dim = 2 every row of a "
          + "matrix, with dim = 1 every column", build: softmax),
      MathFunction(
        "transpose", 1...1, usage: "transpose(A)", "the transpose; also A' or Aᵀ",
        build: unary(.transpose)),
      MathFunction(
        "diag", 1...1, usage: "diag(v)", "the square matrix with the vector v on its diagonal",
        build: unary(.diag)),
      MathFunction("eye", 1...1, usage: "eye(n)", "the n×n identity matrix", build: eye),
      MathFunction(
        "zeros", 2...2, usage: "zeros(r, c)", "the r×c matrix of zeros", build: filled(0)),
      MathFunction(
        "ones", 2...2, usage: "ones(r, c)", "the r×c matrix of ones", build: filled(1)),
      MathFunction(
        "norm", 1...2, usage: "norm(v), norm(v, p)",
        "the p-norm (Σ|vᵢ|ᵖ)^(1/p), p = 2 unless given",
        build: norm),
      MathFunction(
        "crossentropy", 2...2, usage: "crossentropy(z, t)",
        "−Σ t ⊙ log z for a prediction z and a target t (a scalar)", build: crossEntropy),
      MathFunction(
        "onehot", 2...2, usage: "onehot(y, k)",
        "one row per label in y (whole numbers 1…k): an n×k matrix with a 1 at each label; "
          + "no gradient flows to y", build: oneHot),
      MathFunction(
        "lookup", 2...2, usage: "lookup(E, ids)",
        "the rows ids (1-based) of the embedding table E, stacked; the same as "
          + "onehot(ids, rows of E) @ E, so the backward pass adds each row's gradient "
          + "into E (scatter-add)", build: lookup),
      MathFunction(
        "concat", 2...64, labels: ["dim"], usage: "concat(A, B, …, dim = d)",
        "A, B, … stacked: dim = 1 (the default) one below the other, dim = 2 side by side; "
          + "the same as the bracket forms [A; B] and [A, B]", build: concat),
      MathFunction(
        "reshape", 3...3, usage: "reshape(x, r, c)", "the same entries, row by row, as r×c",
        build: reshape),
      MathFunction(
        "flatten", 1...1, usage: "flatten(x)", "the entries, row by row, as a column",
        build: flatten),
      MathFunction(
        "conv2d", 2...4, labels: ["stride", "padding", "bias"],
        usage: "conv2d(I, K), conv2d(I, K, stride = s, padding = p, bias = b)",
        "2-D cross-correlation (deep learning's convolution) of an H×W or C×H×W input with a "
          + "kh×kw or F×C×kh×kw kernel; stride 1 and padding 0 unless given",
        build: convolution),
      MathFunction(
        "maxpool2d", 2...2, labels: ["stride"],
        usage: "maxpool2d(X, k), maxpool2d(X, k, stride = s)",
        "the maximum of each k×k window of an H×W or C×H×W input, windows moved by the stride "
          + "(k unless given); on ties the gradient goes to the first maximum, row by row",
        build: maxPool),
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
