import Foundation

/// A portable pseudo-random generator (SplitMix64): the same seed gives the
/// same numbers on every machine and every run, unlike the system generator.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator from a seed.
  public init(seed: UInt64) {
    state = seed
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform draw from `[0, 1)` with 53 bits of precision (no platform-dependent
  /// conversion, so the values are the same everywhere).
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform draw from `[lower, upper)`.
  public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * nextUnit()
  }

  /// A draw from the normal distribution (Box–Muller).
  public mutating func gaussian(mean: Double = 0, deviation: Double = 1) -> Double {
    let u1 = 1 - nextUnit()
    let u2 = nextUnit()
    let radius = (-2 * log(u1)).squareRoot()
    return mean + deviation * radius * cos(2 * Double.pi * u2)
  }

  /// A tensor of uniform draws from `[lower, upper)`.
  public mutating func tensor(shape: [Int], in range: ClosedRange<Double> = -1...1)
    throws(EngineError)
    -> Tensor
  {
    let count = try Tensor.elementCount(of: shape, limit: .max)
    var scalars: [Double] = []
    scalars.reserveCapacity(count)
    for _ in 0..<count { scalars.append(uniform(range.lowerBound, range.upperBound)) }
    return Tensor(unchecked: shape, scalars)
  }
}
