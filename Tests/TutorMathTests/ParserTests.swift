import Testing
import TutorEngine

@testable import TutorMath

/// Evaluates `text` with optional bindings; the value or the error.
func evaluate(_ text: String, _ bindings: [String: Tensor] = [:], lessonForms: Bool = true)
  -> Result<
    Tensor, MathError
  >
{
  var options = Evaluator.Options()
  options.allowsLessonForms = lessonForms
  var evaluator = Evaluator(options: options)
  for (name, value) in bindings.sorted(by: { $0.key < $1.key }) {
    _ = try? evaluator.bindInput(name, value)
  }
  do {
    let id = try evaluator.evaluate(text)
    return .success(evaluator.value(of: id))
  } catch {
    return .failure(error)
  }
}

/// The grammar as a specification: every form reads as a person would read it.
@Suite("Math language: grammar")
struct ParserTests {
  @Test(
    "numbers, operators and precedence",
    arguments: [
      ("3", 3.0), ("-1.5", -1.5), (".5", 0.5), ("1e-3", 0.001), ("2.5E+2", 250), ("−4", -4),
      ("1/3", 1.0 / 3), ("-2*(6 - 3)", -6), ("-2^2", -4), ("2^3^2", 512), ("2**3", 8),
      ("2 · 3", 6), ("2 × 3", 6), ("2 ⊙ 3", 6), ("10 - 4 - 3", 3), ("2^-1", 0.5),
      ("(1 + 2) * 3", 9), ("+5", 5), ("--5", 5), ("8/2/2", 2),
    ] as [(String, Double)])
  func scalar(text: String, value: Double) throws {
    let result = try evaluate(text).get()
    #expect(result.isScalarLike)
    #expect(abs((result.scalarValue ?? .nan) - value) < 1e-12)
  }

  @Test(
    "vectors and matrices: rows, columns, nested lists, bare answers",
    arguments: [
      ("[1, 2, 3]", [1, 3], [1.0, 2, 3]),
      ("[1; 2; 3]", [3, 1], [1, 2, 3]),
      ("[1 2; 3 4]", [2, 2], [1, 2, 3, 4]),
      ("[[1, 2], [3, 4]]", [2, 2], [1, 2, 3, 4]),
      ("3 0", [1, 2], [3, 0]),
      ("6 8; 9 8", [2, 2], [6, 8, 9, 8]),
      ("[1 -2]", [1, 2], [1, -2]),  // a signed entry after a space
      ("[1 - 2]", [1, 1], [-1]),  // an operator between spaces
      ("[1 -2 + 3]", [1, 2], [1, 1]),
      ("[2*3, 4/2]", [1, 2], [6, 2]),
      ("[1; 2]'", [1, 2], [1, 2]),
      ("[1, 2]ᵀ", [2, 1], [1, 2]),
      ("[[1, 2]]", [1, 2], [1, 2]),
      ("[[1; 2], [3; 4]]", [2, 2], [1, 3, 2, 4]),  // column blocks side by side
    ] as [(String, [Int], [Double])])
  func matrix(text: String, shape: [Int], scalars: [Double]) throws {
    let result = try evaluate(text).get()
    #expect(result.shape == shape)
    #expect(result.scalars == scalars)
  }

  @Test(
    "syntax errors say what was expected, with the caret under the problem",
    arguments: [
      ("2 * (3 + )", 9, "expected a number, a name, `(` or `[` after `+`, found `)`"),
      ("(1 + 2", 6, "expected `)` to close the `(` at column 1"),
      ("[1, 2", 5, "expected `]` to close the `[` at column 1"),
      ("[1 2; 3]", 6, "row 2 has 1 entry but row 1 has 2"),
      ("2x", 1, "expected an operator between 2 and `x`"),
      ("1 + $", 4, "unexpected character `$`"),
      ("", 0, "expected an expression, found nothing"),
      ("[]", 0, "empty brackets"),
      ("3 +", 3, "expected a number, a name, `(` or `[` after `+`, found the end of the input"),
      ("1)", 1, "unmatched `)`"),
      ("[1,]", 3, "expected an entry after `,`"),
      ("f(1", 3, "expected `,` or `)` to close the call of `f`"),
      ("{1}", 0, "unexpected character `{`"),
    ] as [(String, Int, String)])
  func syntaxError(text: String, column: Int, message: String) {
    guard case .failure(let error) = evaluate(text) else {
      Issue.record("\(text) should not parse")
      return
    }
    #expect(error.range?.lowerBound == column, "\(error.annotated(source: text))")
    #expect(error.message.hasPrefix(message) || error.message.contains(message), "\(error.message)")
  }

