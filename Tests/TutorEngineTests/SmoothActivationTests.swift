import Foundation
import Testing

@testable import TutorEngine

/// softplus, SiLU, GELU and leaky ReLU (issue 22) at points whose values a reader can
/// check on paper or in a table of the normal distribution: forward and backward.
@Suite("softplus, silu, gelu and leaky relu")
struct SmoothActivationTests {
  /// `op` of the scalar `x` and its derivative, through a graph.
  static func valueAndSlope(_ op: Op, at x: Double) throws -> (Double, Double) {
    var g = Graph()
    let a = try g.input(Tensor(x), name: "a")
    let y = try g.unary(op, a)
    let value = try #require(g.value(of: y).scalarValue)
    let slope = try #require(g.gradient(of: y, withRespectTo: a).scalarValue)
    return (value, slope)
  }

  @Test("softplus(0) = ln 2 and its slope is σ(x): ½ at 0, e/(1 + e) at 1")
  func softplus() throws {
    let (v0, s0) = try Self.valueAndSlope(.softplus, at: 0)
    #expect(abs(v0 - log(2)) < 1e-15)
    #expect(abs(s0 - 0.5) < 1e-15)
    let (v1, s1) = try Self.valueAndSlope(.softplus, at: 1)
    #expect(abs(v1 - log(1 + M_E)) < 1e-14)
    #expect(abs(s1 - M_E / (1 + M_E)) < 1e-14)
    // Large inputs do not overflow: softplus(800) = 800.
    #expect(try Self.valueAndSlope(.softplus, at: 800).0 == 800)
  }

  @Test("silu(x) = x σ(x); at 0 its slope is ½, at −1 it is σ(−1)(1 − σ(1))")
  func silu() throws {
    let (v0, s0) = try Self.valueAndSlope(.silu, at: 0)
    #expect(v0 == 0)
    #expect(abs(s0 - 0.5) < 1e-15)
    let s = 1 / (1 + M_E)  // σ(−1)
    let (v, slope) = try Self.valueAndSlope(.silu, at: -1)
    #expect(abs(v - -s) < 1e-15)
    #expect(abs(slope - (s - s * (1 - s))) < 1e-15)
  }

  @Test("gelu(x) = x Φ(x): Φ(1) = 0.841345 from the normal table; slope Φ(1) + φ(1)")
  func gelu() throws {
    let (v, slope) = try Self.valueAndSlope(.gelu, at: 1)
    #expect(abs(v - 0.841_344_746) < 1e-9)
    #expect(abs(slope - (0.841_344_746 + 0.241_970_725)) < 1e-9)
    let (v0, s0) = try Self.valueAndSlope(.gelu, at: 0)
    #expect(v0 == 0)
    #expect(s0 == 0.5)
  }

  @Test("leaky relu keeps positives and scales negatives by 0.01, slope 0.01 at the kink")
  func leakyRelu() throws {
    #expect(try Self.valueAndSlope(.leakyRelu, at: 3) == (3, 1))
    let (v, s) = try Self.valueAndSlope(.leakyRelu, at: -2)
    #expect(abs(v - -0.02) < 1e-17)
    #expect(s == 0.01)
    #expect(try Self.valueAndSlope(.leakyRelu, at: 0).1 == 0.01)
  }
}
