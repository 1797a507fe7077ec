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
  /// The largest variant number that can be saved: `progress.json` keeps whole numbers
  /// below 10^15 (exact in a JSON number read as a double).
  public static let largestVariant = 999_999_999_999_999

  /// One lesson's progress.
  public struct LessonProgress: Codable, Equatable, Sendable {
    /// Step ids answered correctly.
    public var solved: [String] = []
    /// Step ids whose worked line was revealed before they were solved. A revealed step
    /// stays revealed, even when the learner then types the value: revealed is not solved.
    public var revealed: [String] = []
    /// Hints shown, per step id (the most shown in any session).
    public var hints: [String: Int] = [:]
    /// Wrong answers `bptutor answer` judged, per step id (a probe costs what a hint costs:
    /// the first says how many entries are off, the next shows which, issue 21).
    public var probes: [String: Int] = [:]
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
    /// Cards that could not be read, by step id, written back unchanged until the step
    /// has a card anew.
    var unreadableCards: [String: ProgressJSON] = [:]

    /// Why parts of the entry were set aside (cards that do not read), one line each.
    var problems: [String] {
      var lines = unreadableCards.keys.sorted().map {
        "the card of `\($0)` cannot be read; it is kept as it is"
      }
      if otherFields["cards"] != nil {
        lines.append("`cards` is not an object of cards by step id; it is kept as it is")
      }
      return lines
    }

    public init(solved: [String] = [], revealed: [String] = []) {
      (self.solved, self.revealed) = (solved, revealed)
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
      if let value = fields.removeValue(forKey: "probes") {
        guard case .object(let counts) = value else {
          throw EntryProblem("`probes` is not an object of counts by step id")
        }
        for (step, count) in counts {
          guard let number = count.integer, number >= 0 else {
            throw EntryProblem("`probes` of `\(step)` is not a count")
          }
          probes[step] = number
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
      if let value = fields["cards"] {
        // A card that does not read is set aside (and written back), not its neighbours;
        // `cards` that is not an object stays among the fields kept as they are.
        if case .object(let items) = value {
          fields["cards"] = nil
          for (step, card) in items {
            if let card = ReviewCard(json: card) {
              cards[step] = card
            } else {
              unreadableCards[step] = card
            }
          }
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
      try json.encode(to: encoder)
    }

    /// The entry as it is written: fields kept as they were, then this version's fields
    /// (`hints`, `probes`, `variants`, `attempts`, `exams`, `cards` only when not empty).
    var json: ProgressJSON { .object(fields(withAttempts: true)) }

    /// The fields of ``json``, the attempt log left out unless `withAttempts`.
    func fields(withAttempts: Bool) -> [String: ProgressJSON] {
      var cardsJSON = unreadableCards
      for (step, card) in cards { cardsJSON[step] = card.json }
      var fields: [String: ProgressJSON] = [:]
      for (key, value) in otherFields where !(key == "cards" && !cardsJSON.isEmpty) {
        fields[key] = value
      }
      fields["solved"] = .array(solved.map(ProgressJSON.string))
      fields["revealed"] = .array(revealed.map(ProgressJSON.string))
      if !hints.isEmpty { fields["hints"] = .object(hints.mapValues { .number(Double($0)) }) }
      if !probes.isEmpty { fields["probes"] = .object(probes.mapValues { .number(Double($0)) }) }
      if !variantsDone.isEmpty {
        fields["variants"] = .array(variantsDone.map { .number(Double($0)) })
      }
      if withAttempts, !attempts.isEmpty { fields["attempts"] = .array(attempts.map(\.json)) }
      if !exams.isEmpty { fields["exams"] = .array(exams.map(\.json)) }
      if !cardsJSON.isEmpty { fields["cards"] = .object(cardsJSON) }
      return fields
    }

    /// Both processes' work: the union of solved and revealed steps (linear time).
    public func merged(with other: LessonProgress) -> LessonProgress {
      // The same entry on both sides (a save merging what it saved last): nothing to do.
      // Arrays and dictionaries that share storage compare in constant time, so this
      // spares a save of a large file building a set of every lesson's attempt log.
      if attempts.count <= LearnerProgress.attemptLogLimit,
        exams.count <= LearnerProgress.examLimit, self == other
      {
        return self
      }
      var result = self
      result.solved = Self.unique(solved + other.solved)
      result.revealed = Self.unique(revealed + other.revealed)
      result.hints.merge(other.hints) { max($0, $1) }
      result.probes.merge(other.probes) { max($0, $1) }
      result.variantsDone = Array(Set(variantsDone + other.variantsDone)).sorted()
      result.attempts = Self.mergedLog(attempts, other.attempts, limit: attemptLogLimit)
      result.exams = Self.mergedLog(exams, other.exams, limit: examLimit)
      result.cards.merge(other.cards) { mine, theirs in
        (theirs.lastReview, theirs.reviews) > (mine.lastReview, mine.reviews) ? theirs : mine
      }
      for (key, value) in other.otherFields where result.otherFields[key] == nil {
        result.otherFields[key] = value
      }
      for (step, card) in other.unreadableCards where result.unreadableCards[step] == nil {
        result.unreadableCards[step] = card
      }
      for step in result.cards.keys { result.unreadableCards[step] = nil }
      return result
    }

    /// Both logs without repeats, oldest first, the latest `limit` kept (linear time, so a
    /// log of 60,000 events written by hand merges at once).
    static func mergedLog<Record: Hashable & Timed>(
      _ mine: [Record], _ theirs: [Record], limit: Int
    ) -> [Record] {
      // Theirs all later than mine, both in order (a journal record's new events): no
      // repeat is possible and the order stands, so no set of mine is built.
      if let first = theirs.first, first.time > (mine.last?.time ?? -.infinity),
        Self.inOrder(theirs), Self.inOrder(mine)
      {
        return Array((mine + theirs).suffix(limit))
      }
      var result = mine
      let known = Set(mine)
      for record in theirs where !known.contains(record) { result.append(record) }
      if result.count != mine.count { result.sort { $0.time < $1.time } }
      return Array(result.suffix(limit))
    }

    /// Whether the records are oldest first.
    static func inOrder<Record: Timed>(_ records: [Record]) -> Bool {
      zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time }
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
  /// Skill estimates that could not be read, by skill id, written back unchanged until the
  /// skill is estimated anew.
  var unreadableSkills: [String: ProgressJSON] = [:]
  /// How many resets the file has seen: a snapshot loaded before a reset has a smaller
  /// one, and its entries of what was reset are left out when it is merged (`generation`).
  public internal(set) var generation = 0
  /// The generation of the last `reset --all` (`resets.all`), 0 when none.
  var allResetGeneration = 0
  /// The generation of each lesson's last reset, by lesson id (`resets.lessons`).
  var lessonResetGenerations: [String: Int] = [:]

  public init() {}

  /// Progress read from the JSON of a file, with one line per lesson entry that could not
  /// be read; nil when it is not progress at all (not an object, or `version` or
  /// `lessons` of the wrong type).
  static func read(_ json: ProgressJSON) -> (progress: LearnerProgress, problems: [String])? {
    guard case .object(var fields) = json else { return nil }
    var progress = LearnerProgress()
    var problems: [String] = []
    if let lessons = fields.removeValue(forKey: "lessons") {
      guard case .object(let entries) = lessons else { return nil }
      for (id, entry) in entries { progress.readLesson(id, entry, problems: &problems) }
    }
    guard progress.readFields(fields, problems: &problems) else { return nil }
    return (progress, problems.sorted())
  }

  /// Reads the entry of lesson `id`: kept as it is (and reported) when it cannot be read.
  mutating func readLesson(_ id: String, _ entry: ProgressJSON, problems: inout [String]) {
    do {
      let lesson = try LessonProgress(json: entry)
      lessons[id] = lesson
      unreadableLessons[id] = nil
      problems += lesson.problems.map { "in lesson `\(id)`, \($0)" }
    } catch {
      lessons[id] = nil
      unreadableLessons[id] = entry
      problems.append(
        "the entry of lesson `\(id)` cannot be read (\(error.message)); it is kept as it is")
    }
  }

  /// Reads the top-level fields other than `lessons`; false when they are not progress
  /// (`version` not a whole number).
  mutating func readFields(_ fields: [String: ProgressJSON], problems: inout [String]) -> Bool {
    var fields = fields
    var progress = self
    if let version = fields.removeValue(forKey: "version") {
      guard let number = version.integer else { return false }
      progress.version = number
    }
    if let value = fields["generation"], let number = value.integer, number >= 0 {
      progress.generation = number
      fields["generation"] = nil
    }
    if case .object(var resets)? = fields["resets"] {
      if let all = resets["all"]?.integer, all >= 0 {
        progress.allResetGeneration = all
        resets["all"] = nil
      }
      if case .object(let entries)? = resets["lessons"] {
        var readable = 0
        for (id, entry) in entries {
          guard let number = entry.integer, number >= 0 else { continue }
          progress.lessonResetGenerations[id] = number
          readable += 1
        }
        if readable == entries.count { resets["lessons"] = nil }
      }
      fields["resets"] = resets.isEmpty ? nil : .object(resets)
    }
    if let value = fields["skills"] {
      // An estimate that does not read is set aside (and written back), not its neighbours.
      if case .object(let entries) = value {
        fields["skills"] = nil
        for (id, entry) in entries {
          if let estimate = SkillEstimate(json: entry) {
            progress.skills[id] = estimate
          } else {
            progress.unreadableSkills[id] = entry
            problems.append("the estimate of skill `\(id)` cannot be read; it is kept as it is")
          }
        }
      } else {
        problems.append("`skills` cannot be read; it is kept as it is")
      }
    }
    progress.otherFields = fields
    self = progress
    return true
  }

  public init(from decoder: any Decoder) throws {
    guard let (progress, _) = Self.read(try ProgressJSON(from: decoder)) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not bptutor progress"))
    }
    self = progress
  }

  public func encode(to encoder: any Encoder) throws {
    var fields = topLevelJSON
    var entries: [String: ProgressJSON] = unreadableLessons
    for (id, entry) in lessons { entries[id] = entry.json }
    fields["lessons"] = .object(entries)
    try ProgressJSON.object(fields).encode(to: encoder)
  }

  /// The top-level fields as they are written, all but `lessons`: fields kept as they
  /// were, then `version` (this version's format: a newer file is never written, see
  /// ProgressStore), `generation` and `resets`, `skills`.
  var topLevelJSON: [String: ProgressJSON] {
    var skillsJSON = unreadableSkills
    for (id, estimate) in skills { skillsJSON[id] = estimate.json }
    var fields: [String: ProgressJSON] = [:]
    for (key, value) in otherFields
    where !(key == "skills" && !skillsJSON.isEmpty) && !(key == "resets" && generation > 0) {
      fields[key] = value
    }
    fields["version"] = .number(Double(Self.formatVersion))
    if generation > 0 {
      fields["generation"] = .number(Double(generation))
      var resets: [String: ProgressJSON] = [:]
      if case .object(let kept)? = otherFields["resets"] { resets = kept }
      if allResetGeneration > 0 { resets["all"] = .number(Double(allResetGeneration)) }
      if !lessonResetGenerations.isEmpty {
        resets["lessons"] = .object(lessonResetGenerations.mapValues { .number(Double($0)) })
      }
      fields["resets"] = .object(resets)
    }
    if !skillsJSON.isEmpty { fields["skills"] = .object(skillsJSON) }
    return fields
  }

  /// The ids of the lessons with an entry (readable or not), sorted.
  public var lessonIDs: [String] {
    Set(lessons.keys).union(unreadableLessons.keys).sorted()
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
  ///
  /// A reset wins over older snapshots: what either side holds of a lesson (or, after
  /// `reset --all`, of anything) reset after that side was loaded is left out.
  public func merged(with other: LearnerProgress) -> LearnerProgress {
    var result = self
    result.generation = max(generation, other.generation)
    result.allResetGeneration = max(allResetGeneration, other.allResetGeneration)
    result.lessonResetGenerations.merge(other.lessonResetGenerations) { max($0, $1) }
    let resetAfterSelf = generation < other.allResetGeneration
    let resetAfterOther = other.generation < allResetGeneration
    if resetAfterSelf {
      result.lessons = [:]
      result.unreadableLessons = [:]
      result.skills = [:]
      result.unreadableSkills = [:]
    } else {
      for (id, reset) in other.lessonResetGenerations where generation < reset {
        result.lessons[id] = nil
        result.unreadableLessons[id] = nil
      }
    }
    /// Whether `other`'s entry of lesson `id` predates a reset of it.
    func stale(_ id: String) -> Bool {
      resetAfterOther || other.generation < (result.lessonResetGenerations[id] ?? 0)
    }
    for (id, entry) in other.lessons where !stale(id) {
      result.lessons[id] = result.lessons[id].map { $0.merged(with: entry) } ?? entry
    }
    for (key, value) in other.otherFields where result.otherFields[key] == nil {
      result.otherFields[key] = value
    }
    if !resetAfterOther {
      result.skills.merge(other.skills) { mine, theirs in
        (theirs.observations, theirs.updated) > (mine.observations, mine.updated) ? theirs : mine
      }
      for (id, entry) in other.unreadableSkills where result.unreadableSkills[id] == nil {
        result.unreadableSkills[id] = entry
      }
    }
    for (id, entry) in other.unreadableLessons
    where !stale(id) && result.lessons[id] == nil && result.unreadableLessons[id] == nil {
      result.unreadableLessons[id] = entry
    }
    for id in result.skills.keys { result.unreadableSkills[id] = nil }
    return result
  }

  /// Records one more wrong answer to a step judged by `bptutor answer`.
  public mutating func recordProbe(step: String, in lesson: String) {
    var entry = lessons[lesson, default: LessonProgress()]
    entry.probes[step, default: 0] += 1
    lessons[lesson] = entry
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
