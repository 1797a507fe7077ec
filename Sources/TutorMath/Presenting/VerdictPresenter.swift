import TerminalText
import TutorEngine

/// The one place a ``Verdict`` becomes words: lines for a style (Unicode or ASCII) and
/// a width, each with a role the full-screen tutor colours (plain output ignores it).
///
/// Every front end uses it: the full-screen tutor's feedback area, `learn --plain`,
/// `answer` and `answer --json` (which takes its `summary`, `reading`, `diagnosis` and
/// `notes` strings from here).
public struct VerdictPresenter: Sendable {
  /// One line of a presented verdict.
  public struct Line: Equatable, Sendable {
    public enum Role: Equatable, Sendable {
      /// The verdict itself (`✓ correct`, `✗ incorrect — the sign is flipped`).
      case headline(Verdict.Kind)
      /// "read as …".
      case reading
      /// The answer as typed, above a caret line.
      case source
      /// `^~~` under the part of the answer that could not be read.
      case caret
      /// The answer's entries, each marked right or wrong.
      case entries
      /// A remark.
      case note
    }

    public var text: String
    public var role: Role
  }

  public var style: MathStyle
  /// The width lines wrap to, in terminal cells.
  public var width: Int

  public init(style: MathStyle = .unicode, width: Int = 80) {
    self.style = style
    self.width = max(width, 20)
  }

  /// The verdict as lines: the headline, how the answer was read, the caret under an
  /// unreadable part, the marked entries, the notes.
  public func lines(_ verdict: Verdict, answer: String) -> [Line] {
    var lines: [Line] = []
    func add(_ text: String, _ role: Line.Role, indent: Int = 0) {
      let prefix = String(repeating: " ", count: indent)
      for line in TextWidth.wrap(style.apply(prefix + text), width: width, indent: indent + 2) {
        lines.append(Line(text: line, role: role))
      }
    }
    add(glyph(verdict.kind) + " " + summary(verdict), .headline(verdict.kind))
    if let error = verdict.error, let range = error.range {
      let (shown, caret) = MathError.caretLines(source: answer, range: range)
      lines.append(Line(text: style.apply("  " + shown), role: .source))
      lines.append(Line(text: "  " + caret, role: .caret))
    }
    if let note = verdict.error?.note { add(note, .note, indent: 2) }
    if let reading = verdict.reading { add(self.reading(reading), .reading, indent: 2) }
    if let marks = verdict.entryMarks, let given = verdict.given, given.count == marks.count {
      var typed: [TypedNumber?]?
      if case .typed(_, let entries) = verdict.reading { typed = entries }
      for line in markedEntries(given, marks: marks, typed: typed) {
        lines.append(Line(text: "  " + line, role: .entries))
      }
    }
    for note in verdict.notes { add(self.note(note), .note, indent: 2) }
    return lines
  }

  /// The glyph of a kind: ✓ ≈ ✗ (ASCII: ok ~ x).
  public func glyph(_ kind: Verdict.Kind) -> String {
    switch kind {
    case .correct: return style.apply("✓")
    case .close: return style.apply("≈")
    case .incorrect, .malformed: return style.apply("✗")
    }
  }

  /// One line in words (never colour alone): "correct", "close — give at least 3
  /// significant figures", "incorrect — the sign is flipped", "could not read that: …".
  public func summary(_ verdict: Verdict) -> String {
    let text: String
    switch verdict.kind {
    case .correct: text = "correct"
    case .close:
      text =
        "close — " + (verdict.diagnosis.map(diagnosis) ?? "give at least 3 significant figures")
    case .incorrect:
      text = verdict.diagnosis.map { "incorrect — " + diagnosis($0) } ?? "incorrect"
    case .malformed:
      text = "could not read that: " + (verdict.error?.message ?? "check the syntax")
    }
    return style.apply(text)
  }

  /// "read as a 2×1 column [3; 0]", "read as s*(1 - s)", "read as option 2".
  public func reading(_ reading: Verdict.Reading) -> String {
    switch reading {
    case .value(let tensor):
      return style.apply("read as " + TensorFormat.reading(tensor, style: style))
    case .typed(let tensor, let entries):
      let texts = typedTexts(tensor, entries)
      return style.apply("read as " + TensorFormat.reading(tensor, entries: texts, style: style))
    case .formula(let expr):
      return style.apply("read as " + ExprPrinter.string(expr))
    case .option(let number):
      return "read as option \(number)"
    }
  }

