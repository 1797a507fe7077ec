import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// The catalogue of wrong derivations as a specification: each row is a typical student
/// mistake, written as the buggy derivation that produces it (an expression over the
/// lesson's own quantities), and the misconception the tutor must name for it — at the
/// lesson's values and at a drawn variant. A lesson's declared mistake, where it has one,
/// may answer first.
@Suite("Misconceptions: named only when a wrong derivation reproduces the answer")
struct MisconceptionCatalogueTests {
  struct Case: CustomStringConvertible, Sendable {
    var lesson: String
    var step: String
    /// The buggy derivation, in the lesson's names (`grad` allowed).
    var buggy: String
    var kind: Misconception.Kind

    init(_ lesson: String, _ step: String, _ buggy: String, _ kind: Misconception.Kind) {
      self.lesson = lesson
      self.step = step
      self.buggy = buggy
      self.kind = kind
    }

    var description: String { "\(lesson) \(step): \(buggy) → \(kind.rawValue)" }
  }

  static let cases: [Case] = [
    // relu-1-2-2-1: a1 = W1 x, h1 = relu(a1), a2 = W2 h1, h2 = relu(a2), y = W3 h2, J = (t − y)²
    Case("relu-1-2-2-1", "h2", "a2", .activationSkipped),
    Case("relu-1-2-2-1", "h3", "W3 @ a2", .activationSkipped),
    Case("relu-1-2-2-1", "h3", "W3 @ h1", .wrongOperand),
    Case("relu-1-2-2-1", "dJ-dh3", "-(t - y)", .powerFactorDropped),
    Case("relu-1-2-2-1", "dJ-dW3", "grad(J, y) @ h1'", .wrongOperand),
    Case("relu-1-2-2-1", "dJ-dW3", "grad(J, y) @ a2'", .activationSkipped),
    Case("relu-1-2-2-1", "dJ-da2", "grad(J, h2) * relu(a2)", .activationForDerivative),
    Case("relu-1-2-2-1", "dJ-dW2", "grad(J, a2) @ a1'", .activationSkipped),
    Case("relu-1-2-2-1", "dJ-dh1", "W2 @ grad(J, a2)", .transposeMissing),
    Case("relu-1-2-2-1", "sgd", "W1 - grad(J, W1)", .scaleMissing),
    // sigmoid-chain: a1 = w1 x, h = σ(a1), a2 = w2 h, y = σ(a2), E = (t − y)²/2
    Case("sigmoid-chain", "forward-z", "sigmoid(w2 * a1)", .activationSkipped),
    Case("sigmoid-chain", "dE-dw2", "grad(E, y) * h", .derivativeDropped),
    Case("sigmoid-chain", "dE-dw2", "grad(E, y) * y * h", .activationForDerivative),
    Case("sigmoid-chain", "dE-dp1", "grad(E, a2) * w2", .derivativeDropped),
    // tanh-mlp-batch: A = X W1 + b1, H = tanh(A), Ŷ = H w2 + b2, ℓ = (Ŷ − T)²/2, L = mean(ℓ)
    Case("tanh-mlp-batch", "H", "X @ W1 + b1", .activationSkipped),
    Case("tanh-mlp-batch", "P", "A @ w2 + b2", .activationSkipped),
    Case("tanh-mlp-batch", "loss", "sum(ell)", .sumForMean),
    Case("tanh-mlp-batch", "dL-dP", "Yhat - T", .sumForMean),
    Case("tanh-mlp-batch", "dL-dw2", "H' @ (Yhat - T)", .sumForMean),
    Case("tanh-mlp-batch", "dL-dA", "grad(L, H) * (1 - H)", .tanhDerivativeUnsquared),
    Case("tanh-mlp-batch", "dL-dA", "grad(L, H)", .derivativeDropped),
    // batchnorm: mu = mean(X, dim 1), Xc = X − mu, sigma2 = mean(Xc², dim 1),
    // sigma = √(sigma2 + ε), Xhat = Xc / sigma
    Case("batchnorm", "mean", "sum(X, dim = 1)", .sumForMean),
    Case("batchnorm", "variance", "sum(Xc^2, dim = 1) / 2", .besselCorrection),
    Case(
      "batchnorm", "dX", "grad(L, Xhat) / sigma - mean(grad(L, Xhat) / sigma, dim = 1)",
      .pathDropped),
    Case("batchnorm", "dgamma", "sum(G * Xc, dim = 1)", .wrongOperand),
    // layernorm: the same over each row
    Case("layernorm", "mu", "sum(X, dim = 2)", .sumForMean),
    Case("layernorm", "var", "sum(D^2, dim = 2) / 3", .besselCorrection),
    Case("layernorm", "Y", "gamma * D + beta", .wrongOperand),
    // softmax-cross-entropy: a = W1 u, h = relu(a), xt = W2 h + b, ŷ = softmax(xt)
    Case("softmax-cross-entropy", "scores", "W2 @ a + b", .activationSkipped),
    Case("softmax-cross-entropy", "loss", "crossentropy(yhat, t) / log(10)", .log10ForLn),
    Case("softmax-cross-entropy", "dW2", "grad(L, xt) @ a'", .activationSkipped),
    // cross-entropy-batch: Z = X W + b, lse = logsumexp(Z, dim 2), L = mean(ℓ)
    Case("cross-entropy-batch", "logsumexp", "logsumexp(Z, dim = 2) / log(10)", .log10ForLn),
    Case("cross-entropy-batch", "probabilities", "softmax(Z, dim = 1)", .otherAxis),
    Case("cross-entropy-batch", "loss", "sum(l)", .sumForMean),
    Case("cross-entropy-batch", "batch-gradient", "P - T", .sumForMean),
    // dropout: c = 1/q (q the keep probability), hd = m ⊙ h · c, y = w hd
    Case("dropout", "dropped", "m * h", .scaleMissing),
    Case("dropout", "dropped", "m * h * c * c", .scaleTwice),
    Case("dropout", "dh", "grad(L, hd) * m", .scaleMissing),
    // attention-head: S = Q Kᵀ, Z = S/√d, A = softmax(Z, dim 2), O = A V
    Case("attention-head", "scaled", "S", .scaleMissing),
    Case("attention-head", "weights", "softmax(Z, dim = 1)", .otherAxis),
    Case("attention-head", "weights", "softmax(S, dim = 2)", .wrongOperand),
    Case("attention-head", "dV", "A @ grad(L, O)", .transposeMissing),
    Case("attention-head", "dS", "grad(L, Z)", .scaleMissing),
    // embedding: X = lookup(E, ids), s = X w, L = Σ(s − y)²/2
    Case("embedding", "loss", "mean((s - y)^2) / 2", .meanForSum),
    Case("embedding", "sgd", "E - grad(L, E)", .scaleMissing),
    // the second row of ids (2) repeats the first's: overwritten, only the last counts
    Case("embedding", "dE", "grad(L, E) - onehot(ids[1:1], 4)' @ grad(L, X)[1:1, :]", .pathDropped),
    Case("relu-1-2-2-1", "dJ-dh3", "2 * (t - y)", .signError),
    // maxpool-conv: O = conv2d(I, K), P = maxpool2d(O, 2), L = Σ(P − T)²/2
    Case("maxpool-conv", "O", "conv2d(I, [K[2, 2], K[2, 1]; K[1, 2], K[1, 1]])", .kernelFlipped),
    Case(
      "maxpool-conv", "dL-dI",
      "grad(sum(conv2d(I, [K[2, 2], K[2, 1]; K[1, 2], K[1, 1]]) * grad(L, O)), I)",
      .kernelFlipped),
    // conv-3x3: O = conv2d(I, K)
    Case(
      "conv-3x3", "O",
      "conv2d(I, [K[2, 2], K[2, 1]; K[1, 2], K[1, 1]])",
      .kernelFlipped),
    // residual-block: a = W1 x, h = relu(a), F = W2 h, y = x + F
    Case("residual-block", "F", "W2 @ a", .activationSkipped),
    Case("residual-block", "dL-dx", "W1' @ grad(L, a)", .pathDropped),
    // rnn-bptt: a1 = W h0 + U x1, h1 = tanh(a1), a2 = W h1 + U x2, h2 = tanh(a2)
    Case("rnn-bptt", "h2", "tanh(W @ a1 + U * x2)", .activationSkipped),
    Case("rnn-bptt", "da2", "grad(L, h2) * (1 - h2)", .tanhDerivativeUnsquared),
    Case("rnn-bptt", "dh1", "W @ grad(L, a2)", .transposeMissing),
    Case("rnn-bptt", "dW", "grad(L, a2) @ h1'", .pathDropped),
    // linear-layer: y = W x + b, L = Σ g ⊙ y
    Case("linear-layer", "forward", "W' @ x + b", .transposeExtra),
    Case("linear-layer", "dL-dx", "W @ g", .transposeMissing),
    // lp-regularization: J = Σ(w − t)²/2, Jt = J + α Σ|w|ᵖ
    Case("lp-regularization", "data-gradient", "2 * (w - t)", .scaleMissing),
    Case("lp-regularization", "p2", "(w - t) + alpha * w", .powerFactorDropped),
    // layer-jacobians: xt1 = W1 x0 + b1, x1 = relu(xt1)
    Case("layer-jacobians", "dL-dxt1", "grad(L, x1)", .derivativeDropped),
    // batch-gradients: p = X w + b, r = p − y, L = mean(r²)/2
    Case("batch-gradients", "loss", "sum(r^2) / 2", .sumForMean),
    Case("batch-gradients", "batch-w", "X' @ r", .sumForMean),
    Case("batch-gradients", "batch-b", "sum(r)", .sumForMean),
  ]

