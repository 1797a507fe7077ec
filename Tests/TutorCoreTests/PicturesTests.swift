import Foundation
import TerminalText
import Testing
import TutorEngine
import TutorLessons
import TutorMath

@testable import TutorCore

/// Matrices in 2-D in prose, the receptive field of a convolution, the loss curve.
@Suite("Pictures")
struct PicturesTests {
  static func learning(
    _ id: String, step: Int = 1, colors: Bool = true, mathStyle: MathStyle = .unicode
  )
    throws -> TutorDriver
  {
    var driver = Fixtures.driver(colors: colors, mathStyle: mathStyle)
    driver.send(.lessonOpened(try Fixtures.bound(id), mode: .learn))
    for _ in 1..<step { driver.press(.control("n")) }
    return driver
  }

  // MARK: - Matrices as matrices

  @Test("a matrix in prose stands in 2-D on its own lines, the sentence around it")
  func proseMatrix() throws {
    let driver = try Self.learning("relu-1-2-2-1", step: 3)
    let screen = Fixtures.screen(driver)
    Snapshot.assert(screen, named: "prose-matrix-2d")
    #expect(screen.contains { $0.contains("⎡ −1   1 ⎤") })
    #expect(screen.contains { $0.contains("W⁽²⁾ = ⎣  1  −1 ⎦:") })
    // Not inline any more where it fits.
    #expect(!screen.contains { $0.contains("[-1 1; 1 -1]") || $0.contains("[−1 1; 1 −1]") })
  }

  @Test("2-D in ASCII with plain brackets; inline where the width is too small")
  func proseMatrixFallbacks() {
    let text = "The weights $W = \\begin{bmatrix} 1 & -2 \\\\ 3 & 4 \\end{bmatrix}$, then more."
    let ascii = MathRenderer.prose(text, width: 40, style: .ascii)
    // The name on the block's baseline (its second row), the comma after it.
    #expect(ascii == ["The weights", "        [ 1  -2 ]", "    W = [ 3   4 ],", "then more."])
    let narrow = MathRenderer.prose(text, width: 14)
    #expect(narrow.contains { $0.contains("[1 −2; 3 4]") })
    let oneLine = MathRenderer.prose(text, width: 100_000)
    #expect(oneLine == ["The weights W = [1 −2; 3 4], then more."])
  }

  // MARK: - The receptive field

  @Test("conv-3x3: the step asking for O₁,₁ shows I with its window beside K")
  func receptiveField() throws {
    let driver = try Self.learning("conv-3x3", step: 1)
    let buffer = TutorApp.view(driver.state, width: 80, height: 24)
    Snapshot.assert(buffer.lines, named: "receptive-field")
    let row = try #require(buffer.lines.firstIndex { $0.contains("⎡ 1  2  3 ⎤   ") })
    // The window, rows 1–2 and columns 1–2 of I, is in reverse video; column 3 is not.
    let one = try #require(buffer.lines[row].firstIndex(of: "1"))
    let column = buffer.lines[row].distance(from: buffer.lines[row].startIndex, to: one)
    #expect(buffer[row, column].style.reverse)
    #expect(buffer[row + 1, column].style.reverse)
    #expect(!buffer[row + 2, column].style.reverse)
    #expect(!buffer[row, column + 6].style.reverse)
    // The smallest layout still shows it, first under the title.
    let small = Fixtures.screen(driver, width: 60, height: 16)
    #expect(small[3].contains("Receptive field of O₁,₁"))
    #expect(small.contains { $0.contains("I = ⎢ 4  5  6 ⎥   K = ⎣ -1   1 ⎦") })
  }

  @Test("in replay the window moves with the steps; NO_COLOR brackets it")
  func receptiveFieldReplay() throws {
    var driver = Fixtures.driver(colors: false)
    driver.send(.lessonOpened(try Fixtures.bound("conv-3x3"), mode: .replay))
    let first = Fixtures.screen(driver)
    #expect(first.contains { $0.contains("⎡[1  2] 3 ⎤       ⎡  2   0 ⎤") })
    driver.press(.right)
    let second = Fixtures.screen(driver)
    Snapshot.assert(second, named: "receptive-field-replay-no-color")
    #expect(second.contains { $0.contains("⎡ 1  2  3 ⎤") })
    #expect(second.contains { $0.contains("⎢[4  5] 6 ⎥") })
    #expect(second.contains { $0.contains("⎣[1  5] 3 ⎦") })
    driver.press(.right)
    #expect(!Fixtures.screen(driver).contains { $0.contains("Receptive field") })
  }

