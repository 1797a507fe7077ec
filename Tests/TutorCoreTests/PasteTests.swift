import Testing
import TutorCore

/// Issue 15, item 6: a paste goes into the line as text, in one update, and stops at the
/// 4,096-character limit with a message.
@Suite("Hostile input: pastes")
struct PasteTests {
  @Test("6: a 100 KB paste fills the answer line to 4,096 characters and says it was cut")
  func cutAtTheLimit() {
    var driver = Fixtures.learning()
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      driver.send(.paste(String(repeating: "1+", count: 50_000)))
    }
    let editor = driver.state.learn!.editor
    #expect(editor.characters.count == LineEditor.maxLength)
    #expect(editor.text.hasPrefix("1+1+1+"))
    #expect(editor.cursor == LineEditor.maxLength)
    #expect(driver.state.status == LineEditor.pasteCutMessage)
    #expect(driver.state.status?.contains("at most 4096 characters") == true)
    // One update, not 100,000: generous for a debug build on a shared machine.
    #expect(elapsed < .seconds(5), "\(elapsed)")
    // The tutor still takes keys: clear the line and answer.
    driver.press(.control("u"))
    driver.type("[3; -3]")
    driver.press(.enter)
    #expect(driver.state.learn?.feedback?.verdict.kind == .correct, "\(driver.state.status ?? "")")
  }

  @Test("6: pasted line breaks are spaces and never submit; control bytes are dropped")
  func pastedTextIsText() {
    var driver = Fixtures.learning()
    driver.send(.paste("[3;\n-3]\r\n\u{1B}[A\u{07}"))
    // `\r\n` is one character, so one space.
    #expect(driver.state.learn?.editor.text == "[3; -3] [A")
    #expect(driver.state.learn?.stepIndex == 0)
    #expect(driver.state.learn?.feedback == nil)
  }

  @Test("6: a paste at the menu is ignored, never read as keys (q would quit)")
  func pasteAtTheMenu() {
    var driver = Fixtures.driver()
    driver.send(.paste("jjjq"))
    #expect(!driver.quitRequested)
    #expect(driver.state.menuIndex == 0)
  }

  @Test("6: typing into a full line says so; the line keeps its 4,096 characters")
  func typingIntoAFullLine() {
    var editor = LineEditor(text: String(repeating: "9", count: LineEditor.maxLength))
    #expect(editor.isFull)
    #expect(editor.insert("123") == 3)
    var driver = Fixtures.learning()
    driver.send(.paste(String(repeating: "7", count: LineEditor.maxLength)))
    #expect(driver.state.status != LineEditor.pasteCutMessage, "all of it fitted")
    driver.press(.character("8"))
    #expect(driver.state.learn?.editor.characters.count == LineEditor.maxLength)
    #expect(driver.state.status == LineEditor.fullMessage)
  }
}
