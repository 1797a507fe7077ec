import Testing
import TutorCore
import TutorMath

/// Golden screens at 80×24.
@Suite("Golden screens")
struct ScreenTests {
  @Test("the menu")
  func menu() {
    Snapshot.assert(Fixtures.screen(Fixtures.driver()), named: "menu")
  }

  @Test("a learn step before answering")
  func learnStep() {
    Snapshot.assert(Fixtures.screen(Fixtures.learning()), named: "learn-step")
  }

  @Test("after a correct answer")
  func correct() {
    var driver = Fixtures.learning()
    driver.type("[3; -3]")
    driver.press(.enter)
    Snapshot.assert(Fixtures.screen(driver), named: "learn-correct")
  }

  @Test("after a close answer")
  func close() {
    var driver = Fixtures.learning()
    driver.type("[3.05; -3]")
    driver.press(.enter)
    Snapshot.assert(Fixtures.screen(driver), named: "learn-close")
  }

  @Test("after a wrong matrix answer: entries marked in place")
  func wrongMatrix() {
    var driver = Fixtures.learning()
    for _ in 0..<10 { driver.press(.control("n")) }  // to ∂J/∂W⁽²⁾
    driver.type("[0 0; -18 5]")
    driver.press(.enter)
    Snapshot.assert(Fixtures.screen(driver), named: "learn-wrong-matrix")
  }

  @Test("a malformed answer gets a caret")
  func malformed() {
    var driver = Fixtures.learning()
    driver.type("[3; -3")
    driver.press(.enter)
    Snapshot.assert(Fixtures.screen(driver), named: "learn-malformed")
  }

  @Test("a hint, then a reveal")
  func hintAndReveal() {
    var driver = Fixtures.learning()
    driver.press(.tab)
    Snapshot.assert(Fixtures.screen(driver), named: "learn-hint")
    driver.press(.control("r"))
    Snapshot.assert(Fixtures.screen(driver), named: "learn-reveal")
  }

  @Test("replay")
  func replay() {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try! Fixtures.bound("relu-1-2-2-1"), mode: .replay))
    driver.press(.right)
    Snapshot.assert(Fixtures.screen(driver), named: "replay")
  }

  @Test("the graph view")
  func graph() {
    var driver = Fixtures.learning()
    driver.press(.function(2))
    Snapshot.assert(Fixtures.screen(driver), named: "graph")
  }

  @Test("explore after x = 2: every value recomputed, the set given marked")
  func explore() {
    var driver = Fixtures.learning()
    driver.press(.function(3))
    driver.type("x = 2")
    driver.press(.enter)
    Snapshot.assert(Fixtures.screen(driver), named: "explore")
  }

  @Test("a long choice feedback wraps; the worked option wraps")
  func longFeedback() {
    var driver = Fixtures.learning()
    for _ in 0..<15 { driver.press(.control("n")) }
    driver.type("2")
    driver.press(.enter)
    driver.press(.control("r"))
    Snapshot.assert(Fixtures.screen(driver), named: "learn-choice-wrapped")
  }

  @Test("the help screen")
  func help() {
    var driver = Fixtures.learning()
    driver.press(.function(1))
    Snapshot.assert(Fixtures.screen(driver), named: "help")
  }

  @Test("the smallest layout, 60×16: a wrong answer still shows its marks")
  func smallest() {
    var driver = Fixtures.learning()
    driver.type("[3; 3]")
    driver.press(.enter)
    let lines = Fixtures.screen(driver, width: 60, height: 16)
    #expect(lines.allSatisfy { TextWidth.cells(of: $0) <= 60 })
    Snapshot.assert(lines, named: "learn-60x16")
  }

  @Test("the too-small screen")
  func tooSmall() {
    Snapshot.assert(Fixtures.screen(Fixtures.learning(), width: 50, height: 12), named: "too-small")
  }

  @Test("NO_COLOR: the same words, no colour in any cell")
  func noColor() {
    var driver = Fixtures.learning(colors: false)
    driver.type("[3; 3]")
    driver.press(.enter)
    let buffer = TutorApp.view(driver.state, width: 80, height: 24)
    #expect(buffer.cells.allSatisfy { $0.style.color == .normal })
    Snapshot.assert(buffer.lines, named: "no-color")
  }

  @Test("ASCII fallback: no character outside ASCII")
  func ascii() {
    var driver = Fixtures.learning(mathStyle: .ascii)
    driver.type("[3; 3]")
    driver.press(.enter)
    let lines = Fixtures.screen(driver)
    #expect(
      lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) },
      "\(lines.joined(separator: "\n"))")
    Snapshot.assert(lines, named: "ascii")
  }
}
