/// How many terminal cells text occupies, the way a terminal's `wcwidth` counts:
/// combining marks and format characters take 0 cells, East Asian wide and
/// full-width characters (and emoji shown as pictures) take 2, everything else 1.
///
/// The count is per Unicode scalar, as ncurses draws it, so `x̃` (x + U+0303) is
/// one cell and `漢` two.
public enum TextWidth {
  /// The number of terminal cells `text` occupies on one line.
  public static func cells(of text: some StringProtocol) -> Int {
    var total = 0
    for scalar in text.unicodeScalars { total += cells(of: scalar) }
    return total
  }

  /// Plain text word-wrapped to `width` cells; leading spaces are kept, continuation
  /// lines start with `indent` spaces, and a word longer than a line is split. Math is
  /// not interpreted (``MathRenderer/prose(_:width:style:)`` lays out prose with `$…$`).
  public static func wrap(_ text: String, width: Int, indent: Int = 0) -> [String] {
    let width = max(width, indent + 8)
    let leading = text.prefix { $0 == " " }.count
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = []
    var line = String(repeating: " ", count: leading)
    var used = leading
    var atStart = true
    func newLine() {
      lines.append(line)
      line = pad
      used = indent
      atStart = true
    }
    for part in text.dropFirst(leading).split(separator: " ") {
      var word = Substring(part)
      var size = cells(of: word)
      let gap = atStart ? 0 : 1
      if used + gap + size > width, !atStart { newLine() }
      if !atStart {
        line += " "
        used += 1
      }
      // A word that cannot fit on a line of its own is split.
      while used + size > width {
        var piece = ""
        var pieceCells = 0
        while let first = word.first, used + pieceCells + cells(of: first) <= width {
          piece.append(first)
          pieceCells += cells(of: first)
          word.removeFirst()
        }
        if piece.isEmpty { break }
        line += piece
        newLine()
        size = cells(of: word)
      }
      line += word
      used += size
      atStart = false
    }
    if !atStart || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// `text` cut to at most `limit` cells, ending in `ellipsis` when anything was cut.
  public static func truncated(_ text: String, to limit: Int, ellipsis: String = "…") -> String {
    guard cells(of: text) > limit else { return text }
    let room = limit - cells(of: ellipsis)
    guard room > 0 else { return String(ellipsis.prefix(max(0, limit))) }
    var result = ""
    var used = 0
    for character in text {
      let size = cells(of: character)
      if used + size > room { break }
      result.append(character)
      used += size
    }
    while result.last == " " { result.removeLast() }
    return result + ellipsis
  }

  /// The number of terminal cells one character occupies.
  public static func cells(of character: Character) -> Int {
    if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7F ? 1 : 0 }
    var total = 0
    for scalar in character.unicodeScalars { total += cells(of: scalar) }
    return total
  }

  /// The number of terminal cells one scalar occupies: 0, 1 or 2.
  public static func cells(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F { return value < 0x20 ? 0 : 1 }
    if value < 0xA0 { return 0 }  // C1 controls
    return commonCells(value) ?? cellsByLookup(scalar)
  }

  /// A scalar's width from its general category and the wide ranges.
  static func cellsByLookup(_ scalar: Unicode.Scalar) -> Int {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if scalar.value == 0x200B { return 0 }
    if isWide(scalar.value) { return 2 }
    return 1
  }

  /// The width of a scalar in the blocks rendered math and prose use most (Latin,
  /// Greek, phonetic letters such as ᵀ and ᵢ, punctuation, sub- and superscripts,
  /// arrows, operators, brackets, box drawing, math letters) without the Unicode
  /// property lookup, which dominated the time of laying out a page. Every block listed
  /// holds no combining mark, format character or wide character but the soft hyphen,
  /// so the answer is the lookup's (a test compares the two over every scalar).
  static func commonCells(_ value: UInt32) -> Int? {
    switch value {
    case 0xA0..<0x300: return value == 0xAD ? 0 : 1  // soft hyphen: a format character
    case 0x370..<0x483, 0x1D00..<0x1DC0, 0x2010..<0x2028, 0x2030..<0x2060, 0x2070..<0x20D0,
      0x2100..<0x231A, 0x232B..<0x23E9, 0x2500..<0x25FD, 0x27C0..<0x2B1B, 0x1D400..<0x1D800:
      return 1
    default: return nil
    }
  }

  /// Whether `scalar` is always a character (grapheme cluster) of its own, whatever is
  /// around it: ASCII, and the blocks of ``commonCells(_:)``, which hold no mark, joiner,
  /// prepended or spacing mark, regional indicator or Hangul jamo (the scalars that join
  /// a cluster, UAX #29). Text of only such scalars can be measured and drawn a scalar at
  /// a time.
  public static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x80 || commonCells(scalar.value) != nil
  }

  /// East Asian Wide (W) and Fullwidth (F) ranges, and emoji with default
  /// picture presentation, after Markus Kuhn's `wcwidth`.
  private static func isWide(_ value: UInt32) -> Bool {
    for range in wideRanges where range.contains(value) { return true }
    return false
  }

  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F,  // Hangul Jamo initial consonants
    0x231A...0x231B,  // watch, hourglass
    0x2329...0x232A,  // angle brackets
    0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
    0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
    0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
    0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD,
    0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728, 0x274C...0x274C,
    0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50,
    0x2B55...0x2B55,
    0x2E80...0x303E,  // CJK radicals … CJK symbols and punctuation
    0x3041...0x33FF,  // Hiragana … CJK compatibility
    0x3400...0x4DBF,  // CJK extension A
    0x4E00...0x9FFF,  // CJK unified ideographs
    0xA000...0xA4CF,  // Yi
    0xA960...0xA97F,  // Hangul Jamo extended A
    0xAC00...0xD7A3,  // Hangul syllables
    0xF900...0xFAFF,  // CJK compatibility ideographs
    0xFE10...0xFE19,  // vertical forms
    0xFE30...0xFE6F,  // CJK compatibility forms
    0xFF00...0xFF60,  // full-width forms
    0xFFE0...0xFFE6,
    0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
    0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
    0x1F260...0x1F265,
    0x1F300...0x1F64F,  // pictographs, emoticons
    0x1F680...0x1F6FF,  // transport and map symbols
    0x1F7E0...0x1F7EB,
    0x1F90C...0x1F9FF,  // supplemental symbols and pictographs
    0x1FA70...0x1FAFF,
    0x20000...0x2FFFD,  // CJK extension B …
    0x30000...0x3FFFD,
  ]
}
