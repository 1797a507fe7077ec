import Testing
import TutorCore
import TutorMath
import TutorProgress

/// Issue 25, item 13: the screen glitches left after the first round of fixes.
@Suite("Hostile round 2: screen glitches")
struct HostileRound2GlitchTests {
  /// relu-1-2-2-1 with every step solved at variant 0.
  static func finished() -> TutorDriver {
    var driver = Fixtures.learning()
    var progress = LearnerProgress()
    for step in driver.state.learn!.lesson.steps {
      progress.markSolved(step.id, in: "relu-1-2-2-1")
    }
    progress.recordVariantDone(0, in: "relu-1-2-2-1")
    driver.send(.progressSaved(progress))
    return driver
  }

  @Test("13: Ctrl-O at step 1 of an unfinished lesson is refused, as help says")
  func anotherOnlyWhenComplete() throws {
    var driver = Fixtures.learning()
    driver.press(.control("o"))
    let learn = try #require(driver.state.learn)
    #expect(learn.bound.variant == 0)
    #expect(!learn.session.practising)
    let status = driver.state.status ?? ""
    #expect(status.hasPrefix("another variant once the lesson is complete (0 of "), "\(status)")
    driver.press(.function(1))
    #expect(
      Fixtures.screen(driver).contains {
        $0.contains("Ctrl-O") && $0.contains("when the lesson is complete")
      })
  }

  @Test("13: after Ctrl-O the progress bar counts the new variant's steps, not the last one's")
  func progressBarAfterAnother() throws {
    var driver = Self.finished()
    let header = Fixtures.screen(driver)[0]
    #expect(header.contains("██████████"), "\(header)")
    driver.press(.control("o"))
    #expect(driver.state.learn?.session.practising == true)
    let after = Fixtures.screen(driver)[0]
    #expect(after.contains("░░░░░░░░░░"), "\(after)")
    driver.type(UpdateTests.answer(for: driver))
    driver.press(.enter)
    let total = driver.state.learn!.lesson.steps.count
    #expect(driver.state.learn?.session.solvedCount(in: driver.state.progress) == 1)
    let filled = Fixtures.screen(driver)[0].filter { $0 == "█" }.count
    #expect(filled == 10 / total, "\(Fixtures.screen(driver)[0])")
  }

  @Test("13: a lesson finished with a revealed step is complete")
  func completeWithRevealedStep() throws {
    var driver = Fixtures.learning()
    let total = driver.state.learn!.lesson.steps.count
    driver.press(.control("r"))  // step 1 revealed, not solved
    driver.press(.control("n"))
    for step in 1..<total {
      driver.type(UpdateTests.answer(for: driver))
      driver.press(.enter)
      #expect(driver.state.learn?.feedback?.verdict.kind == .correct, "step \(step + 1)")
      if step + 1 < total { driver.press(.control("n")) }
    }
    let status = driver.state.status ?? ""
    #expect(status.hasPrefix("lesson complete"), "\(status)")
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.revealed.count == 1)
    driver.press(.control("o"))
    #expect(driver.state.learn?.bound.variant != 0)
  }

  @Test("13: revealing the last open step, at the last step, completes the lesson")
  func completeByRevealingLastStep() throws {
    var driver = Fixtures.learning()
    let total = driver.state.learn!.lesson.steps.count
    for step in 0..<(total - 1) {
      driver.type(UpdateTests.answer(for: driver))
      driver.press(.enter)
      #expect(driver.state.learn?.feedback?.verdict.kind == .correct, "step \(step + 1)")
      driver.press(.control("n"))
    }
    driver.press(.control("r"))
    let status = driver.state.status ?? ""
    #expect(status.hasPrefix("lesson complete"), "\(status)")
    #expect(driver.state.progress.lessons["relu-1-2-2-1"]?.variantsDone.contains(0) == true)
  }
}

