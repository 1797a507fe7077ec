/// The skills steps train: a small fixed vocabulary (documented in lessons/README.md).
/// Every step names one or more with `skills:`; `bptutor check` rejects unknown ones.
public struct Skill: Equatable, Hashable, Sendable {
  /// The name lessons use (`relu-mask`).
  public let id: String
  /// What it is, in a few words, for `bptutor skills`.
  public let summary: String

  /// The vocabulary, in teaching order.
  public static let all: [Skill] = [
    Skill(id: "forward-matmul", summary: "matrix and vector products forward (layers)"),
    Skill(id: "activation-forward", summary: "ReLU, sigmoid, tanh applied forward"),
    Skill(id: "loss-forward", summary: "a loss value from outputs and targets"),
    Skill(id: "chain-rule-scalar", summary: "the chain rule on scalars, signs included"),
    Skill(id: "relu-mask", summary: "ReLU backward: pass where the input was positive"),
    Skill(id: "activation-backward", summary: "sigmoid and tanh derivatives backward"),
    Skill(id: "matmul-backward", summary: "gradients through a matrix product"),
    Skill(id: "broadcast-sum", summary: "sums over a batch: biases, broadcasting backward"),
    Skill(id: "softmax-forward", summary: "softmax probabilities"),
    Skill(id: "softmax-jacobian", summary: "the softmax Jacobian"),
    Skill(id: "cross-entropy-gradient", summary: "softmax with cross-entropy backward"),
    Skill(id: "jacobian-layout", summary: "Jacobians in numerator layout"),
    Skill(id: "conv-forward", summary: "convolution forward"),
    Skill(id: "conv-backward", summary: "convolution backward"),
    Skill(id: "pooling", summary: "max pooling forward and backward"),
    Skill(id: "normalization", summary: "batch and layer normalization"),
    Skill(id: "dropout-mask", summary: "dropout masks and scaling"),
    Skill(id: "embedding-lookup", summary: "embedding rows forward, scattered back"),
    Skill(id: "residual-gradient", summary: "gradients adding where paths join"),
    Skill(id: "attention", summary: "attention scores, weights and values"),
    Skill(id: "recurrence", summary: "recurrent steps and backpropagation through time"),
    Skill(id: "regularizer-gradient", summary: "penalty terms and their gradients"),
    Skill(id: "sgd-update", summary: "a gradient-descent step"),
    Skill(id: "backprop-concepts", summary: "why backpropagation works as it does"),
  ]

  /// The skill ids, for lookups and suggestions.
  public static let ids: [String] = all.map(\.id)

  /// The skill named `id`, if it is in the vocabulary.
  public static func named(_ id: String) -> Skill? { all.first { $0.id == id } }
}
