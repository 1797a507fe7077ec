/// "Did you mean …?" by edit distance, in the tone of swift-argument-parser.
public enum Suggestion {
  /// `"did you mean `sigmoid`?"` for the closest candidates to `word`, or nil when none
  /// is close: at most one edit for short words, a third of the length for longer ones.
  public static func didYouMean(_ word: String, among candidates: [String]) -> String? {
    let limit = max(1, word.count / 3)
    let scored = Set(candidates).compactMap { candidate -> (String, Int)? in
      let distance = editDistance(word.lowercased(), candidate.lowercased())
      return distance <= limit ? (candidate, distance) : nil
    }
    guard let best = scored.map(\.1).min() else { return nil }
    let names = scored.filter { $0.1 == best }.map(\.0).sorted().prefix(3)
    return "did you mean " + names.map { "`\($0)`" }.joined(separator: " or ") + "?"
  }

  /// The edit distance between two strings, by characters: insertions, deletions,
  /// substitutions and swaps of two neighbours (`titel` → `title`) each cost 1.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
  }
}
