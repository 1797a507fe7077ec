/// Whether two lists of numbers agree entry by entry: the same count, and every pair within
/// `absolute + relative·|expected|`. The one closeness rule the test targets share, so a
/// tolerance reads the same in every suite.
public func isClose(
  _ actual: [Double], _ expected: [Double], relative: Double = 0, absolute: Double = 1e-12
) -> Bool {
  actual.count == expected.count
    && zip(actual, expected).allSatisfy { a, e in
      abs(a - e) <= absolute + relative * abs(e)
    }
}

/// The first entry (1-based) where `actual` and `expected` disagree by ``isClose``'s rule,
/// with both values, for a test's failure message; nil when they agree.
public func firstDifference(
  _ actual: [Double], _ expected: [Double], relative: Double = 0, absolute: Double = 1e-12
) -> String? {
  guard actual.count == expected.count else {
    return "\(actual.count) entries, expected \(expected.count)"
  }
  for (index, (a, e)) in zip(actual, expected).enumerated()
  where !(abs(a - e) <= absolute + relative * abs(e)) {
    return "entry \(index + 1): \(a), expected \(e)"
  }
  return nil
}
