import Foundation
import TestSupport
import Testing
import TutorEngine
import TutorMath

@testable import TutorLessons

/// `expected` equals `scalars` (row-major) to 1e-9.
func matches(_ tensor: Tensor, _ scalars: [Double], shape: [Int]? = nil) -> Bool {
  if let shape, tensor.shape != shape { return false }
  return tensor.count == scalars.count
    && zip(tensor.scalars, scalars).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
}

/// Every lesson's expected answers against derivations done independently of the engine:
/// by hand (the arithmetic is in the comments) or with Foundation's exp and log.
@Suite("The seven lessons against independent derivations")
struct LessonSuiteTests {
  /// The lessons from the homework; the course's newer lessons join them.
  static let homework = [
    "conv-3x3", "linear-layer", "lp-regularization", "relu-1-2-2-1", "sigmoid-chain",
    "softmax-cross-entropy", "softmax-jacobian",
  ]

  @Test("the lessons folder holds the seven homework lessons and more, and check passes each")
  func allSeven() {
    let ids = LessonCatalog.ids(in: Repository.lessons)
    #expect(Set(Self.homework).isSubset(of: ids))
    for id in ids {
      let diagnostics = LessonLinter.check(path: Repository.lessons + "/\(id).yaml")
      #expect(diagnostics.isEmpty, "\(id): \(diagnostics.map(\.description))")
      let lesson = LessonLoader.load(path: Repository.lessons + "/\(id).yaml").lesson
      // The capstone backprop-ninja walks a whole network and asks every gradient.
      let most = id == "backprop-ninja" ? 24 : 20
      #expect((6...most).contains(lesson?.steps.count ?? 0), "\(id) has 6–\(most) steps")
      #expect(lesson?.steps.allSatisfy { !$0.hints.isEmpty } == true)
      #expect((lesson?.steps.map(\.mistakes.count).reduce(0, +) ?? 0) >= 2)
    }
  }

  @Test("linear-layer: y = Wx + b, ∂L/∂W = g xᵀ, ∂L/∂b = g, ∂L/∂x = Wᵀ g")
  func linearLayer() throws {
    let bound = try boundLesson("linear-layer")
    // W = [2 −1; 0 3], x = [1; 2], b = [1; −1]: y = [2 − 2 + 1; 6 − 1] = [1; 5].
    #expect(matches(try expected(bound, "forward"), [1, 5], shape: [2, 1]))
    // g = [0.5; −2]: g xᵀ = [0.5 1; −2 −4]; W₁₂ entry = g₁x₂ = 1.
    #expect(matches(try expected(bound, "dL-dW12"), [1]))
    #expect(matches(try expected(bound, "dL-dW"), [0.5, 1, -2, -4], shape: [2, 2]))
    #expect(matches(try expected(bound, "dL-db"), [0.5, -2], shape: [2, 1]))
    // Wᵀ g = [2·0.5 + 0·(−2); −1·0.5 + 3·(−2)] = [1; −6.5].
    #expect(matches(try expected(bound, "dL-dx"), [1, -6.5], shape: [2, 1]))
    // The identity (the source's slip for ∂L/∂b) is diagnosed as a declared mistake.
    let db = try #require(bound.lesson.steps.firstIndex { $0.id == "dL-db" })
    guard case .declaredMistake = StepChecker(bound).check("eye(2)", step: db).diagnosis else {
      Issue.record("eye(2) should be a declared mistake")
      return
    }
    // exact shape
    #expect(StepChecker(bound).check("[0.5, -2]", step: db).diagnosis == .transposed)
  }

