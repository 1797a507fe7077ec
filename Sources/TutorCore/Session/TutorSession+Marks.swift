import TutorMath

/// Per-entry marks are a hint (issue 21): answering zeros would otherwise mark exactly the
/// entries that are not zero, reading a ReLU mask or a max-pool routing off for free.
///
/// The first wrong answer to a step says how many entries are off, not which; the marks
/// come with the next attempt or the next hint, and once shown they count as help for
/// the step's recorded outcome (BKT and the FSRS rating treat it as a hint).
extension TutorSession {
  /// `verdict` as the learner sees it: on the first wrong answer of the current step
  /// (no hint, no earlier wrong answer), its entry marks replaced by a count; otherwise
  /// as it is, the marks then counted as shown.
  mutating func costMarks(_ verdict: Verdict, answer: String) -> Verdict {
    guard verdict.kind != .correct, verdict.kind != .malformed,
      let marks = verdict.entryMarks, marks.contains(false)
    else { return verdict }
    let earned =
      marksShown.contains(stepIndex) || answeredWrong.contains(stepIndex)
      || hintsShown[stepIndex, default: 0] > 0
    guard !earned else {
      marksShown.insert(stepIndex)
      withheldMarks[stepIndex] = nil
      return verdict
    }
    withheldMarks[stepIndex] = Feedback(answer: answer, verdict: verdict)
    return verdict.withholdingMarks()
  }

  /// A hint also shows the marks withheld from the last answer, if it is still on screen.
  mutating func showWithheldMarks() {
    guard let withheld = withheldMarks.removeValue(forKey: stepIndex),
      feedback?.answer == withheld.answer
    else { return }
    feedback = withheld
    marksShown.insert(stepIndex)
  }

  /// Whether the learner had help on step `index` before concluding it: a hint, or
  /// entry marks.
  func usedHelp(_ index: Int) -> Bool {
    hintsShown[index, default: 0] > 0 || marksShown.contains(index)
  }
}

extension Verdict {
  /// The verdict with its entry marks replaced by how many entries are off ("2 of 4
  /// entries are off"): what the first wrong answer to a step says.
  public func withholdingMarks() -> Verdict {
    guard let marks = entryMarks else { return self }
    var shown = self
    shown.entryMarks = nil
    shown.notes.insert(.entriesOff(marks.filter { !$0 }.count, of: marks.count), at: 0)
    return shown
  }
}
