// TEMPORARY shim until the renderer lands (replaced by the real MathRenderer).
public struct RenderedBlock: Equatable, Sendable {
  public var lines: [String]
  public var width: Int
  public var baseline: Int
}

public enum MathRenderer {
  public static func inline(_ tex: String, style: MathStyle = .unicode) -> String { tex }
  public static func display(_ tex: String, style: MathStyle = .unicode) -> RenderedBlock {
    RenderedBlock(lines: [tex], width: TextWidth.cells(of: tex), baseline: 0)
  }
  public static func prose(_ text: String, width: Int, style: MathStyle = .unicode) -> [String] {
    text.split(separator: "\n").map(String.init)
  }
}