  @Test("maxpool-conv: O[1, 1] of a convolution, and ASCII brackets")
  func receptiveFieldASCII() throws {
    let bound = try Fixtures.bound("maxpool-conv")
    let step = try #require(
      bound.lesson.steps.firstIndex { step in
        if case .value(let ask) = step.question { return ask.text == "O[1, 1]" }
        return false
      })
    let field = try #require(ReceptiveField(bound, step: step))
    #expect(field.rows == 0..<2 && field.columns == 0..<2)
    let drawn = field.lines(bound, style: .ascii, brackets: true, concealment: .none)
    #expect(drawn.lines.contains { $0.contains("|[1  2] 0  3  1 |") })
    #expect(drawn.lines.allSatisfy { $0.allSatisfy(\.isASCII) })
    // Steps that ask for a whole matrix or a gradient have no receptive field.
    #expect(ReceptiveField(bound, step: step + 1) == nil)
  }

  // MARK: - The loss curve

  @Test("the chart: braille dots, labelled axes, exactly the size asked")
  func chart() {
    let series = (0...40).map { 4 * exp(-Double($0) / 8) + 0.5 }
    let lines = LossChart.lines(series, width: 60, height: 12)
    Snapshot.assert(lines, named: "loss-chart")
    #expect(lines.count == 12)
    #expect(lines.allSatisfy { TextWidth.cells(of: $0) <= 60 })
    // Largest, middle and smallest loss on the y axis.
    #expect(lines[0].hasPrefix("  4.5 ┤"))
    #expect(lines[5].hasPrefix("2.513 ┤"))
    #expect(lines[9].hasPrefix("0.527 ┤"))
    #expect(lines[11].contains("0") && lines[11].contains("20") && lines[11].hasSuffix("40"))
    let ascii = LossChart.lines(series, width: 60, height: 12, ascii: true)
    Snapshot.assert(ascii, named: "loss-chart-ascii")
    #expect(ascii.allSatisfy { $0.allSatisfy(\.isASCII) })
    #expect(ascii.joined().contains("*"))
  }

  @Test("F5 shows the curve only after the SGD step is earned, trained from the lesson")
  func curveKey() throws {
    var driver = try Self.learning("relu-1-2-2-1")
    driver.press(.function(5))
    #expect(driver.state.screen == .learn)
    #expect(driver.state.status?.contains("after step 15") == true)
    while driver.state.learn!.stepIndex < 14 { driver.press(.control("n")) }
    driver.press(.control("r"))
    driver.press(.control("n"))
    driver.press(.control("p"))
    #expect(
      Fixtures.screen(driver).contains {
        $0.contains("F5: the loss over the next 100 steps of gradient descent")
      })
    driver.press(.function(5))
    #expect(driver.state.screen == .curve)
    #expect(driver.state.curve?.series.count == 101)
    #expect(driver.state.curve?.series.first == 9)
    let screen = Fixtures.screen(driver)
    #expect(screen.contains { $0.contains("100 steps of gradient descent on W⁽¹⁾, W⁽²⁾, W⁽³⁾") })
    #expect(screen.contains { $0.contains("9 ┤") })
    for size in [(60, 16), (120, 40)] {
      let lines = Fixtures.screen(driver, width: size.0, height: size.1)
      #expect(lines.contains { $0.contains("loss 9 at step 0") }, "\(size)")
    }
    driver.press(.escape)
    #expect(driver.state.screen == .learn)
    // `:curve` and `:values` do what F5 and F4 do, for terminals that swallow them.
    driver.type(":curve")
    driver.press(.enter)
    #expect(driver.state.screen == .curve)
    driver.press(.escape)
    let panel = driver.state.valuesPanelToggled
    driver.type(":values")
    driver.press(.enter)
    #expect(driver.state.valuesPanelToggled == !panel)
  }
}
