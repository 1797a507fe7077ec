/// Caps that keep hostile lesson files and typed answers from exhausting memory.
public struct EngineLimits: Equatable, Sendable {
  /// The largest number of elements one tensor may hold.
  public var maxElements: Int

  /// The largest number of multiply-adds one matrix product or convolution
  /// may take, so that two tensors under the element cap cannot make a
  /// product that runs for minutes.
  public var maxOperations: Int

  /// Creates limits; by default 1,000,000 elements per tensor and
  /// 100,000,000 multiply-adds per op (about a tenth of a second).
  public init(maxElements: Int = 1_000_000, maxOperations: Int = 100_000_000) {
    self.maxElements = maxElements
    self.maxOperations = maxOperations
  }

  /// The limits used unless a graph is given others.
  public static let `default` = EngineLimits()
}
