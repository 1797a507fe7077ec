import TutorEngine

/// Tensors as JSON for scripts: `{"shape": [2, 1], "value": [[3], [0]]}`, a scalar as
/// `{"shape": [], "value": 3}`. Numbers round-trip exactly; JSON has no infinities, so
/// non-finite ones are the strings `"Infinity"`, `"-Infinity"` and `"NaN"` (JavaScript's
/// names), never a `null` that hides which.
public enum TensorJSON {
  public static func string(_ tensor: Tensor) -> String {
    let shape = "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]"
    return
      "{\"shape\": \(shape), \"value\": \(nested(tensor.scalars[...], shape: tensor.shape[...]))}"
  }

  /// One number as JSON: integers without a decimal point, others with Swift's
  /// shortest round-trip form.
  public static func number(_ value: Double) -> String {
    guard value.isFinite else {
      return value.isNaN ? "\"NaN\"" : (value > 0 ? "\"Infinity\"" : "\"-Infinity\"")
    }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }

  private static func nested(_ scalars: ArraySlice<Double>, shape: ArraySlice<Int>) -> String {
    guard let extent = shape.first else { return number(scalars.first ?? 0) }
    let stride = shape.dropFirst().reduce(1, *)
    let start = scalars.startIndex
    let parts = (0..<extent).map { index in
      nested(
        scalars[(start + index * stride)..<(start + (index + 1) * stride)],
        shape: shape.dropFirst())
    }
    return "[" + parts.joined(separator: ", ") + "]"
  }
}
