/// What a learner has done, per lesson: small, human-readable, and merged rather than
/// overwritten when two bptutor processes save at once.
///
/// Reading is forgiving, entry by entry: a lesson entry without `revealed` reads as none
/// revealed, an entry that cannot be read at all is kept verbatim (and reported) while the
/// others load, and fields this version does not know are written back as they were.
///
/// Format 2 adds, per lesson, the variants done, the attempt log (the last
/// ``attemptLogLimit`` events), exam results and spaced-review cards, and at the top the
/// skills' knowledge-tracing estimates. A format-1 file reads as format 2 with those
/// empty; the first save writes format 2 (``ProgressStore`` keeps the old file beside it).
public struct LearnerProgress: Codable, Equatable, Sendable {
  public static let formatVersion = 2
  /// The attempt log keeps this many events per lesson (the latest).
  public static let attemptLogLimit = 1_000
  /// Exam results kept per lesson (the latest).
  public static let examLimit = 100

  /// One lesson's progress.
  public struct LessonProgress: Codable, Equatable, Sendable {
    /// Step ids answered correctly.
    public var solved: [String] = []
    /// Step ids whose worked line was revealed before they were solved. A revealed step
    /// stays revealed, even when the learner then types the value: revealed is not solved.
    public var revealed: [String] = []
    /// Hints shown, per step id (the most shown in any session).
    public var hints: [String: Int] = [:]
    /// Variants finished (every step answered through to the last), ascending.
    public var variantsDone: [Int] = []
    /// What happened on each step, oldest first, capped at ``attemptLogLimit``.
    public var attempts: [AttemptRecord] = []
    /// Exam results, oldest first.
    public var exams: [ExamRecord] = []
    /// Spaced-review cards, by step id.
    public var cards: [String: ReviewCard] = [:]
    /// Fields this version does not know, written back unchanged.
    var otherFields: [String: ProgressJSON] = [:]

    public init(solved: [String] = [], revealed: [String] = []) {
      self.solved = solved
      self.revealed = revealed
    }

    /// The entry read from its JSON, or why it cannot be: `solved` and `revealed` are
    /// lists of step ids, `hints` an object of counts by step id, each optional; other
    /// fields are kept.
    init(json: ProgressJSON) throws(EntryProblem) {
      guard case .object(var fields) = json else { throw EntryProblem("it is not an object") }
      if let value = fields.removeValue(forKey: "hints") {
        guard case .object(let counts) = value else {
          throw EntryProblem("`hints` is not an object of counts by step id")
        }
        for (step, count) in counts {
          guard let number = count.integer, number >= 0 else {
            throw EntryProblem("`hints` of `\(step)` is not a count")
          }
          hints[step] = number
        }
      }
      if let value = fields.removeValue(forKey: "variants") {
        guard case .array(let items) = value else {
          throw EntryProblem("`variants` is not a list of variant numbers")
        }
        let numbers = items.compactMap(\.integer).filter { $0 >= 0 }
        guard numbers.count == items.count else {
          throw EntryProblem("`variants` is not a list of variant numbers")
        }
        variantsDone = Array(Set(numbers)).sorted()
      }
      if let value = fields.removeValue(forKey: "attempts") {
        guard case .array(let items) = value else {
          throw EntryProblem("`attempts` is not a list")
        }
        // One event that does not read is dropped, not the lesson.
        attempts = items.compactMap(AttemptRecord.init(json:))
      }
      if let value = fields.removeValue(forKey: "exams") {
        guard case .array(let items) = value else { throw EntryProblem("`exams` is not a list") }
        exams = items.compactMap(ExamRecord.init(json:))
      }
      if let value = fields.removeValue(forKey: "cards") {
        guard case .object(let items) = value else {
          throw EntryProblem("`cards` is not an object of cards by step id")
        }
        for (step, card) in items {
          guard let card = ReviewCard(json: card) else {
            throw EntryProblem("the card of `\(step)` cannot be read")
          }
          cards[step] = card
        }
      }
      for key in ["solved", "revealed"] {
        guard let value = fields.removeValue(forKey: key) else { continue }
        guard let ids = value.strings else {
          throw EntryProblem("`\(key)` is not a list of step ids")
        }
        if key == "solved" { solved = Self.unique(ids) } else { revealed = Self.unique(ids) }
      }
      otherFields = fields
    }

    /// Why a lesson entry cannot be read.
    struct EntryProblem: Error {
      var message: String
      init(_ message: String) { self.message = message }
    }