  @Test("sigmoid-chain: forward values and the chain rule, by hand")
  func sigmoidChain() throws {
    let bound = try boundLesson("sigmoid-chain")
    func sigmoid(_ p: Double) -> Double { 1 / (1 + exp(-p)) }
    let (x, w1, w2, d) = (1.5, 0.4, -0.7, 1.0)
    let y = sigmoid(w1 * x)
    let z = sigmoid(w2 * y)
    #expect(matches(try expected(bound, "forward-y"), [y]))
    #expect(matches(try expected(bound, "forward-z"), [z]))
    #expect(matches(try expected(bound, "dE-dz"), [-(d - z)]))  // with its sign
    #expect(matches(try expected(bound, "dz-dp2"), [z * (1 - z)]))
    #expect(matches(try expected(bound, "dE-dw2"), [-(d - z) * z * (1 - z) * y]))
    let dEdp1 = -(d - z) * z * (1 - z) * w2 * y * (1 - y)
    #expect(matches(try expected(bound, "dE-dp1"), [dEdp1]))
    #expect(matches(try expected(bound, "dE-dw1"), [dEdp1 * x]))
    let formula = try #require(bound.lesson.steps.firstIndex { $0.id == "sigmoid-derivative" })
    // The formula is in the output y = σ(a₂) (the lesson calls the hidden unit h).
    #expect(StepChecker(bound).check("y - y^2", step: formula).kind == .correct)
    #expect(StepChecker(bound).check("y^2 - y", step: formula).kind == .incorrect)
  }

