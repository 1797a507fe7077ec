import TerminalText
import TutorEngine
import TutorLessons
import TutorMath

extension TutorApp {
  /// Draws `state` into a fresh `width × height` buffer. Pure: same state and size,
  /// same cells.
  public static func view(_ state: AppState, width: Int, height: Int) -> ScreenBuffer {
    let ascii = state.mathStyle == .ascii
    guard width >= minimumSize.width, height >= minimumSize.height else {
      var buffer = ScreenBuffer(width: width, height: height, asciiOnly: ascii)
      drawTooSmall(&buffer, state)
      return buffer
    }
    // The painter is the buffer's one owner, so cells are written in place.
    var painter = Painter(
      buffer: ScreenBuffer(width: width, height: height, asciiOnly: ascii), state: state)
    guard let top = state.stack.last else { return painter.buffer }
    top.draw(&painter)
    return painter.buffer
  }

  static func drawTooSmall(_ buffer: inout ScreenBuffer, _ state: AppState) {
    // Wrapped, so even a very narrow window shows every word.
    let lines = [
      "bptutor needs a terminal of at least \(minimumSize.width)×\(minimumSize.height);",
      "this one is \(buffer.width)×\(buffer.height).",
      "Enlarge the window (your answer is kept),",
      "or press Ctrl-C to quit.",
    ].flatMap { TextWidth.wrap($0, width: buffer.width) }
    let top = max(0, (buffer.height - lines.count) / 2)
    for (offset, line) in lines.enumerated() {
      let column = max(0, (buffer.width - TextWidth.cells(of: line)) / 2)
      buffer.write(line, row: top + offset, column: column)
    }
  }
}

extension TutorApp {
  /// Lays out `bound`'s graph as the graph view does (every value shown, gradients too)
  /// and returns the drawing's size: for benchmarks and tools outside this module.
  public static func graphLayoutSize(_ bound: BoundLesson, boxWidth: Int = 34) -> (
    nodes: Int, edges: Int, width: Int, height: Int
  ) {
    let layout = GraphLayout(
      bound, topology: GraphLayout.Topology(bound.lesson), showGradients: true, style: .unicode,
      concealment: .none, boxWidth: boxWidth)
    return (layout.boxes.count, layout.edges.count, layout.width, layout.height)
  }
}
