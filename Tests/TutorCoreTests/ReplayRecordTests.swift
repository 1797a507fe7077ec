import Foundation
import TerminalText
import TestSupport
import Testing
import TutorCore
import TutorLessons
import TutorProgress

/// Issue 21, must-hold 4: every way to see an answer is recorded. Replay shows every
/// worked answer: at the lesson's own values its unsolved steps count as revealed (not
/// solved); at another variant, that variant counts as done, so practice and exams draw
/// another.
@Suite("Replay is recorded")
struct ReplayRecordTests {
  @Test("replay from the menu marks every unsolved step revealed, and says so")
  func menuReplay() throws {
    var driver = Fixtures.answered("[3; -3]")  // a1 solved
    driver.press(.escape)
    driver.press(.character("r"))
    #expect(driver.state.screen == .replay)
    let entry = try #require(driver.state.progress.lessons["relu-1-2-2-1"])
    #expect(entry.solved == ["a1"])
    #expect(
      Set(entry.revealed)
        == Set(try Fixtures.bound("relu-1-2-2-1").lesson.steps.map(\.id).dropFirst()))
    #expect(driver.state.status == "replay shows the answers: 17 unsolved steps count as revealed")
    // Learn again: the steps are revealed, not solved; a right answer stays revealed.
    driver.press(.escape)
    driver.press(.enter)
    let learn = try #require(driver.state.learn)
    #expect(learn.session.isRevealed(1, in: driver.state.progress))
    #expect(!learn.session.isSolved(1, in: driver.state.progress))
  }

  @Test("replaying again records nothing new")
  func replayTwice() throws {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    let first = driver.state.progress
    driver.press(.escape)
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    #expect(driver.state.progress == first)
    #expect(driver.state.status == nil)
  }

  @Test("another variant in replay (v) counts as done: practice and exams draw another")
  func variantReplay() throws {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    driver.press(.character("v"))
    let variant = try #require(driver.state.replay?.bound.variant)
    #expect(variant != 0)
    let entry = try #require(driver.state.progress.lessons["relu-1-2-2-1"])
    #expect(entry.variantsDone.contains(variant))
    #expect(driver.state.progress.newVariant(of: "relu-1-2-2-1") != variant)
    #expect(driver.state.status?.contains("variant \(variant) replayed") == true)
  }

  @Test("replay --plain records the same, and says so")
  func plain() throws {
    let state = try CommandRunner.temporaryDirectory()
    let result = try CommandRunner.run(
      ["replay", "sigmoid-chain", "--plain"], stateDirectory: state)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Replay shows the answers:"))
    let data = try Data(contentsOf: URL(fileURLWithPath: state + "/progress.json"))
    let saved = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let lesson = (saved?["lessons"] as? [String: Any])?["sigmoid-chain"] as? [String: Any]
    #expect((lesson?["revealed"] as? [String])?.contains("forward-y") == true)
    let second = try CommandRunner.run(
      ["replay", "sigmoid-chain", "--plain", "--variant", "2"], stateDirectory: state)
    #expect(second.stdout.contains("Variant 2 replayed"))
  }
}
