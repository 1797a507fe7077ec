import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// Earn every value, at the level of the filled prose (before any layout, so 2-D
/// matrices are covered too): no step's text, display, hints or mistake messages give
/// away a value a step still asks for, whatever has been earned so far.
@Suite("Concealment in prose")
struct ConcealmentTests {
  static let lessonIDs = LessonCatalog.ids(in: Repository.lessons)

  /// How a placeholder would write `value` into prose: a number, an inline vector, or
  /// TeX's bmatrix inside math.
  static func writings(_ value: Tensor) -> [String] {
    if let number = value.scalarValue { return ["= " + NumberFormat.string(number)] }
    var forms = [TensorFormat.inline(value)]
    if value.rank == 2 { forms.append(Placeholders.bmatrix(value)) }
    return forms
  }

  @Test(
    "earning steps in order, and skipping ahead, never fills in an unearned value",
    arguments: lessonIDs)
  func prose(id: String) throws {
    let bound = try boundLesson(id)
    let count = bound.lesson.steps.count
    // Nothing earned, then the first k steps earned.
    for earnedCount in 0...count {
      let earned = Set(0..<earnedCount)
      let concealment = Concealment(bound, earned: earned)
      var visible = bound.lesson.givens.compactMap { bound.value(of: $0.name) }
      visible += earned.compactMap { bound.askedValues[$0] }
      let hidden = bound.askedValues.enumerated().filter { index, value in
        guard let value, !earned.contains(index) else { return false }
        return !visible.contains { $0.count == value.count && $0.scalars == value.scalars }
      }
      for step in bound.lesson.steps {
        var texts = [step.text] + step.hints + step.mistakes.map(\.message)
        if let display = step.display { texts.append(display) }
        for text in texts {
          let filled = try bound.fill(text, context: "prose", concealment: concealment)
          for (index, value) in hidden {
            // A literal the author wrote (∂P/∂O = 1) is not a filled-in value; a literal
            // answer in a hint would be, and is caught by the lesson review instead.
            for writing in Self.writings(value!)
            where filled.contains(writing) && !text.text.contains(writing) {
              let place = "\(id) with \(earnedCount) steps earned: step `\(step.id)`"
              Issue.record("\(place) shows \(writing), asked by step \(index + 1)")
            }
          }
        }
      }
    }
  }

