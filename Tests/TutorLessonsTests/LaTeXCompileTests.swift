import Foundation
import TestSupport
import Testing
import TutorMath

@testable import TutorLessons

/// Issue 22, worksheets: the LaTeX bptutor writes (handouts, worksheets and keys) compiles
/// with pdflatex, and a lesson's prose — data, not code — reaches TeX only as text, however
/// hostile. The compile test needs pdflatex and is skipped where it is not on PATH (the
/// project's CI installs no TeX); the escaping test is pure and always runs.
@Suite("LaTeX documents: escaped prose, and pdflatex compiles them")
struct LaTeXCompileTests {
  /// pdflatex on PATH, if any.
  static let pdflatex: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").lazy.map { URL(fileURLWithPath: String($0)) }
      .map { $0.appendingPathComponent("pdflatex") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// A lesson whose every prose field tries to make TeX read, write or run something, or
  /// to break the document: commands in text and in math, `%`, `#`, `$`, `_`, `&`, `~`,
  /// `^`, unbalanced braces, TeX's `^^5c` notation, `\end{document}`, and Unicode that
  /// pdflatex's default encoding lacks.
  static let hostile = #"""
    version: 1
    title: 'Hostile \input{/etc/passwd} $x$ 100% #1 a_b {c} & ~ ^ ☃ 日本'
    summary: |
      Text with \input{/etc/passwd}, \write18{touch pwned-text}, \immediate\openout1=pwned-a,
      a lone $ sign, 50% off, #hash, snake_case, {braces} and } unbalanced {, ~ and ^ and
      a backslash \ then ^^5c^^5c, \catcode`\^^5c=12, \def\x{y}, σ ∂ × ² x̃ 🙂 ℝ ≤ → ∑.
    source: 'A source with \end{document} and %comment and \newpage'
    notation:
      x: '\input /etc/passwd x'
      w: '\openout1=pwned-b w'
    given:
      x: {value: 1.5, range: [0.5, 2], step: 0.5}
      w: {value: 0.4, range: [-1, 1], step: 0.1}
      t: 1
    graph:
      z: sigmoid(w * x)
      E: (t - z)^2 / 2
    loss: E
    steps:
      - id: forward
        title: 'Title \input{/etc/passwd} $\openout1=pwned-c$ % # _ & ~ ^'
        skills: [activation-forward]
        text: |
          Compute $z = \sigma(w x)$ at $x = {x}$. In math: $\input /etc/passwd \immediate\openout1=pwned-d
          \csname input\endcsname \catcode`\^^5c=12 ^^5c ^^^^005c \end{document} \def\a \let\b=\input
          \{ % # $ and on. Unbalanced $x^{2 and \( \[ \] ) $$\immediate\openout2=pwned-e$$ and
          `code \input{/etc/passwd} _ %`.
        ask: z
        accept: numbers
        hints:
          - '\write18\{touch pwned-f\} \input /etc/hostname'
        worked: '$z = {z}$ \input\{/etc/passwd\} 🙂 x̃ ∂ $\input /etc/passwd $'
      - id: choose
        title: A choice
        skills: [backprop-concepts]
        text: Which?
        choices:
          - text: '$\input /etc/passwd$ is right'
            correct: true
            feedback: '\write18\{touch pwned-g\}'
          - text: 'Not $\openout3=pwned-h$ this'
            feedback: no
          - text: 'Neither % # this'
            feedback: no
        hints: [h]
        worked: '$\input /etc/passwd$ because 100% _'
    """#

  static func hostileBound(variant: Int = 0) throws -> BoundLesson {
    let (lesson, diagnostics) = LessonLoader.parse(Self.hostile, id: "hostile", path: "h.yaml")
    let loaded = try #require(lesson, "\(diagnostics.map(\.description))")
    return try BoundLesson(lesson: loaded, variant: variant)
  }

  /// A lesson's three LaTeX documents: the handout, the worksheet and its key.
  static func documents(_ bound: BoundLesson) throws -> [(name: String, text: String)] {
    let sheet = try Worksheet(bound)
    let id = bound.lesson.id
    return [
      ("\(id)-handout", try Handout(bound).document(.latex)),
      ("\(id)-sheet", sheet.document(.latex, .questions)),
      ("\(id)-key", sheet.document(.latex, .key)),
    ]
  }

  @Test("hostile prose reaches the LaTeX as text: no command, character code or stray brace")
  func hostileEscaped() throws {
    for variant in [0, 3] {
      for (name, tex) in try Self.documents(try Self.hostileBound(variant: variant)) {
        let body = try #require(tex.components(separatedBy: "\\begin{document}").last)
        for command in [
          "\\input", "\\write", "\\openout", "\\immediate", "\\csname", "\\catcode", "\\def",
          "\\let", "\\newpage",
        ] {
          #expect(!body.contains(command), "\(command) in \(name): \(body)")
        }
        #expect(!tex.contains("^^"), "TeX's character-code notation in \(name)")
        #expect(tex.components(separatedBy: "\\end{document}").count == 2, "\(name)")
        #expect(tex.unicodeScalars.allSatisfy { $0.isASCII }, "\(name)")
        // Every % and # is escaped, and the braces balance once escaped ones are removed.
        let unescaped = tex.replacingOccurrences(of: "\\\\", with: "")
          .replacingOccurrences(of: "\\{", with: "").replacingOccurrences(of: "\\}", with: "")
          .replacingOccurrences(of: "\\%", with: "").replacingOccurrences(of: "\\#", with: "")
        #expect(!unescaped.contains("%") && !unescaped.contains("#"), "\(name)")
        var depth = 0
        for character in unescaped {
          if character == "{" { depth += 1 }
          if character == "}" { depth -= 1 }
          #expect(depth >= 0, "a } closes more than was opened in \(name)")
          if depth < 0 { break }
        }
        #expect(depth == 0, "unbalanced braces in \(name)")
      }
    }
    // A run of carets is written as caret glyphs: neither TeX's notation nor a double
    // superscript (`^{}^`, which stopped pdflatex).
    #expect(LaTeXSource.math("^^5c") == "\\text{\\^{}\\^{}}5c")
    #expect(LaTeXSource.math("x^2") == "x^2")
  }

  @Test(
    "with pdflatex on PATH (skipped otherwise): every lesson's handout, worksheet and key, and a hostile lesson's, compile",
    .enabled(if: pdflatex != nil, "pdflatex is not on PATH"))
  func compiles() throws {
    let pdflatex = try #require(Self.pdflatex)
    let directory = try TemporaryDirectory.make()
    var documents: [(name: String, text: String)] = []
    for id in LessonCatalog.ids(in: Repository.lessons) {
      documents += try Self.documents(try boundLesson(id, variant: 3))
    }
    documents += try Self.documents(try Self.hostileBound())
    for (name, text) in documents {
      let file = directory + "/\(name).tex"
      try text.write(toFile: file, atomically: true, encoding: .utf8)
      let result = try ProcessRunner.run(
        pdflatex,
        [
          "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
          "-output-directory=\(directory)", file,
        ], environment: ProcessInfo.processInfo.environment, seconds: 60)
      let errors = result.stdout.split(separator: "\n").filter { $0.hasPrefix("!") }
      #expect(result.status == 0 && !result.timedOut, "\(name): \(errors.joined(separator: "; "))")
      #expect(FileManager.default.fileExists(atPath: directory + "/\(name).pdf"), "\(name)")
      let log = (try? String(contentsOfFile: directory + "/\(name).log", encoding: .utf8)) ?? ""
      #expect(!log.contains("(/etc/passwd") && !log.contains("(/etc/hostname"), "\(name)")
    }
    // The hostile lesson's \openout and \write18 wrote nothing.
    let written = try FileManager.default.contentsOfDirectory(atPath: directory)
    #expect(!written.contains { $0.hasPrefix("pwned") }, "\(written)")
  }
}
