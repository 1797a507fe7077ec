/// The sum of `count` entries from `values`, added left to right: the one loop of `sum`
/// and `mean` and of a gradient summed back over broadcast axes, so every path gives the
/// same bits for the same entries.
@inline(__always)
func orderedSum(_ values: UnsafePointer<Double>, count: Int) -> Double {
  var sum = 0.0
  for i in 0..<count { sum += values[i] }
  return sum
}