extension HostileRound2GlitchTests {
  /// The first column of the graph's window, from its scroll indicator ("columns 17–96 …").
  static func firstColumn(_ screen: [String]) -> Int? {
    guard let line = screen.first(where: { $0.contains("columns ") }),
      let range = line.range(of: "columns ")
    else { return nil }
    return Int(line[range.upperBound...].prefix { $0.isNumber })
  }

  @Test("13: the graph's scroll indicator is not overwritten by the status line")
  func graphIndicatorWithStatus() throws {
    var driver = Fixtures.learning()
    // A status long enough to reach the indicator's place at the right of its row.
    driver.type(":thisisnotacommandofthetutoratall")
    driver.press(.enter)
    #expect(driver.state.status?.hasPrefix("unknown command") == true)
    driver.press(.function(2))
    #expect(driver.state.screen == .graph)
    let screen = Fixtures.screen(driver)
    #expect(screen.contains { $0.contains("columns 1–80 of ") }, "\(screen)")
    #expect(screen[22].contains(driver.state.status ?? "-"), "\(screen[22])")
  }

  @Test("13: > right after End scrolls right of the window End showed, never left")
  func graphSidewaysAfterEnd() throws {
    var driver = Fixtures.learning()
    driver.send(.resize(width: 80, height: 24))
    driver.press(.function(2))
    driver.press(.end)
    let atEnd = try #require(Self.firstColumn(Fixtures.screen(driver)))
    #expect(atEnd > 17, "End shows the loss, at the drawing's right")
    driver.press(.character(">"))
    let after = try #require(Self.firstColumn(Fixtures.screen(driver)))
    #expect(after >= atEnd, "> scrolled left: \(atEnd) → \(after)")
    driver.press(.character("<"))
    let back = try #require(Self.firstColumn(Fixtures.screen(driver)))
    #expect(back == max(1, after - 16), "< after > moves 16 columns back")
  }
}

extension HostileRound2GlitchTests {
  @Test("13: the known-values panel wraps a long label so its value shows (rnn-bptt)")
  func valuesPanelLongLabel() throws {
    var driver = Fixtures.driver()
    let bound = try Fixtures.bound("rnn-bptt")
    driver.send(.lessonOpened(bound, mode: .learn))
    let index = try #require(bound.lesson.steps.firstIndex { $0.id == "dW-step2" })
    for _ in 0...index {
      driver.press(.control("r"))
      driver.press(.control("n"))
    }
    let value = try #require(bound.askedValues[index])
    let shown = TensorFormat.value(value, style: .unicode)
    // Beside the step on a wide terminal; in its place (F4, then PgDn) at 80×24.
    var wide = driver
    wide.send(.resize(width: 120, height: 40))
    driver.press(.function(4))
    driver.press(.pageDown)
    for (driver, width, height) in [(wide, 120, 40), (driver, 80, 24)] {
      let screen = Fixtures.screen(driver, width: width, height: height)
      let drawn = screen.joined(separator: "\n")
      // Every row of the value, whole (a matrix may break after a row's `;`).
      for row in shown.split(separator: "; ") {
        #expect(screen.contains { $0.contains(row) }, "\(width)×\(height): \(row)\n\(drawn)")
      }
      #expect(screen.contains { $0.contains("W's share from the second step") })
    }
  }
}

extension HostileRound2GlitchTests {
  /// maxpool-conv open at step 1.
  static func maxpool() throws -> TutorDriver {
    var driver = Fixtures.driver()
    driver.send(.lessonOpened(try Fixtures.bound("maxpool-conv"), mode: .learn))
    return driver
  }

  @Test("13: maxpool-conv step 1 at 80×24 draws I and K once and the question above the fold")
  func receptiveFieldOnce() throws {
    let screen = Fixtures.screen(try Self.maxpool())
    let drawn = screen.joined(separator: "\n")
    #expect(screen.filter { $0.contains("⎡") }.count == 1, "\(drawn)")
    let answer = try #require(screen.firstIndex { $0.contains("answer>") })
    #expect(screen[..<answer].contains { $0.contains("Compute O₁,₁") }, "\(drawn)")
    #expect(screen[..<answer].contains { $0.contains("the top-left 2×2 window of I.") })
  }

