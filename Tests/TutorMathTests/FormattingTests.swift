import Testing
import TutorEngine

@testable import TutorMath

@Suite("Number and tensor formatting")
struct FormattingTests {
  @Test(
    "numbers: integers plainly, others to 4 significant figures",
    arguments: [
      (-18.0, "-18"), (0.081933, "0.08193"), (1.0 / 3, "0.3333"), (1.5, "1.5"),
      (1234.5678, "1235"), (1_234_567.8, "1.235e6"), (2e-7, "2e-7"), (-0.0, "0"), (0.01, "0.01"),
      (1.18, "1.18"), (-6, "-6"), (.nan, "NaN"), (.infinity, "∞"),
    ] as [(Double, String)])
  func number(value: Double, text: String) {
    #expect(NumberFormat.string(value) == text)
  }

  @Test("ASCII infinity")
  func asciiInfinity() {
    #expect(NumberFormat.string(-.infinity, style: .ascii) == "-inf")
  }

  @Test("inline tensors in answer syntax, and how the checker reads them")
  func inline() throws {
    #expect(TensorFormat.inline(try .column([3, 0])) == "[3; 0]")
    #expect(TensorFormat.inline(try .row([0, -18])) == "[0, -18]")
    #expect(TensorFormat.inline(try Tensor(rows: [[6, 8], [9, 8]])) == "[6 8; 9 8]")
    #expect(TensorFormat.reading(try .column([3, 0])) == "a 2×1 column [3; 0]")
    #expect(TensorFormat.reading(Tensor(-6)) == "the number -6")
    #expect(
      TensorFormat.reading(try Tensor(rows: [[6, 8], [9, 8]])) == "a 2×2 matrix [6 8; 9 8]")
  }

  @Test("blocks: aligned columns inside tall brackets, ASCII brackets on every line")
  func block() throws {
    let matrix = try Tensor(rows: [[0, 0], [-18, 0.5]])
    #expect(TensorFormat.block(matrix) == ["⎡   0    0 ⎤", "⎣ -18  0.5 ⎦"])
    #expect(TensorFormat.block(matrix, style: .ascii) == ["[   0    0 ]", "[ -18  0.5 ]"])
    let three = try Tensor.column([1, 2, 3])
    #expect(TensorFormat.block(three) == ["⎡ 1 ⎤", "⎢ 2 ⎥", "⎣ 3 ⎦"])
  }

  @Test("JSON nests by shape; a scalar is a bare number")
  func json() throws {
    #expect(TensorJSON.string(try .column([3, 0])) == #"{"shape": [2, 1], "value": [[3], [0]]}"#)
    #expect(TensorJSON.string(Tensor(0.25)) == #"{"shape": [], "value": 0.25}"#)
  }
}