  @Test("a hidden value names the step that computes it; an earned one is shown")
  func marker() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    let text = bound.lesson.steps[1].text  // "Apply the ReLU … with a⁽¹⁾ = {a1}"
    let hidden = try bound.fill(text, context: "prose", concealment: Concealment(bound, earned: []))
    #expect(hidden.contains("?\\,\\text{(step 1)}"))
    let shown = try bound.fill(text, context: "prose", concealment: Concealment(bound, earned: [0]))
    #expect(!shown.contains("(step 1)"))
    #expect(shown.contains(Placeholders.bmatrix(try #require(bound.value(of: "a1")))))
  }

  @Test(
    "one operation: the operand of tanh(a₂) is hidden, the h that x̃ = W h + b is asked from is not")
  func oneOperationOperands() throws {
    #expect(try Parser.parse("tanh(a2)").operationCount == 1)
    #expect(try Parser.parse("mean(l)").operationCount == 1)
    #expect(try Parser.parse("W2 @ h + b").operationCount == 2)
    #expect(try Parser.parse("[1 2; 3 4]").operationCount == 0)
    // softmax-cross-entropy step 1 gives h to ask x̃ = W⁽²⁾h + b: two operations from it.
    let scores = try boundLesson("softmax-cross-entropy")
    let h = try #require(scores.value(of: "h"))
    #expect(Concealment(scores, earned: []).showsValue(of: "h", h))
    // rnn-bptt asks h₂ = tanh(a₂): a₂ gives it away by one operation until it is earned.
    let rnn = try boundLesson("rnn-bptt")
    let a2 = try #require(rnn.value(of: "a2"))
    let asksH2 = try #require(
      rnn.lesson.steps.firstIndex { step in
        if case .value(let ask) = step.question { return ask.text == "h2" }
        return false
      })
    #expect(!Concealment(rnn, earned: Set(0..<asksH2)).showsValue(of: "a2", a2))
    #expect(Concealment(rnn, earned: Set(0...asksH2)).showsValue(of: "a2", a2))
  }

  @Test("a quantity computed from an unearned one is hidden with it, until that is earned")
  func dependents() throws {
    let bound = try boundLesson("batch-gradients")
    // Step 1 asks for p = Xw + b; r = p − y is asked by no step but gives p away.
    let r = try #require(bound.value(of: "r"))
    let fresh = Concealment(bound, earned: [])
    #expect(!fresh.showsValue(of: "r", r))
    #expect(fresh.concealingStep(of: Expr(.name("r"), SourceRange(at: 0)), r) == 0)
    // Earned in order, it shows (L = mean(r²)/2, asked by step 2, is three operations from
    // r, not one); so does everything else computed from givens alone.
    #expect(Concealment(bound, earned: [0]).showsValue(of: "r", r))
    let x4 = try #require(bound.value(of: "X4"))
    #expect(fresh.showsValue(of: "X4", x4))
  }

  @Test("a quantity a step asks for shows once earned, even when what it uses is not")
  func earnedDependent() throws {
    let bound = try boundLesson("relu-1-2-2-1")
    // Step 3 asks for a2 = W2 h1; revealed while step 2 (h1) is not, a2 shows, h1 not.
    let concealment = Concealment(bound, earned: [0, 2])
    let a2 = try #require(bound.value(of: "a2"))
    let h1 = try #require(bound.value(of: "h1"))
    #expect(concealment.showsValue(of: "a2", a2))
    #expect(!concealment.showsValue(of: "h1", h1))
    // h2 = relu(a2), asked by step 4, is hidden by its own step, not by step 2.
    let h2 = try #require(bound.value(of: "h2"))
    #expect(concealment.concealingStep(of: Expr(.name("h2"), SourceRange(at: 0)), h2) == 3)
  }

  @Test("a loss gradient reached through an unearned one is hidden with it")
  func gradientDependents() throws {
    let bound = try boundLesson("sigmoid-chain")
    // Step 3 asks for ∂E/∂y; no step asks for ∂E/∂a2 = ∂E/∂y · σ′(a2), which the
    // prose of a later step quotes, so it waits for step 3.
    #expect(bound.askedGradientName(step: 2) == "y")
    let gradient = try #require(bound.lossGradients["a2"])
    let forward = Concealment(bound, earned: [0, 1])
    #expect(!forward.showsGradient(of: "a2", gradient))
    // Step 6 asks ∂E/∂w2 = ∂E/∂a2 · h, one operation from ∂E/∂a2: it waits for that too.
    #expect(!Concealment(bound, earned: [0, 1, 2]).showsGradient(of: "a2", gradient))
    #expect(!Concealment(bound, earned: [0, 1, 2, 3, 4]).showsGradient(of: "a2", gradient))
    #expect(Concealment(bound, earned: [0, 1, 2, 3, 4, 5]).showsGradient(of: "a2", gradient))
    // The inputs' gradients follow the same way: ∂E/∂x is hidden until then too.
    let input = try #require(bound.lossGradients["x"])
    #expect(!forward.showsGradient(of: "x", input))
  }

  @Test(
    "a formula in a placeholder is hidden when it reads an unearned value, shown when it is earned")
  func formulas() throws {
    let sigmoid = try boundLesson("sigmoid-chain")
    // Step 2 asks for y; 1 − y is no number of the lesson, but gives y away.
    let oneMinusZ = try Parser.parse("1 - y")
    let value = try sigmoid.evaluate(oneMinusZ)
    #expect(Concealment(sigmoid, earned: [0]).concealingStep(of: oneMinusZ, value) == 1)
    // With y earned, 1 − y is still −∂E/∂y (t = 1), one operation from step 3's answer.
    #expect(Concealment(sigmoid, earned: [0, 1]).concealingStep(of: oneMinusZ, value) == 2)
    #expect(Concealment(sigmoid, earned: [0, 1, 2]).concealingStep(of: oneMinusZ, value) == nil)
    // conv-3x3: step 2 asks for O[2, 1] (12) and a later step for all of O. Earned, the
    // entry shows in its worked line though it reads O.
    let conv = try boundLesson("conv-3x3")
    let entry = try Parser.parse("O[2, 1]")
    let number = try conv.evaluate(entry)
    #expect(Concealment(conv, earned: []).concealingStep(of: entry, number) != nil)
    #expect(Concealment(conv, earned: [1]).concealingStep(of: entry, number) == nil)
  }
}