  @Test("the caret line sits under the problem in terminal cells")
  func caret() {
    guard case .failure(let error) = evaluate("σ(x) + ∂") else {
      Issue.record("should fail")
      return
    }
    let lines = error.annotated(source: "σ(x) + ∂").split(separator: "\n")
    #expect(lines.count >= 3)
    #expect(lines[1] == "  σ(x) + ∂")
    #expect(lines[2] == "         ^")
  }

  @Test("limits: length, depth, size, finiteness — each a message, never a crash")
  func limits() {
    let long = String(repeating: "1+", count: 2100) + "1"
    guard case .failure(let tooLong) = evaluate(long) else {
      Issue.record("too long")
      return
    }
    #expect(tooLong.kind == .limit)
    #expect(tooLong.message.contains("4096"))

    // 100 levels are allowed; 101 are refused.
    let hundred = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
    #expect(throws: Never.self) { try evaluate(hundred).get() }
    for deep in [
      String(repeating: "(", count: 101) + "1" + String(repeating: ")", count: 101),
      String(repeating: "-", count: 200) + "1",
      Array(repeating: "2", count: 150).joined(separator: "^"),
      "x" + String(repeating: "'", count: 150),
      String(repeating: "[", count: 150) + "1" + String(repeating: "]", count: 150),
    ] {
      guard case .failure(let error) = evaluate(deep, ["x": Tensor(1)]) else {
        Issue.record("\(deep.prefix(20))… should be refused")
        continue
      }
      #expect(error.kind == .limit, "\(error.message)")
    }
    guard case .failure(let big) = evaluate("zeros(10000, 10000)") else {
      Issue.record("big")
      return
    }
    #expect(big.kind == .limit)
    guard case .failure(let huge) = evaluate("9^9^9^9") else {
      Issue.record("huge")
      return
    }
    #expect(huge.kind == .notFinite)
    #expect(huge.range == SourceRange(2, 7))  // 9^(9^9) is the first infinite part
    guard case .failure(let zero) = evaluate("1 + 1/0") else {
      Issue.record("1/0")
      return
    }
    #expect(zero.kind == .notFinite)
    #expect(zero.range == SourceRange(4, 7))
  }

  @Test("a long flat sum evaluates without deep recursion")
  func longSum() throws {
    let sum = Array(repeating: "1", count: 1500).joined(separator: "+")
    #expect(try evaluate(sum).get() == Tensor(1500))
  }

  @Test("hostile input is refused with a message and a place, never a crash")
  func hostile() {
    for text in [
      String(repeating: "[", count: 10_000), String(repeating: ")", count: 500), "\u{0}\u{7}",
      "1e99999", "[1 2; 3 4] @ [1 2 3]", "W[0]", "x[1, 2, 3, 4, 5]", "softmax()", "eye(-1)",
      "ones(1e9, 1e9)", "conv2d([1], [1], 0)", "norm([1, 2], 0)", "log(-1)",
    ] {
      guard case .failure(let error) = evaluate(text, ["x": Tensor(1), "W": Tensor(2)]) else {
        Issue.record("\(text.prefix(30)) should be refused")
        continue
      }
      #expect(!error.message.isEmpty)
      if let range = error.range {
        #expect(range.lowerBound >= 0 && range.upperBound <= text.count, "\(text.prefix(30))")
      }
    }
  }
}
