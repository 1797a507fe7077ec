import TutorEngine

extension LessonLinter {
  /// The variants, of the first ``kinkVariantCount``, whose graph sits on a kink or a
  /// near-tie by the engine's own rule (``Graph/firstNodeOnKink(tolerance:)``): a ReLU
  /// input at 0, two maxima of a pooling window or a row within rounding. Variants are
  /// redrawn by the same rule, so this finds the ones that could not avoid it.
  static func kinkVariants(_ lesson: Lesson, count: Int = kinkVariantCount) -> [(
    variant: Int, node: String
  )] {
    guard lesson.givens.contains(where: { $0.range != nil }),
      var sampler = try? Variants.Sampler(lesson)
    else { return [] }
    var found: [(variant: Int, node: String)] = []
    for variant in 1...max(count, 1) {
      // A variant is the first usable draw or a later one; only one with no usable draw
      // at all can sit on a kink, so only those are drawn in full (cheap: no blind spots).
      if sampler.hasUsableDraw(variant: variant) { continue }
      let givens = sampler.givens(variant: variant)
      if let (quantity, op) = sampler.nodeOnKink(at: givens) {
        found.append((variant, "the \(op) in `\(quantity)`"))
      }
    }
    return found
  }

  /// One warning per node that variants put on a kink, naming the first variants.
  static func kinkWarnings(_ lesson: Lesson, count: Int = kinkVariantCount)
    -> [LessonDiagnostic]
  {
    let found = kinkVariants(lesson, count: count)
    var nodes: [String] = []
    for (_, node) in found where !nodes.contains(node) { nodes.append(node) }
    return nodes.map { node in
      let variants = found.filter { $0.node == node }.map(\.variant)
      let shown = variants.prefix(5).map(String.init).joined(separator: ", ")
      return LessonDiagnostic(
        .warning, path: lesson.path,
        at: lesson.givens.first { $0.range != nil }?.location,
        "\(node) sits on a kink or a tie at \(variants.count) of the first "
          + "\(count) variants (\(variants.count > 5 ? "first " : "")variants "
          + "\(shown)): no draw in \(Variants.maxAttempts) avoided it",
        note: "narrow the givens' ranges, or give them a coarser step")
    }
  }
}
