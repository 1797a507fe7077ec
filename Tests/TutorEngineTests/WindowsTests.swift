import Testing

@testable import TutorEngine

/// Convolution and max pooling share one geometry of windows (``Windows``): the output
/// sizes the op docs give, and the one walk over the windows pooling reads.
struct WindowsTests {
  @Test("the output size is ⌊(H + 2·padding − rows) / stride⌋ + 1, and the same across")
  func outputSize() {
    let windows = Windows(
      channels: 2, height: 5, width: 7, rows: 3, columns: 2, stride: 2, padding: 1)
    #expect(windows.outputHeight == (5 + 2 - 3) / 2 + 1)
    #expect(windows.outputWidth == (7 + 2 - 2) / 2 + 1)
  }

  @Test("every window of every channel, row-major, each at its top-left input entry")
  func walk() {
    let windows = Windows(
      channels: 2, height: 3, width: 4, rows: 2, columns: 2, stride: 2, padding: 0)
    var seen: [(Int, Int)] = []
    windows.forEachWindow { output, corner in seen.append((output, corner)) }
    // One row of two windows per channel: corners at columns 0 and 2; channel 2 starts at 12.
    #expect(seen.map(\.0) == [0, 1, 2, 3])
    #expect(seen.map(\.1) == [0, 2, 12, 14])
  }

  @Test("conv2d and maxpool2d give the sizes of the same geometry")
  func opsAgree() throws {
    let input = try Tensor(shape: [4, 5], scalars: (0..<20).map(Double.init))
    var graph = Graph()
    let x = try graph.constant(input)
    let kernel = try graph.constant(Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]))
    let conv = try graph.conv2d(x, kernel: kernel, stride: 2)
    let pool = try graph.maxPool2d(x, size: 2)
    #expect(graph.nodes[conv.index].value.shape == [2, 2])
    #expect(graph.nodes[pool.index].value.shape == [2, 2])
    // Each window's maximum is its bottom-right entry of a rising ramp.
    #expect(graph.nodes[pool.index].value.scalars == [6, 8, 16, 18])
  }
}
