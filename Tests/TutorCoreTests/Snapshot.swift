import Foundation
import Testing

/// Golden screens: the text lines of a buffer compared with a file under `Snapshots/`.
/// `RECORD_SNAPSHOTS=1 swift test` writes the files instead (review the diff).
enum Snapshot {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  static func assert(
    _ lines: [String], named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let url = directory.appendingPathComponent(name + ".txt")
    let actual = lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try? actual.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      Issue.record(
        "no snapshot \(name).txt; run RECORD_SNAPSHOTS=1 swift test to record it",
        sourceLocation: sourceLocation)
      return
    }
    if expected != actual {
      let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let first =
        Array(zip(expectedLines, actualLines)).firstIndex { $0 != $1 }
        ?? min(expectedLines.count, actualLines.count)
      let want = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
      let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
      Issue.record(
        "screen \(name) differs at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)\n\(actual)",
        sourceLocation: sourceLocation)
    }
  }
}
