import Foundation
import TutorLessons
import TutorMath
import TutorProgress

/// One learner's walk through one bound lesson: the current step, the last verdict,
/// hints shown, worked lines revealed, and moves between steps. Both front ends drive
/// it — the full-screen tutor (through ``TutorApp/update(_:_:)``) and `learn --plain`.
///
/// Solved and revealed steps live in one place, the learner's ``LearnerProgress``: each
/// action reads it and returns what changed as ``ProgressChange`` values, for the caller
/// to save and apply once (the session never changes the progress itself). The session never does I/O and never words its outcome; its
/// ``Event``s are data that each front end words in ``SessionText``.
public struct TutorSession: Sendable {
  public private(set) var bound: BoundLesson
  /// The current step, 0-based.
  public private(set) var stepIndex: Int
  /// The last verdict on the current step.
  public internal(set) var feedback: Feedback?
  /// Hints shown so far, per step index.
  public private(set) var hintsShown: [Int: Int] = [:]
  /// Steps whose worked line has been revealed in this session.
  public private(set) var workedShown: Set<Int> = []
  /// Steps whose outcome is recorded at these givens (solved or revealed): only the first
  /// conclusion of a step counts for knowledge tracing and review.
  public private(set) var concluded: Set<Int> = []
  /// Steps answered wrong at these givens before they were solved.
  public private(set) var answeredWrong: Set<Int> = []
  /// Steps whose wrong entries have been marked (a probe that costs what a hint costs).
  public internal(set) var marksShown: Set<Int> = []
  /// The last verdict whose entry marks were withheld, per step: a hint shows them.
  var withheldMarks: [Int: Feedback] = [:]
  /// When each step was last shown, in seconds since 1970 (for "right, quickly").
  private var shownAt: [Int: Double] = [:]
  /// Practice at fresh givens (another variant, a review): only steps done at these
  /// givens are earned, so their values are concealed again until they are.
  public private(set) var practising = false
  /// In practice, the steps whose values are shown as context (a review shows the values
  /// the reviewed step builds on: every step before it).
  public private(set) var context: Set<Int> = []
  /// Seconds since 1970: the plain front end reads the system clock; the full-screen tutor
  /// sets the time of the message being handled (``setTime(_:)``); tests set a fixed clock.
  public var clock: @Sendable () -> Double = { Date().timeIntervalSince1970 }

  /// From now on the session's clock reads `now` (seconds since 1970).
  public mutating func setTime(_ now: Double) { clock = { now } }

  /// What happened, for the front end to say.
  public enum Event: Equatable, Sendable {
    /// Opened at the first unsolved step (0-based), later than the first.
    case resumed(atStep: Int)
    /// Every step was solved already: starting again from the first.
    case startingOver
    /// Enter with nothing typed.
    case emptyAnswer
    /// Hint `number` (1-based) of `count` is now shown.
    case hintShown(number: Int, of: Int)
    case noMoreHints
    /// The worked line is shown; it counts as revealed unless the step was solved.
    case revealed(countsAsRevealed: Bool)
    /// The answer was judged.
    case judged(Verdict)
    /// A right answer, and more steps follow.
    case solvedMoreToGo
    /// A right answer on the last step with every step solved.
    case lessonComplete
    /// A right answer on the last step, with earlier steps still open.
    case lastStepSolved
    /// A right answer on a step whose worked line was revealed: it stays revealed.
    case rightButRevealed
    /// Moved to step `index` (0-based).
    case moved(to: Int)
    case atLastStep
    case atFirstStep
    /// New givens (a variant, `:set`): every value recomputed.
    case rebound
  }

  /// A step's outcome, for ``ProgressChange/attempt(_:)``.
  public struct Attempt: Equatable, Sendable {
    public var lesson: String
    public var step: String
    public var outcome: AttemptRecord.Outcome
    public var variant: Int
    public var skills: [String]
    /// Seconds since 1970.
    public var time: Double
    /// Right within ``LearnerProgress/quickAnswerSeconds`` of the step being shown.
    public var quick: Bool

  }

  /// A session at the first unsolved step of `bound` (or the first step when every
  /// step is solved), and what to tell the learner about where it starts.
  public init(bound: BoundLesson, progress: LearnerProgress, at now: Double? = nil) {
    if let now { clock = { now } }
    self.bound = bound
    let ids = bound.lesson.steps.map(\.id)
    let solved = Set(progress.lessons[bound.lesson.id]?.solved ?? []).intersection(ids)
    var index = progress.resumeIndex(of: bound.lesson.id, stepIDs: ids)
    if !ids.isEmpty, solved.count == ids.count { index = 0 }
    stepIndex = min(index, max(0, ids.count - 1))
    shownAt[stepIndex] = clock()
  }

