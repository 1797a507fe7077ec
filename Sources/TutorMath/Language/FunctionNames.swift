import TutorEngine

/// The names of the language's functions, in the order `bptutor eval --help` lists them.
///
/// The language side (the parser's notes on foreign notation) needs to know which words
/// are functions; how each is checked and built lives with evaluation, in
/// ``Evaluator/functions``, which has exactly these names in this order (a test holds the
/// two together). Language never reads evaluation, so the two folders do not depend on
/// each other both ways.
public enum FunctionNames {
  /// Every function name, in help order.
  /// The element-wise ones are the engine's (``Op/elementwiseFunctions``).
  public static let all: [String] =
    Op.elementwiseFunctions.map(\.name) + [
      "sum", "mean", "var", "logsumexp", "max", "min",
      "softmax", "transpose", "diag", "eye", "zeros", "ones", "norm",
      "crossentropy", "onehot", "lookup", "concat", "reshape", "flatten",
      "conv2d", "maxpool2d", "grad", "jacobian",
    ]

  private static let set = Set(all)

  /// Whether `name` is a function of the language.
  public static func contains(_ name: String) -> Bool { set.contains(name) }
}