  /// The answer a learner following the buggy derivation types: its value, in full.
  static func typed(_ value: Tensor) -> String {
    func number(_ x: Double) -> String { String(format: "%.12g", x) }
    if value.count == 1 { return number(value.scalars[0]) }
    let columns = value.rank == 2 ? value.shape[1] : value.count
    let rows = stride(from: 0, to: value.count, by: columns).map { start in
      value.scalars[start..<start + columns].map(number).joined(separator: ", ")
    }
    return "[" + rows.joined(separator: "; ") + "]"
  }

  /// The verdict on the buggy answer at `variant`, or nil when the bug changes nothing there.
  static func verdict(_ row: Case, variant: Int) throws -> (Verdict, String)? {
    let bound = try boundLesson(row.lesson, variant: variant)
    let index = try #require(bound.lesson.steps.firstIndex { $0.id == row.step }, "\(row)")
    let wrong = try bound.evaluate(row.buggy)
    guard case .value(let expected) = try bound.expectation(forStep: index),
      !Concealment.same(wrong, expected)
    else { return nil }
    let answer = typed(wrong)
    return (StepChecker(bound).check(answer, step: index), answer)
  }

  @Test(
    "the catalogue names the misconception whose derivation reproduces the answer", arguments: cases
  )
  func named(_ row: Case) throws {
    var judged = 0
    for variant in [0, 3, 7] {
      guard let (verdict, answer) = try Self.verdict(row, variant: variant) else { continue }
      judged += 1
      #expect(verdict.kind == .incorrect, "variant \(variant): \(answer)")
      switch verdict.diagnosis {
      case .misconception(let found)?:
        #expect(found.kind == row.kind, "variant \(variant): \(answer) named \(found)")
      case .declaredMistake?: break  // the lesson's own words come first
      default:
        Issue.record("variant \(variant): \(answer) got \(String(describing: verdict.diagnosis))")
      }
    }
    #expect(judged >= 2, "the buggy derivation differs from the answer at two variants at least")
  }

