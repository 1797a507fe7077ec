/// The checker's entry-by-entry comparison of a value answer: an entry matches when it is
/// within tolerance, or when it was typed with at least
/// ``CheckOptions/minimumSignificantFigures`` figures and is the compared value correctly
/// rounded to them (`0.245` for 0.244728…, `0.0900` for 0.090031…).
///
/// Entry indices are the given answer's, row-major, so a candidate laid out differently
/// (the negation, the transpose, a declared mistake) is still compared with what was typed.
struct EntryMatcher {
  var tolerance: Tolerance
  /// Each entry as typed, or `nil` when the answer was computed rather than typed.
  var typed: [TypedNumber?]?
  var minimumFigures: Int

  init(_ options: CheckOptions, typed: [TypedNumber?]?) {
    tolerance = Tolerance(options)
    self.typed = typed
    minimumFigures = options.minimumSignificantFigures
  }

  /// The typed number of entry `index`, if it was typed.
  func typedNumber(_ index: Int) -> TypedNumber? {
    guard let typed, typed.indices.contains(index) else { return nil }
    return typed[index]
  }

  /// Whether entry `index`, of value `given`, matches `expected`.
  func equal(_ index: Int, _ given: Double, _ expected: Double) -> Bool {
    if tolerance.equal(given, expected) { return true }
    guard let number = typedNumber(index), number.significantFigures >= minimumFigures else {
      return false
    }
    return number.isRounding(given, of: expected)
  }

  func marks(_ given: [Double], _ expected: [Double]) -> [Bool] {
    zip(given, expected).enumerated().map { index, pair in equal(index, pair.0, pair.1) }
  }

  func matches(_ given: [Double], _ expected: [Double]) -> Bool {
    given.count == expected.count && marks(given, expected).allSatisfy { $0 }
  }

  /// Every entry matches or is within the close band (5 %) of the expected one.
  func allClose(_ given: [Double], _ expected: [Double]) -> Bool {
    given.count == expected.count
      && zip(given, expected).enumerated().allSatisfy { index, pair in
        let (a, e) = pair
        return equal(index, a, e) || (a.isFinite && abs(a - e) <= tolerance.closeBand * abs(e))
      }
  }

  /// Why a close answer is not right: too few figures in an entry concerned, or enough
  /// figures that are not the answer rounded; `nil` when an entry concerned was computed.
  func closeDiagnosis(marks: [Bool]) -> Diagnosis? {
    let concerned = marks.indices.filter { !marks[$0] }.map(typedNumber)
    if concerned.contains(where: { ($0?.significantFigures ?? .max) < minimumFigures }) {
      return .tooFewFigures(needed: minimumFigures)
    }
    return concerned.allSatisfy({ $0 != nil }) ? .notRoundedCorrectly : nil
  }

  /// Whether a vector's wrong entries are the expected ones in another order: one swap
  /// (``Diagnosis/swappedEntries(_:_:total:)``) or another permutation
  /// (``Diagnosis/wrongOrder``).
  func order(_ given: [Double], _ expected: [Double]) -> Diagnosis? {
    guard given.count == expected.count, given.count > 1 else { return nil }
    let wrong = given.indices.filter { !equal($0, given[$0], expected[$0]) }
    guard wrong.count >= 2 else { return nil }
    if wrong.count == 2 {
      let (i, j) = (wrong[0], wrong[1])
      if equal(i, given[i], expected[j]), equal(j, given[j], expected[i]) {
        return .swappedEntries(i + 1, j + 1, total: given.count)
      }
      return nil
    }
    var unused = wrong
    for i in wrong {
      guard let place = unused.firstIndex(where: { equal(i, given[i], expected[$0]) }) else {
        return nil
      }
      unused.remove(at: place)
    }
    return .wrongOrder
  }
}
