import Testing
import TutorCore

/// Issue 25, item 13: screen glitches (the small ones outside the screen restructuring).
@Suite("Hostile round 2: screens")
struct HostileRound2ScreenTests {
  @Test("13: the learn screen's status does not stay on the menu")
  func statusLeavesWithTheLesson() {
    var driver = Fixtures.learning()
    driver.type(UpdateTests.answer(for: driver))
    driver.press(.enter)
    #expect(driver.state.status != nil, "a solved step says what next")
    let said = driver.state.status ?? ""
    driver.press(.escape)
    #expect(driver.state.screen == .menu)
    #expect(driver.state.status == nil)
    #expect(!Fixtures.screen(driver).contains { !said.isEmpty && $0.contains(said) })
  }
}