  /// A session practising `bound` at fresh givens from its first step: values are earned
  /// again, step by step (another variant, a review).
  public init(practising bound: BoundLesson, at step: Int = 0, time now: Double? = nil) {
    if let now { clock = { now } }
    self.bound = bound
    stepIndex = min(max(0, step), max(0, bound.lesson.steps.count - 1))
    practising = true
    context = Set(0..<stepIndex)
    shownAt[stepIndex] = clock()
  }

  /// What to say when the session opens: resumed later, or starting over.
  public func openingEvent(progress: LearnerProgress) -> Event? {
    let ids = lesson.steps.map(\.id)
    if !ids.isEmpty, solvedCount(in: progress) == ids.count { return .startingOver }
    return stepIndex > 0 ? .resumed(atStep: stepIndex) : nil
  }

  public var lesson: Lesson { bound.lesson }
  public var step: Step { bound.lesson.steps[stepIndex] }
  public var isLastStep: Bool { stepIndex + 1 >= lesson.steps.count }

  /// Whether step `index` is solved, according to `progress`.
  public func isSolved(_ index: Int, in progress: LearnerProgress) -> Bool {
    progress.lessons[lesson.id]?.solved.contains(lesson.steps[index].id) ?? false
  }

  /// Whether step `index` was revealed before it was solved (it then stays revealed).
  public func isRevealed(_ index: Int, in progress: LearnerProgress) -> Bool {
    !isSolved(index, in: progress)
      && (progress.lessons[lesson.id]?.revealed.contains(lesson.steps[index].id) ?? false)
  }

  /// The mark beside step `index`'s title: solved or revealed in `progress`; in practice
  /// (another variant, a review), at these givens — what was solved at the lesson's own
  /// values is not an answer to this card.
  public func mark(of index: Int, in progress: LearnerProgress) -> StepMark {
    if practising {
      if workedShown.contains(index) { return .revealed }
      return concluded.contains(index) ? .solved : .open
    }
    if isSolved(index, in: progress) { return .solved }
    return isRevealed(index, in: progress) ? .revealed : .open
  }

  /// The mark of a step: ✓ solved, revealed, or neither yet.
  public enum StepMark: Equatable, Sendable { case open, solved, revealed }

  /// The steps whose values the learner has earned: solved or revealed (0-based).
  public func earnedSteps(in progress: LearnerProgress) -> Set<Int> {
    if practising { return concluded.union(workedShown).union(context) }
    let entry = progress.lessons[lesson.id]
    let done = Set(entry?.solved ?? []).union(entry?.revealed ?? [])
    return Set(lesson.steps.indices.filter { done.contains(lesson.steps[$0].id) })
  }

  /// What the learner may see now: givens and earned values; every other value a step
  /// asks for is concealed (worked out once per binding and earned set:
  /// ``ConcealmentCache``).
  public func concealment(in progress: LearnerProgress) -> Concealment {
    ConcealmentCache.shared.concealment(bound, earned: earnedSteps(in: progress))
  }

  /// How many of the lesson's steps `progress` has solved; in practice (another variant,
  /// a review), how many are done at these givens.
  public func solvedCount(in progress: LearnerProgress) -> Int {
    if practising { return concluded.count }
    return Set(progress.lessons[lesson.id]?.solved ?? []).intersection(lesson.steps.map(\.id)).count
  }

  // MARK: - Actions

  /// Whether every step is solved or revealed (in practice, done at these givens; the
  /// steps shown as context do not count): the lesson is finished, and another variant
  /// can be asked for.
  public func isComplete(in progress: LearnerProgress) -> Bool {
    let done =
      practising ? concluded.union(workedShown).count : earnedSteps(in: progress).count
    return !lesson.steps.isEmpty && done == lesson.steps.count
  }

