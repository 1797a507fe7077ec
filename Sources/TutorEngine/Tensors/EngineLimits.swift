/// Caps that keep hostile lesson files and typed answers from exhausting memory.
public struct EngineLimits: Equatable, Sendable {
  /// The largest number of elements one tensor may hold.
  public var maxElements: Int

  /// The largest number of multiply-adds one matrix product or convolution
  /// may take, so that two tensors under the element cap cannot make a
  /// product that runs for minutes.
  public var maxOperations: Int

  /// The largest amount of work (multiply-adds of products and convolutions, entries
  /// touched by every other op) one graph may do when it is built or re-evaluated, so
  /// that a long chain of ops each under ``maxOperations`` cannot run for seconds.
  public var maxTotalOperations: Int

  /// Creates limits; by default 1,000,000 elements per tensor, 100,000,000
  /// multiply-adds per op (about a tenth of a second) and 1,000,000,000 in all.
  public init(
    maxElements: Int = 1_000_000, maxOperations: Int = 100_000_000,
    maxTotalOperations: Int = 1_000_000_000
  ) {
    (self.maxElements, self.maxOperations, self.maxTotalOperations) = (
      maxElements, maxOperations, maxTotalOperations
    )
  }

  /// The limits used unless a graph is given others.
  public static let `default` = EngineLimits()
}
