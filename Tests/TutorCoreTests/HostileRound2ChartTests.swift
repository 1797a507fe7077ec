import Testing

@testable import TutorCore

/// Issue 25, item 9: a loss curve near the largest double draws instead of trapping.
@Suite("Hostile round 2: loss chart")
struct HostileRound2ChartTests {
  @Test("9: losses near ±1.8e308 (and non-finite ones) draw within the size")
  func hugeLosses() {
    for series: [Double] in [
      [1.5e308, 1e308, -1.7e308, .infinity, .nan], [-1.7e308, 1.7e308], [1e308, 1e308],
    ] {
      for ascii in [false, true] {
        let lines = LossChart.lines(series, width: 60, height: 12, ascii: ascii)
        #expect(lines.count == 12)
      }
    }
  }
}