  @Test("13: the receptive-field line wraps at 60×16 instead of being clipped")
  func receptiveFieldWraps() throws {
    let screen = Fixtures.screen(try Self.maxpool(), width: 60, height: 16)
    let drawn = screen.joined(separator: "\n")
    #expect(screen.contains { $0.contains("Receptive field of O₁,₁") }, "\(drawn)")
    #expect(screen.contains { $0.hasPrefix(" kernel):") }, "\(drawn)")
  }
}

extension HostileRound2GlitchTests {
  @Test("13: a loss falling through orders of magnitude is drawn on a log scale, said on the axis")
  func lossChartLogScale() {
    // relu-1-2-2-1's first steps: 9 → 1.1 → 0.019 → … → 0.
    let series = [9, 1.147, 0.01889, 0.00284, 3.48e-4, 4.6e-5, 6e-6, 7.8e-7, 0, 0]
    for ascii in [false, true] {
      let lines = LossChart.lines(series, width: 60, height: 12, ascii: ascii)
      #expect(lines.count == 12)
      let axis = lines[10]
      #expect(axis.contains("log"), "\(lines.joined(separator: "\n"))")
      // The middle label is a power between the ends, not the arithmetic middle (4.5).
      #expect(!lines.contains { $0.hasPrefix("4.5") || $0.contains(" 4.5 ") })
      // Step 2 (0.019) is drawn well below the top quarter, as it is on a log scale.
      #expect(lines.prefix(3).allSatisfy { $0.count < 20 + 5 })
    }
    #expect(
      LossChart.caption(series).hasSuffix("; log scale, 7 decades"), "\(LossChart.caption(series))")
    // A loss within one order of magnitude stays linear.
    let linear = [9, 7, 5, 4.5, 4.2]
    #expect(!LossChart.lines(linear, width: 60, height: 12)[10].contains("log"))
    #expect(!LossChart.caption(linear).contains("log"))
  }
}

extension HostileRound2GlitchTests {
  @Test("13: the exam report at 80 columns wraps a long given instead of cutting it")
  func examReportWraps() throws {
    var driver = Fixtures.driver()
    driver.send(.key(.character("x")))
    #expect(driver.state.screen == .exam)
    let given = "[3.000000000001;-3.00000000001]"
    driver.type(given)
    driver.press(.enter)
    for _ in 1..<(driver.state.exam?.bound.lesson.steps.count ?? 0) { driver.press(.enter) }
    #expect(driver.state.exam?.report != nil)
    let screen = Fixtures.screen(driver)
    let drawn = screen.joined(separator: "\n")
    #expect(screen.contains { $0.contains("given " + given) }, "\(drawn)")
    #expect(screen.allSatisfy { $0.count <= 80 })
    // The other steps are still listed, by number and title.
    #expect(screen.contains { $0.contains("2. ") }, "\(drawn)")
  }
}

extension HostileRound2GlitchTests {
  @Test("8: a review removes the cards whose lesson or step is gone, says so once")
  func staleCardsRemovedFullScreen() throws {
    var driver = Fixtures.driver()
    var progress = LearnerProgress()
    for (lesson, step) in [
      ("sigmoid-chain", "forward-y"), ("sigmoid-chain", "gone-step"), ("gone-lesson", "a"),
    ] {
      progress.recordAttempt(.right, step: step, in: lesson, variant: 0, skills: [], at: 0)
    }
    driver.send(.progressSaved(progress))
    driver.send(.clock(now: 1e9))
    driver.press(.character("d"))
    let status = driver.state.status ?? ""
    #expect(
      status.hasPrefix("review 1 of 1 (2 cards whose lesson or step is gone removed): "),
      "\(status)")
    let cards = driver.state.progress.cards().map { "\($0.lesson)/\($0.step)" }
    #expect(cards == ["sigmoid-chain/forward-y"], "\(cards)")
    #expect(driver.state.progress.lessons["gone-lesson"] != nil, "its other progress is kept")
  }
}
