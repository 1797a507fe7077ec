import Foundation
import TerminalText
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
    Snapshot.assert(Fixtures.screen(Fixtures.answered("[3; -3]")), named: "learn-correct")
  }

  @Test("after a close answer")
  func close() {
    Snapshot.assert(Fixtures.screen(Fixtures.answered("[3.05; -3]")), named: "learn-close")
  }

  @Test("after a second wrong matrix answer: entries marked in place")
  func wrongMatrix() {
    // The first wrong answer only counts the entries off (marks are a hint); the second
    // marks them.
    var driver = Fixtures.answered("[0 0; -18 5]", atStep: 11)  // ∂J/∂W⁽²⁾
    driver.type("[0 0; -18 5]")
    driver.press(.enter)
    Snapshot.assert(Fixtures.screen(driver), named: "learn-wrong-matrix")
  }

  @Test("a malformed answer gets a caret")
  func malformed() {
    Snapshot.assert(Fixtures.screen(Fixtures.answered("[3; -3")), named: "learn-malformed")
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

  @Test("explore in a small window wraps its introduction and scrolls with PgDn/PgUp")
  func exploreScrolls() {
    var driver = Fixtures.learning()
    driver.press(.function(3))
    let first = Fixtures.screen(driver, width: 60, height: 16)
    // The introduction wraps instead of being cut at the edge.
    #expect(first.contains { $0.hasPrefix(" Change a given and every value recomputes") })
    #expect(first.contains { $0.trimmingCharacters(in: .whitespaces) == "engine." })
    // Not everything fits: the rule says how much more, the key bar how to see it.
    #expect(first.contains { $0.contains("PgDn:") && $0.contains("more") })
    #expect(first.contains { $0.contains("PgUp/PgDn scroll") })
    #expect(!first.contains { $0.contains("Quantities") })
    for _ in 0..<4 { driver.press(.pageDown) }
    let scrolled = Fixtures.screen(driver, width: 60, height: 16)
    // At the end: the last quantity is shown (still concealed: step 1 is not solved).
    #expect(scrolled.contains { $0.contains("Quantities") })
    #expect(scrolled.contains { $0.hasPrefix("   J = ?") })
    #expect(scrolled.contains { $0.contains("PgUp: back to the top") })
    // PgUp goes back; typing still goes to the set> line.
    for _ in 0..<8 { driver.press(.pageUp) }
    driver.type("x = 2")
    let back = Fixtures.screen(driver, width: 60, height: 16)
    #expect(back.contains { $0.hasPrefix(" Change a given") })
    #expect(back.contains { $0.hasPrefix(" set> x = 2") })
    // At 80×24 everything fits: no scrolling offered.
    #expect(!Fixtures.screen(driver).contains { $0.contains("PgUp/PgDn") })
  }

  @Test("a long choice feedback wraps; the worked option wraps")
  func longFeedback() {
    // Option 3 at variant 0 (choices are shuffled per variant): "Differentiating from
    // scratch…", a wrong option whose feedback takes two lines.
    var driver = Fixtures.answered("3", atStep: 18)
    driver.press(.control("r"))
    Snapshot.assert(Fixtures.screen(driver), named: "learn-choice-wrapped")
  }

  @Test("the help screen")
  func help() {
    var driver = Fixtures.learning()
    driver.press(.function(1))
    Snapshot.assert(Fixtures.screen(driver), named: "help")
  }

  @Test("the smallest layout, 60×16: a second wrong answer still shows its marks")
  func smallest() {
    var driver = Fixtures.answered("[3; 3]")
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

  @Test("a very narrow window still shows the whole too-small message")
  func veryNarrow() {
    let text = Fixtures.screen(Fixtures.learning(), width: 24, height: 12).joined(separator: " ")
    let words = text.split(separator: " ").joined(separator: " ")
    #expect(words.contains("at least 60×16; this one is 24×12."), "\(words)")
    #expect(words.contains("press Ctrl-C to quit."))
  }

  @Test("NO_COLOR: the same words, no colour in any cell")
  func noColor() {
    let driver = Fixtures.answered("[3; 3]", colors: false)
    let buffer = TutorApp.view(driver.state, width: 80, height: 24)
    #expect(buffer.cells.allSatisfy { $0.style.color == .normal })
    Snapshot.assert(buffer.lines, named: "no-color")
  }

  @Test("ASCII fallback: no character outside ASCII")
  func ascii() {
    let lines = Fixtures.screen(Fixtures.answered("[3; 3]", mathStyle: .ascii))
    #expect(
      lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) },
      "\(lines.joined(separator: "\n"))")
    Snapshot.assert(lines, named: "ascii")
  }
}
