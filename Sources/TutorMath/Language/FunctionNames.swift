import TutorEngine

/// The names of the language's functions, in the order `bptutor eval --help` lists them.
///
/// The language side (the parser's notes on foreign notation) needs to know which words
/// are functions; how each is checked and built lives with evaluation, in
/// ``Evaluator/functions``, which has exactly these names in this order (a test holds the
/// two together). Language never reads evaluation, so the two folders do not depend on
/// each other both ways.
public enum FunctionNames {
  /// Every function name, in help order: the op families' (``Op/languageFunctions``),
  /// then the language's own `grad` and `jacobian`.
  public static let all: [String] = Op.languageFunctions.map(\.name) + ["grad", "jacobian"]

  private static let set = Set(all)

  /// Whether `name` is a function of the language.
  public static func contains(_ name: String) -> Bool { set.contains(name) }
}