    public init(from decoder: any Decoder) throws {
      do {
        try self.init(json: ProgressJSON(from: decoder))
      } catch let problem as EntryProblem {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: problem.message))
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: AnyCodingKey.self)
      for (key, value) in otherFields { try container.encode(value, forKey: AnyCodingKey(key)) }
      try container.encode(solved, forKey: AnyCodingKey("solved"))
      try container.encode(revealed, forKey: AnyCodingKey("revealed"))
      if !hints.isEmpty { try container.encode(hints, forKey: AnyCodingKey("hints")) }
      if !variantsDone.isEmpty {
        try container.encode(variantsDone, forKey: AnyCodingKey("variants"))
      }
      if !attempts.isEmpty {
        try container.encode(
          ProgressJSON.array(attempts.map(\.json)), forKey: AnyCodingKey("attempts"))
      }
      if !exams.isEmpty {
        try container.encode(ProgressJSON.array(exams.map(\.json)), forKey: AnyCodingKey("exams"))
      }
      if !cards.isEmpty {
        try container.encode(
          ProgressJSON.object(cards.mapValues(\.json)), forKey: AnyCodingKey("cards"))
      }
    }

    /// Both processes' work: the union of solved and revealed steps (linear time).
    public func merged(with other: LessonProgress) -> LessonProgress {
      var result = self
      result.solved = Self.unique(solved + other.solved)
      result.revealed = Self.unique(revealed + other.revealed)
      result.hints.merge(other.hints) { max($0, $1) }
      result.variantsDone = Array(Set(variantsDone + other.variantsDone)).sorted()
      result.attempts = Self.mergedLog(attempts, other.attempts, limit: attemptLogLimit)
      result.exams = Self.mergedLog(exams, other.exams, limit: examLimit)
      result.cards.merge(other.cards) { mine, theirs in
        (theirs.lastReview, theirs.reviews) > (mine.lastReview, mine.reviews) ? theirs : mine
      }
      for (key, value) in other.otherFields where result.otherFields[key] == nil {
        result.otherFields[key] = value
      }
      return result
    }

    /// Both logs without repeats, oldest first, the latest `limit` kept.
    static func mergedLog<Record: Equatable & Timed>(
      _ mine: [Record], _ theirs: [Record], limit: Int
    ) -> [Record] {
      var result = mine
      for record in theirs where !mine.contains(record) { result.append(record) }
      if result.count != mine.count { result.sort { $0.time < $1.time } }
      return Array(result.suffix(limit))
    }

    /// `ids` without repeats, in first-seen order.
    static func unique(_ ids: [String]) -> [String] {
      var seen: Set<String> = []
      return ids.filter { seen.insert($0).inserted }
    }
  }

  public var version = LearnerProgress.formatVersion
  public var lessons: [String: LessonProgress] = [:]
  /// Each skill's knowledge-tracing estimate, by skill id.
  public var skills: [String: SkillEstimate] = [:]
  /// Top-level fields this version does not know, written back unchanged.
  var otherFields: [String: ProgressJSON] = [:]
  /// Lesson entries that could not be read, written back unchanged until that lesson's
  /// progress is saved anew.
  var unreadableLessons: [String: ProgressJSON] = [:]

  public init() {}

  /// Progress read from the JSON of a file, with one line per lesson entry that could not
  /// be read; nil when it is not progress at all (not an object, or `version` or
  /// `lessons` of the wrong type).
  static func read(_ json: ProgressJSON) -> (progress: LearnerProgress, problems: [String])? {
    guard case .object(var fields) = json else { return nil }
    var progress = LearnerProgress()
    var problems: [String] = []
    if let version = fields.removeValue(forKey: "version") {
      guard let number = version.integer else { return nil }
      progress.version = number
    }
    if let lessons = fields.removeValue(forKey: "lessons") {
      guard case .object(let entries) = lessons else { return nil }
      for (id, entry) in entries {
        do {
          progress.lessons[id] = try LessonProgress(json: entry)
        } catch {
          progress.unreadableLessons[id] = entry
          problems.append(
            "the entry of lesson `\(id)` cannot be read (\(error.message)); it is kept as it is")
        }
      }
    }
    if let value = fields["skills"] {
      var skills: [String: SkillEstimate] = [:]
      if case .object(let entries) = value {
        for (id, entry) in entries {
          guard let estimate = SkillEstimate(json: entry) else { continue }
          skills[id] = estimate
        }
      }
      if case .object(let entries) = value, skills.count == entries.count {
        progress.skills = skills
        fields["skills"] = nil
      } else {
        problems.append("`skills` cannot be read; it is kept as it is")
      }
    }
    progress.otherFields = fields
    return (progress, problems.sorted())
  }

  public init(from decoder: any Decoder) throws {
    guard let (progress, _) = Self.read(try ProgressJSON(from: decoder)) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not bptutor progress"))
    }
    self = progress
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: AnyCodingKey.self)
    for (key, value) in otherFields { try container.encode(value, forKey: AnyCodingKey(key)) }
    // Written in this version's format (a newer file is never written: see ProgressStore).
    try container.encode(Self.formatVersion, forKey: AnyCodingKey("version"))
    if !skills.isEmpty {
      try container.encode(
        ProgressJSON.object(skills.mapValues(\.json)), forKey: AnyCodingKey("skills"))
    }
    var entries: [String: ProgressJSON] = unreadableLessons
    for id in lessons.keys { entries[id] = nil }
    var lessonsContainer = container.nestedContainer(
      keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("lessons"))
    for (id, entry) in entries { try lessonsContainer.encode(entry, forKey: AnyCodingKey(id)) }
    for (id, entry) in lessons { try lessonsContainer.encode(entry, forKey: AnyCodingKey(id)) }
  }

  /// Marks a step solved.
  public mutating func markSolved(_ step: String, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    if !entry.solved.contains(step) { entry.solved.append(step) }
    lessons[lesson] = entry
  }

  /// Marks a step revealed (shown the worked line without solving it).
  public mutating func markRevealed(_ step: String, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    if !entry.revealed.contains(step), !entry.solved.contains(step) { entry.revealed.append(step) }
    lessons[lesson] = entry
  }

  /// Every lesson of either, each merged; fields not understood are kept from both
  /// (this one's first).
  public func merged(with other: LearnerProgress) -> LearnerProgress {
    var result = self
    for (id, entry) in other.lessons {
      result.lessons[id] = result.lessons[id].map { $0.merged(with: entry) } ?? entry
    }
    for (key, value) in other.otherFields where result.otherFields[key] == nil {
      result.otherFields[key] = value
    }
    result.skills.merge(other.skills) { mine, theirs in
      (theirs.observations, theirs.updated) > (mine.observations, mine.updated) ? theirs : mine
    }
    for (id, entry) in other.unreadableLessons
    where result.lessons[id] == nil && result.unreadableLessons[id] == nil {
      result.unreadableLessons[id] = entry
    }
    return result
  }

  /// Records that `count` hints of a step have been shown (never lowers the count).
  public mutating func recordHints(_ count: Int, step: String, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    entry.hints[step] = max(entry.hints[step] ?? 0, count)
    lessons[lesson] = entry
  }

  /// How many of these steps are solved, revealed (and not solved), and how many hints
  /// were shown in all.
  public func counts(of lesson: String, stepIDs: [String]) -> (
    solved: Int, revealed: Int, hints: Int
  ) {
    let entry = lessons[lesson] ?? LessonProgress()
    let ids = Set(stepIDs)
    let solved = Set(entry.solved).intersection(ids)
    let revealed = Set(entry.revealed).intersection(ids).subtracting(solved)
    let hints = entry.hints.filter { ids.contains($0.key) }.values.reduce(0, +)
    return (solved.count, revealed.count, hints)
  }

  /// "new", "3/12", "3/12 · 1 revealed", "✓ done" or "✓ done · 2 revealed": a lesson is
  /// done when every step is solved or revealed, and says how many were revealed.
  public func status(of lesson: String, stepIDs: [String]) -> String {
    let (solved, revealed, _) = counts(of: lesson, stepIDs: stepIDs)
    let revealedNote = revealed > 0 ? " · \(revealed) revealed" : ""
    if solved + revealed == 0 { return "new" }
    if solved + revealed == stepIDs.count { return "✓ done" + revealedNote }
    return "\(solved)/\(stepIDs.count)" + revealedNote
  }

  /// The index of the first step neither solved nor revealed (where a lesson resumes),
  /// or 0.
  public func resumeIndex(of lesson: String, stepIDs: [String]) -> Int {
    let entry = lessons[lesson] ?? LessonProgress()
    let done = Set(entry.solved).union(entry.revealed)
    return stepIDs.firstIndex { !done.contains($0) } ?? 0
  }
}