  @Test("a random wrong answer names no misconception, in every value step of every lesson")
  func randomAnswers() throws {
    var generator = SeededGenerator(seed: 20_261_206)
    var judged = 0
    for id in try FileManager.default.contentsOfDirectory(atPath: Repository.lessons).sorted()
    where id.hasSuffix(".yaml") && id != "course.yaml" {
      let bound = try boundLesson(String(id.dropLast(5)))
      for (index, step) in bound.lesson.steps.enumerated() {
        guard case .value = step.question,
          case .value(let expected) = try bound.expectation(forStep: index)
        else { continue }
        for _ in 0..<3 {
          let scalars = (0..<expected.count).map { _ in
            (generator.uniform(-10, 10) * 100).rounded() / 100
          }
          let answer = Self.typed(try Tensor(shape: expected.shape, scalars: scalars))
          let verdict = StepChecker(bound).check(answer, step: index)
          judged += 1
          if case .misconception(let named)? = verdict.diagnosis {
            Issue.record("\(id) \(step.id): \(answer) named \(named.kind)")
          }
        }
      }
    }
    #expect(judged > 300)
  }

  @Test("check --slips: two slips that give the same value are reported at the step's ask")
  func ambiguity() throws {
    // Over two entries, mean(u) = Σu/2: "a mean for ½·Σ" and "the 2 of the square dropped"
    // give the same ∂L/∂p.
    let text = LessonYAML(
      given: [("p", "'[1; 3]'"), ("t", "'[0; 1]'")],
      graph: [("L", "sum((p - t)^2) / 2")], loss: "L",
      steps: [.init(id: "dL-dp", ask: "grad(L, p)")]
    ).description
    let lesson = try #require(LessonLoader.parse(text, id: "two", path: "two.yaml").lesson)
    let found = LessonLinter.slipAmbiguities(lesson, variants: 0)
    #expect(found.count == 1)
    #expect(found.first?.message.contains("mean-for-sum") == true, "\(found)")
    #expect(found.first?.message.contains("power-factor-dropped") == true)
    #expect(found.first?.location?.line == 16, "at the step's ask")
    // And the tutor names neither: it says what it sees.
    let bound = try BoundLesson(lesson: lesson)
    #expect(StepChecker(bound).check("[0.5; 1]", step: 0).diagnosis == .multipleOfAnswer(0.5))
  }
}

extension MisconceptionCatalogueTests {
  @Test("a flipped sign in an ask that is not an update is a sign, not an ascent")
  func signNotAscent() throws {
    let update = try Parser.parse("w - eta * grad(L, w)")
    let other = try Parser.parse("grad(L, x) - x")
    #expect(WrongDerivations.isUpdate(update))
    #expect(!WrongDerivations.isUpdate(other))
    #expect(!WrongDerivations.isUpdate(try Parser.parse("w - eta")))
  }

  @Test("a formula that leaves out a term is told so without the term, part of the answer")
  func missingTermUnnamed() {
    let words = VerdictPresenter(style: .unicode).diagnosis(.formulaMissingTerm)
    #expect(words == "your formula leaves out one term of the answer")
  }
}
