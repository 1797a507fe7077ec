import Foundation
import TerminalText
import TestSupport
import Testing
import TutorCore
import TutorLessons

/// Issue 21, must-hold 5, in the full-screen exam: an unreadable answer is shown with its
/// caret and asked again, never counted; Esc asks before discarding the answers given.
@Suite("A full-screen exam a learner trusts")
struct ExamTrustTests {
  /// relu-1-2-2-1's exam at a fresh variant (1; step 1 asks a⁽¹⁾ = [3; -3]).
  static func exam() throws -> TutorDriver {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("relu-1-2-2-1"), mode: .exam))
    return driver
  }

  static func clearLine(_ driver: inout TutorDriver) {
    driver.press(.end)
    for _ in 0..<40 { driver.press(.backspace) }
  }

  @Test(
    "an unreadable answer is shown with its caret, kept to fix, and asked again",
    arguments: ["[1 2; 3", "np.array([3, -3])"])
  func unreadableAskedAgain(_ typed: String) throws {
    var driver = try Self.exam()
    driver.type(typed)
    driver.press(.enter)
    let exam = try #require(driver.state.exam)
    #expect(exam.stepIndex == 0, "the step is asked again")
    #expect(exam.answers.isEmpty, "nothing is counted")
    #expect(exam.editor.text == typed, "the answer stays on the line to be fixed")
    for (width, height) in [(80, 24), (120, 40)] {
      let screen = Fixtures.screen(driver, width: width, height: height)
      #expect(screen.contains { $0.contains("could not read that") }, "\(screen)")
      let source = try #require(screen.lastIndex { $0.hasPrefix("   " + typed.prefix(4)) })
      #expect(screen[source + 1].contains("^"), "the caret is under the answer")
      #expect(screen.contains { $0.contains("not counted") })
      #expect(screen.contains { $0.contains("Step 1 ·") })
    }
    // Fixed, it counts and the next step comes; the message is gone.
    Self.clearLine(&driver)
    driver.type("[3; -3]")
    driver.press(.enter)
    let next = try #require(driver.state.exam)
    #expect(next.stepIndex == 1)
    #expect(next.answers == ["[3; -3]"])
    #expect(next.unreadable == nil)
    #expect(!Fixtures.screen(driver).contains { $0.contains("could not read that") })
  }

  @Test("an empty line still skips; a wrong but readable answer is taken without a word")
  func skipsAndWrongAnswers() throws {
    var driver = try Self.exam()
    driver.press(.enter)
    driver.type("[1; 1]")
    driver.press(.enter)
    let exam = try #require(driver.state.exam)
    #expect(exam.answers == ["", "[1; 1]"])
    #expect(exam.stepIndex == 2)
    #expect(!Fixtures.screen(driver).contains { $0.contains("incorrect") })
  }

  @Test("the report counts only readable answers: an unreadable one never becomes incorrect")
  func reportNeverCountsUnreadable() throws {
    var driver = try Self.exam()
    let steps = try #require(driver.state.exam?.bound.lesson.steps.count)
    driver.type("[3; -3")
    driver.press(.enter)
    Self.clearLine(&driver)
    driver.type("[3; -3]")
    driver.press(.enter)
    for _ in 1..<steps { driver.press(.enter) }
    let report = try #require(driver.state.exam?.report)
    #expect(report.items.first?.grade == .correct)
    #expect(report.items.first?.given == "[3; -3]")
    #expect(report.count(.incorrect) == 0)
  }

  @Test("Esc with nothing answered leaves at once")
  func escapeWithNothingToLose() throws {
    var driver = try Self.exam()
    driver.press(.escape)
    #expect(driver.state.exam == nil)
  }

  @Test("Esc with answers given asks first; any key but y goes on with every answer kept")
  func escapeAsks() throws {
    var driver = try Self.exam()
    driver.type("[3; -3]")
    driver.press(.enter)
    driver.type("[3; 0")
    driver.press(.escape)
    let asking = try #require(driver.state.exam)
    #expect(asking.confirmingLeave)
    for (width, height) in [(80, 24), (120, 40)] {
      let screen = Fixtures.screen(driver, width: width, height: height)
      #expect(
        screen[height - 2].contains("leave the exam? 2 answers will be discarded"), "\(screen)")
      #expect(screen[height - 1].contains("y leave, discard"))
    }
    driver.press(.character("n"))
    let kept = try #require(driver.state.exam, "n goes on with the exam")
    #expect(!kept.confirmingLeave)
    #expect(kept.answers == ["[3; -3]"])
    #expect(kept.editor.text == "[3; 0", "the line being typed is kept too")
    #expect(kept.stepIndex == 1)
    // Esc again, then y: back at the menu, nothing saved.
    driver.press(.escape)
    driver.press(.escape)
    #expect(driver.state.exam != nil, "Esc while asked is not a yes")
    driver.press(.escape)
    driver.press(.character("y"))
    #expect(driver.state.exam == nil)
    #expect(driver.state.status?.contains("discarded") == true)
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.exams.isEmpty ?? true)
  }
}