  /// Why a wrong answer is wrong, in words.
  public func diagnosis(_ diagnosis: Diagnosis) -> String {
    let text: String
    switch diagnosis {
    case .declaredMistake(let message): text = prose(message)
    case .misconception(let misconception): text = prose(Self.words(for: misconception))
    case .multipleOfAnswer(let factor):
      text = "this is " + multiple(factor) + " times the answer"
    case .formulaScaled(let factor):
      text =
        factor == -1
        ? "your formula is the answer with the sign flipped"
        : "your formula is " + multiple(factor) + " times the answer"
    case .formulaMissingTerm:
      text = "your formula leaves out one term of the answer"
    case .formulaExtraTerm(let term):
      text = "your formula has a term the answer does not: " + style.apply(term)
    case .wrongShape(let expected, let given):
      text = "expected \(expected.shapeDescription), you gave \(given.shapeDescription)"
    case .flippedSign: text = "the sign is flipped"
    case .transposed: text = "that is the transpose of the answer"
    case .scaled(let factor): text = "off by a factor of " + self.factor(factor)
    case .otherQuantity(let quantity):
      text = "that is " + MathRenderer.inline(quantity.tex, style: style)
    case .entries(let right, let total): text = "\(right) of \(total) entries are right"
    case .formulaDiffers(let points, let total):
      text = "your formula differs from the answer at \(points) of \(total) test points"
    case .swappedEntries(let first, let second, let total):
      text =
        total == 2
        ? "the entries are swapped" : "entries \(first) and \(second) are swapped"
    case .wrongOrder: text = "the entries are right but in the wrong order"
    case .tooFewFigures(let needed): text = "give at least \(needed) significant figures"
    case .notRoundedCorrectly:
      text = "not the answer correctly rounded; check the last figures"
    case .numberForFormula(let variables):
      text = "this step asks for a formula in " + variableList(variables)
    case .onlyAtLessonValues(let variables):
      text =
        "that agrees only at this lesson's values; it must hold for every "
        + variableList(variables)
    }
    return style.apply(text)
  }

  /// A remark in words.
  public func note(_ note: Verdict.Note) -> String {
    let text: String
    switch note {
    case .acceptedOtherOrientation(let given, let expected):
      text = "accepted: you gave a \(vectorKind(given)); the answer is a \(vectorKind(expected))"
    case .otherOrientation(let given, let expected):
      text =
        "the entries are right, but the answer is a \(vectorKind(expected)), "
        + "you gave a \(vectorKind(given))"
    case .useVariables(let names):
      text =
        "write the formula in this step's variables: "
        + names.map { "`\($0)`" }.joined(separator: ", ")
    case .feedback(let message): text = prose(message)
    case .entriesOff(let wrong, let total):
      text =
        "\(wrong) of \(total) entries \(wrong == 1 ? "is" : "are") off; "
        + "your next answer, or a hint, marks which"
    }
    return style.apply(text)
  }

  /// The given matrix with ✓/✗ after each entry, columns aligned; typed entries as typed.
  public func markedEntries(_ tensor: Tensor, marks: [Bool], typed: [TypedNumber?]? = nil)
    -> [String]
  {
    let rows = tensor.rank == 2 ? tensor.shape[0] : 1
    let columns = tensor.count / max(rows, 1)
    let texts = zip(typedTexts(tensor, typed), marks).map { text, right in
      text + " " + glyph(right ? .correct : .incorrect)
    }
    let widths = (0..<columns).map { c in
      (0..<rows).map { TextWidth.cells(of: texts[$0 * columns + c]) }.max() ?? 0
    }
    return (0..<rows).map { r in
      "[ "
        + (0..<columns).map { c in
          let text = texts[r * columns + c]
          return String(repeating: " ", count: widths[c] - TextWidth.cells(of: text)) + text
        }.joined(separator: "   ") + " ]"
    }
  }

  /// Each entry as typed, or the value of a computed one.
  private func typedTexts(_ tensor: Tensor, _ typed: [TypedNumber?]?) -> [String] {
    tensor.scalars.enumerated().map { index, value in
      if let typed, typed.indices.contains(index), let number = typed[index] {
        return style.apply(number.text)
      }
      return NumberFormat.string(value, style: style)
    }
  }

  /// `sᵢ`, `sᵢ and sⱼ`, `g₁, g₂ and x₁`: the step's variables as math.
  private func variableList(_ names: [String]) -> String {
    let shown = names.map(Self.variable)
    guard let last = shown.last else { return "" }
    return shown.count == 1 ? last : shown.dropLast().joined(separator: ", ") + " and " + last
  }

  /// A variable's name as math: `beta` → β, `x1` → x₁, `si` → sᵢ; others as written.
  static func variable(_ name: String) -> String {
    if let letter = TexSymbols.greek[name] { return letter }
    let characters = Array(name)
    guard let first = characters.first, first.isLetter, first.isASCII, characters.count > 1
    else { return name }
    let rest = characters.dropFirst()
    if rest.allSatisfy({ $0.isASCII && $0.isNumber })
      || (rest.count == 1 && "ijk".contains(rest.first!))
    {
      return String(first) + String(rest.compactMap { TexSymbols.subscripts[$0] })
    }
    return name
  }

  private func factor(_ factor: Diagnosis.Factor) -> String {
    switch factor {
    case .two: return "2"
    case .half: return "½"
    case .learningRate(let eta):
      return "the learning rate η = \(NumberFormat.string(eta, style: style))"
    case .inverseLearningRate(let eta):
      return "1/η (the learning rate η = \(NumberFormat.string(eta, style: style)))"
    }
  }

  /// A factor as a short number: −1, 2, ½, 0.5.
  private func multiple(_ factor: Double) -> String {
    switch factor {
    case 0.5: return style.apply("½")
    case -0.5: return style.apply("−½")
    default: return NumberFormat.string(factor, style: style)
    }
  }

  private func vectorKind(_ shape: [Int]) -> String {
    let description = shape.shapeDescription
    if shape.count == 2, shape[1] == 1 { return "\(description) column" }
    if shape.count == 2, shape[0] == 1 { return "\(description) row" }
    return "vector"
  }

  /// Lesson prose (with `$…$` TeX) on one line.
  private func prose(_ text: String) -> String {
    MathRenderer.prose(text, width: 100_000, style: style).joined(separator: " ")
  }
}
