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

extension HostileRound2ScreenTests {
  @Test("13: F5 names maxpool-conv's last step by its title, not as a gradient-descent step")
  func curveMessage() throws {
    var driver = Fixtures.driver()
    let bound = try Fixtures.bound("maxpool-conv")
    driver.send(.lessonOpened(bound, mode: .learn))
    driver.press(.function(5))
    let status = driver.state.status ?? ""
    #expect(!status.contains("gradient-descent"), "\(status)")
    let last = bound.lesson.steps.count
    #expect(
      status.contains("after step \(last) (\(bound.lesson.steps[last - 1].title)), the last step"),
      "\(status)")
  }
}

extension HostileRound2ScreenTests {
  @Test("13: explore's `variant` says that the lesson's variant changed too")
  func exploreVariant() {
    var driver = Fixtures.learning()
    driver.press(.function(3))
    #expect(driver.state.screen == .explore)
    driver.type("variant")
    driver.press(.enter)
    #expect(driver.state.learn?.bound.variant == 1)
    #expect(
      driver.state.status == "variant 1: new givens, every value recomputed; the lesson uses "
        + "these values too", "\(driver.state.status ?? "")")
  }
}
