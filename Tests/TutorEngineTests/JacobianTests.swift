import Testing

@testable import TutorEngine

@Suite("Jacobian layout")
struct JacobianTests {
  @Test("y = A x has Jacobian A (rows = outputs, columns = inputs), not Aᵀ")
  func linearMap() throws {
    var graph = Graph()
    let a = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    let aNode = try graph.constant(a, name: "A")
    let x = try graph.input(Tensor.column([1, -1, 2]), name: "x")
    let y = try graph.matmul(aNode, x, name: "y")
    let jacobian = try graph.jacobian(of: y, withRespectTo: x)
    #expect(jacobian.shape == [2, 3])
    #expect(jacobian == a)
  }

  @Test("a non-symmetric element-wise map: ∂(x₁x₂, x₂²)/∂(x₁, x₂)")
  func nonSymmetric() throws {
    var graph = Graph()
    let x = try graph.input(Tensor.column([3, 5]), name: "x")
    let x1 = try graph.pick(x, [1])
    let x2 = try graph.pick(x, [2])
    let f1 = try graph.multiply(x1, x2)
    let f2 = try graph.multiply(x2, x2)
    let f = try graph.add(
      graph.multiply(f1, graph.constant(Tensor.column([1, 0]))),
      graph.multiply(f2, graph.constant(Tensor.column([0, 1]))))
    #expect(try graph.value(of: f) == Tensor.column([15, 25]))
    // Row 1: ∂f₁/∂x = [x₂, x₁] = [5, 3]; row 2: ∂f₂/∂x = [0, 2x₂] = [0, 10].
    #expect(try graph.jacobian(of: f, withRespectTo: x) == Tensor(rows: [[5, 3], [0, 10]]))
  }

  @Test("matrix inputs and outputs flatten row-major")
  func flattening() throws {
    var graph = Graph()
    let w = try graph.input(Tensor(rows: [[1, 2], [3, 4]]), name: "W")
    let t = try graph.unary(.transpose, w)
    let jacobian = try graph.jacobian(of: t, withRespectTo: w)
    // tᵢ = W flattened in the order w₁₁, w₂₁, w₁₂, w₂₂.
    let expected = try Tensor(rows: [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    #expect(jacobian == expected)
  }
}