  @Test("lp-regularization: p = 2 and p = 1 gradients, Σ|w|³ against Σw³")
  func lpRegularization() throws {
    let bound = try boundLesson("lp-regularization")
    // w = [0.5; −1.5; 2], t = [2; −1; 1], α = 0.1.
    #expect(matches(try expected(bound, "norm"), [0.25 + 2.25 + 4]))
    #expect(matches(try expected(bound, "data-gradient"), [-1.5, -0.5, 1]))
    // p = 2: w − t + 2αw = [−1.5 + 0.1; −0.5 − 0.3; 1 + 0.4].
    #expect(matches(try expected(bound, "p2"), [-1.4, -0.8, 1.4]))
    // p = 1: w − t + α sign(w) = [−1.5 + 0.1; −0.5 − 0.1; 1 + 0.1].
    #expect(matches(try expected(bound, "p1"), [-1.4, -0.6, 1.1]))
    #expect(matches(try expected(bound, "p3"), [0.125 + 3.375 + 8]))
    let formula = try #require(bound.lesson.steps.firstIndex { $0.id == "gradient-formula" })
    // Issue 22: p is drawn whole, so wᵢ^(p − 1) is defined at a negative wᵢ and the Σ wᵢᵖ
    // slip is told apart at odd p (not lost to undefined points).
    if case .formula(_, let variables, _) = bound.lesson.steps[formula].question {
      #expect(variables.first { $0.name == "p" }?.whole == true)
      var generator = SeededGenerator(seed: 7)
      let p = try #require(variables.first { $0.name == "p" })
      for _ in 0..<50 {
        let drawn = try p.draw(&generator).scalars[0]
        #expect(drawn == drawn.rounded() && (1...4).contains(drawn))
      }
    } else {
      Issue.record("gradient-formula is a formula step")
    }
    #expect(
      StepChecker(bound).check("alpha*p*wi*abs(wi)^(p-2) + gi", step: formula).kind == .correct)
    guard
      case .declaredMistake = StepChecker(bound).check("alpha*p*wi^(p-1) + gi", step: formula)
        .diagnosis
    else {
      Issue.record("Σ wᵢᵖ should be the declared slip")
      return
    }
  }

  @Test("softmax-jacobian: diag(σ) − σσᵀ, the VJP σᵢ(vᵢ − v·σ), −t/σ, and β")
  func softmaxJacobian() throws {
    let bound = try boundLesson("softmax-jacobian")
    func softmax(_ z: [Double]) -> [Double] {
      let e = z.map(exp)
      let total = e.reduce(0, +)
      return e.map { $0 / total }
    }
    let s = softmax([1, 2, 3])
    #expect(matches(try expected(bound, "forward"), s))
    var jacobian: [Double] = []
    for i in 0..<3 { for j in 0..<3 { jacobian.append((i == j ? s[i] : 0) - s[i] * s[j]) } }
    #expect(matches(try expected(bound, "jacobian"), jacobian, shape: [3, 3]))
    let v = [1.0, -1, 2]
    let vs = zip(v, s).map(*).reduce(0, +)
    #expect(matches(try expected(bound, "vjp"), (0..<3).map { s[$0] * (v[$0] - vs) }))
    #expect(matches(try expected(bound, "cross-entropy"), [0, 0, -1 / s[2]]))
    let sb = softmax([2, 4, 6])  // β = 2
    var betaJacobian: [Double] = []
    for i in 0..<3 {
      for j in 0..<3 { betaJacobian.append(2 * sb[i] * ((i == j ? 1 : 0) - sb[j])) }
    }
    #expect(matches(try expected(bound, "beta-jacobian"), betaJacobian, shape: [3, 3]))
    let diagonal = try #require(bound.lesson.steps.firstIndex { $0.id == "diagonal" })
    #expect(StepChecker(bound).check("si - si^2", step: diagonal).kind == .correct)
    #expect(StepChecker(bound).check("si * (1 + si)", step: diagonal).kind == .incorrect)
  }

  @Test("softmax-cross-entropy: ŷ − t, δhᵀ, the ReLU mask, a batch mean")
  func softmaxCrossEntropy() throws {
    let bound = try boundLesson("softmax-cross-entropy")
    func softmax(_ z: [Double]) -> [Double] {
      let e = z.map(exp)
      let total = e.reduce(0, +)
      return e.map { $0 / total }
    }
    // u = [1; 2], W1 = [1 −1; 0.5 1]: a = [−1; 2.5], h = [0; 2.5].
    // W2 = [1 0; −1 1; 0.5 −0.5], b = [0; 0.1; −0.1]: x̃ = [0; 2.6; −1.35].
    #expect(matches(try expected(bound, "scores"), [0, 2.6, -1.35]))
    let yhat = softmax([0, 2.6, -1.35])
    let delta = [yhat[0], yhat[1] - 1, yhat[2]]
    #expect(matches(try expected(bound, "loss"), [-log(yhat[1])]))
    #expect(matches(try expected(bound, "delta"), delta))
    #expect(
      matches(
        try expected(bound, "dW2"), [0, delta[0] * 2.5, 0, delta[1] * 2.5, 0, delta[2] * 2.5]))
    #expect(matches(try expected(bound, "db"), delta, shape: [3, 1]))
    // ∂L/∂h = W2ᵀ δ; the mask keeps only the second unit (a₂ = 2.5 > 0).
    let dh = [delta[0] - delta[1] + 0.5 * delta[2], delta[1] - 0.5 * delta[2]]
    #expect(matches(try expected(bound, "dh"), dh))
    #expect(matches(try expected(bound, "relu-mask"), [0, dh[1]]))
    #expect(matches(try expected(bound, "dW1"), [0, 0, dh[1] * 1, dh[1] * 2]))
    // ∂L/∂u = W1ᵀ ∂L/∂a with ∂L/∂a = [0; dh₂]: [0·1 + 0.5·dh₂; −1·0 + 1·dh₂] (issue 22).
    #expect(matches(try expected(bound, "dL-du"), [0.5 * dh[1], dh[1]]))
    // δᵢ = ŷᵢ Σⱼ tⱼ − tᵢ: right in general; ŷᵢ − tᵢ is the Σt = 1 special case, and it is
    // refused as the general formula (it disagrees where Σt ≠ 1).
    let formula = try #require(bound.lesson.steps.firstIndex { $0.id == "delta-formula" })
    #expect(StepChecker(bound).check("yi * sumt - ti", step: formula).kind == .correct)
    #expect(StepChecker(bound).check("yi - ti", step: formula).kind != .correct)
    // The batch: the mean of the three examples' δₙhₙᵀ.
    func example(_ u: [Double], _ target: Int) -> [Double] {
      let a = [u[0] - u[1], 0.5 * u[0] + u[1]]
      let h = a.map { max(0, $0) }
      let x = [h[0], -h[0] + h[1] + 0.1, 0.5 * h[0] - 0.5 * h[1] - 0.1]
      var d = softmax(x)
      d[target] -= 1
      return (0..<3).flatMap { i in (0..<2).map { j in d[i] * h[j] } }
    }
    let batch = zip(zip(example([1, 2], 1), example([2, 1], 0)), example([-1, 1], 2)).map {
      ($0.0 + $0.1 + $1) / 3
    }
    #expect(matches(try expected(bound, "batch"), batch, shape: [3, 2]))
  }

  @Test("conv-3x3: O with a kernel that is not its own flip, sizes, both gradients by hand")
  func conv() throws {
    let bound = try boundLesson("conv-3x3")
    // I = [1 2 3; 4 5 6; 1 5 3], K = [2 0; −1 1] (neither symmetric nor its 180° rotation,
    // so a flipped or transposed kernel gives other numbers).
    #expect(matches(try expected(bound, "O11"), [3]))  // 1·2 + 2·0 + 4·(−1) + 5·1
    #expect(matches(try expected(bound, "O21"), [12]))  // 4·2 + 5·0 + 1·(−1) + 5·1
    // O₁₂ = 2·2 − 5 + 6 = 5, O₂₂ = 5·2 − 5 + 3 = 8.
    #expect(matches(try expected(bound, "O"), [3, 5, 12, 8], shape: [2, 2]))
    #expect(matches(try expected(bound, "size-stride-1"), [3]))
    #expect(matches(try expected(bound, "size-stride-2"), [2]))
    // ∂L/∂K_ab = Σ G_ij I_(i+a−1, j+b−1) with G = [1 2; −1 0]:
    // K₁₁: 1 + 4 − 4 = 1; K₁₂: 2 + 6 − 5 = 3; K₂₁: 4 + 10 − 1 = 13; K₂₂: 5 + 12 − 5 = 12.
    #expect(matches(try expected(bound, "dL-dK"), [1, 3, 13, 12]))
    // ∂L/∂I adds G_ij·K with its top-left corner at (i, j): K + 2K one column right − K one
    // row down (G₂₂ = 0): [2 0+4 0; −1−2 1−2+0 2; 0+1 −1 0].
    #expect(matches(try expected(bound, "dL-dI"), [2, 4, 0, -3, -1, 2, 1, -1, 0]))
    // Sliding K unflipped over the padded G (the no-flip slip) gives other numbers.
    let slip = try bound.evaluate("conv2d(G, K, 1, 1)")
    #expect(!matches(slip, [2, 4, 0, -3, -1, 2, 1, -1, 0]))
    #expect(matches(try expected(bound, "dense-weights"), [36]))
    // Issue 22: the centre's gradient first, G against the kernel rotated by 180°:
    // G₁₁K₂₂ + G₁₂K₂₁ + G₂₁K₁₂ + G₂₂K₁₁ = 1·1 + 2·(−1) + (−1)·0 + 0·2 = −1, the centre of
    // ∂L/∂I above; a bias on every output collects ΣG = 1 + 2 − 1 + 0 = 2.
    #expect(matches(try expected(bound, "dL-dI22"), [-1]))
    #expect(matches(try expected(bound, "dL-db"), [2]))
    // The homework's identity kernel gives O = [6 8; 9 8] (seed 004), shown in step O.
    #expect(matches(try bound.evaluate("conv2d(I, eye(2))"), [6, 8, 9, 8], shape: [2, 2]))
    let worked = try Handout(bound).items.first { $0.id == "O" }?.worked ?? ""
    #expect(worked.contains(Handout.tex(try bound.evaluate("conv2d(I, eye(2))"))))
  }
}