  /// Judges `answer` for the current step; a right answer is marked solved (in the
  /// changes returned; `progress` is what the learner had before).
  public mutating func submit(_ answer: String, progress: LearnerProgress) -> (
    [Event], [ProgressChange]
  ) {
    let trimmed = answer.trimmingWhitespace()
    guard !trimmed.isEmpty else { return ([.emptyAnswer], []) }
    let earned = earnedSteps(in: progress)
    let checker = StepChecker(bound)
    let checked: Verdict
    if case .choice = step.question {
      checked = checker.check(
        trimmed, step: stepIndex, earned: earned,
        concealment: ConcealmentCache.shared.concealment(bound, earned: earned))
    } else {
      checked = checker.check(
        trimmed,
        prepared: CheckCache.shared.preparation(bound, step: stepIndex, earned: earned))
    }
    let verdict = costMarks(checked, answer: trimmed)
    feedback = Feedback(answer: trimmed, verdict: verdict)
    var events: [Event] = [.judged(verdict)]
    var effects: [ProgressChange] = []
    guard verdict.kind == .correct else {
      if verdict.kind != .malformed { answeredWrong.insert(stepIndex) }
      return (events, effects)
    }
    let firstConclusion = concluded.insert(stepIndex).inserted
    var record: ProgressChange?
    if firstConclusion, !workedShown.contains(stepIndex) {
      // What `bptutor answer` recorded counts too: its wrong answers and the entry marks
      // it showed (saved as a hint).
      let saved = practising ? nil : progress.lessons[lesson.id]
      let outcome: AttemptRecord.Outcome =
        answeredWrong.contains(stepIndex) || (saved?.probes[step.id] ?? 0) > 0
        ? .wrongFirst
        : (usedHelp(stepIndex) || (saved?.hints[step.id] ?? 0) > 0 ? .afterHints : .right)
      let time = clock()
      let quick = time - (shownAt[stepIndex] ?? time) <= LearnerProgress.quickAnswerSeconds
      record = .attempt(attempt(outcome, at: time, quick: quick))
    }
    if practising {
      if let record { effects.append(record) }
      if isLastStep, firstConclusion, isComplete(in: progress) {
        effects.append(.variantDone(lesson: lesson.id, variant: bound.variant))
        return (events + [.lessonComplete], effects)
      }
      return (events + [isLastStep ? .lastStepSolved : .solvedMoreToGo], effects)
    }
    if isRevealed(stepIndex, in: progress) {
      return (events + [.rightButRevealed], effects)
    }
    // What the learner has once the changes are applied.
    var after = progress
    if !isSolved(stepIndex, in: progress) {
      effects.append(.solved(lesson: lesson.id, step: step.id))
      effects.last?.apply(to: &after)
    }
    if let record { effects.append(record) }
    if !isLastStep {
      events.append(.solvedMoreToGo)
    } else if isComplete(in: after) {
      events.append(.lessonComplete)
      effects.append(.variantDone(lesson: lesson.id, variant: bound.variant))
    } else {
      events.append(.lastStepSolved)
    }
    return (events, effects)
  }

  /// Gets the current step's check ready in the background (``CheckCache``): the
  /// right answer, the checker's context and the slip tiers a wrong answer is explained
  /// by, and the concealment once the step is solved — so that the submit key finds them
  /// made. The tutor asks once a frame is drawn, with the steps earned (``earnedSteps(in:)``);
  /// once they are made it costs a lookup.
  public func prepareCheck(earned: Set<Int>) {
    if case .choice = step.question { return }
    CheckCache.shared.prepare(bound, step: stepIndex, earned: earned)
  }

  /// The record of the current step's outcome.
  func attempt(_ outcome: AttemptRecord.Outcome, at time: Double, quick: Bool = false) -> Attempt {
    Attempt(
      lesson: lesson.id, step: step.id, outcome: outcome, variant: bound.variant,
      skills: step.skills, time: time, quick: quick)
  }

  /// Shows the next hint of the current step; the count is recorded in the progress.
  public mutating func hint(progress: LearnerProgress) -> (Event, [ProgressChange]) {
    let shown = hintsShown[stepIndex, default: 0]
    guard shown < step.hints.count else { return (.noMoreHints, []) }
    hintsShown[stepIndex] = shown + 1
    showWithheldMarks()
    return (
      .hintShown(number: shown + 1, of: step.hints.count),
      [.hints(lesson: lesson.id, step: step.id, count: shown + 1)]
    )
  }

  /// Reveals the worked line; an unsolved step is marked revealed (not solved).
  public mutating func reveal(progress: LearnerProgress) -> (Event, [ProgressChange]) {
    let firstConclusion = !concluded.contains(stepIndex) && !workedShown.contains(stepIndex)
    workedShown.insert(stepIndex)
    if practising {
      guard firstConclusion else { return (.revealed(countsAsRevealed: false), []) }
      return (.revealed(countsAsRevealed: true), [.attempt(attempt(.revealed, at: clock()))])
    }
    if isSolved(stepIndex, in: progress) { return (.revealed(countsAsRevealed: false), []) }
    var effects: [ProgressChange] = [.revealed(lesson: lesson.id, step: step.id)]
    if firstConclusion { effects.append(.attempt(attempt(.revealed, at: clock()))) }
    return (.revealed(countsAsRevealed: true), effects)
  }

  /// Moves `delta` steps (1 next, -1 previous), clearing the last verdict.
  public mutating func move(by delta: Int) -> Event {
    let target = stepIndex + delta
    guard target >= 0, target < lesson.steps.count else {
      return delta > 0 ? .atLastStep : .atFirstStep
    }
    stepIndex = target
    feedback = nil
    shownAt[target] = clock()
    return .moved(to: target)
  }

  /// New givens for the same lesson (a variant, `:set`): feedback on the old numbers
  /// is cleared; solved steps stay solved.
  public mutating func rebind(_ newBound: BoundLesson) -> Event {
    bound = newBound
    feedback = nil
    concluded = []
    answeredWrong = []
    return .rebound
  }

  /// Another variant of a finished lesson (`learn --variant new`, the key on the last
  /// screen): fresh givens from the first step, every value earned again.
  public mutating func practise(_ newBound: BoundLesson) -> Event {
    let clock = self.clock
    self = TutorSession(practising: newBound, time: clock())
    self.clock = clock
    return .rebound
  }
}
