import Testing

@testable import TutorLessons

@Suite("Work on another thread")
struct BackgroundTests {
  @Test("the value is the work's, computed once, and reading it again gives it again")
  func valueIsTheWorks() {
    let work = Background { (1...1000).reduce(0, +) }
    #expect(work.value == 500_500)
    #expect(work.value == 500_500)
  }

  @Test("many at once each give their own value, in the order asked")
  func manyAtOnce() {
    let works = (0..<32).map { index in Background { String(repeating: "x", count: index) } }
    #expect(works.map(\.value.count) == Array(0..<32))
  }

  @Test("the caller goes on while the work runs: both finish, the caller's first")
  func callerGoesOn() {
    let slow = Background { () -> Int in
      var total = 0
      for value in 0..<2_000_000 { total &+= value }
      return total
    }
    let quick = 2 + 2
    #expect(quick == 4)
    #expect(slow.value == (0..<2_000_000).reduce(0, &+))
  }
}
