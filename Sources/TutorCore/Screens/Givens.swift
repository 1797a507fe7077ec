import TutorLessons
import TutorMath

/// New givens for the lesson on screen: a given set (`x = 2`), or the next variant.
enum Givens {
  /// `bound` with `line` (`x = 2`) set: every value recomputes (nil, with the reason in
  /// `status`, when the line is not an assignment or cannot be bound).
  static func settingGiven(_ line: String, of bound: BoundLesson, status: inout String?)
    -> BoundLesson?
  {
    let assignment: Assignment
    do {
      assignment = try Assignment.parse(line)
    } catch {
      status = error.message
      return nil
    }
    let (name, expression) = (assignment.name, assignment.expression)
    var overrides = bound.overrides
    overrides[name] = expression
    guard
      let rebound = tryBind(bound, variant: bound.variant, overrides: overrides, status: &status)
    else { return nil }
    status = "\(name) = \(expression.trimmingWhitespace()): every value recomputed"
    return rebound
  }

  /// `x = 2` in explore: sets a given of the lesson below; solved steps stay solved.
  static func applySet(_ state: inout AppState, _ line: String) {
    changeActiveBound(&state) { bound, status in settingGiven(line, of: bound, status: &status) }
  }

  /// `variant` in explore: the next seeded variant of the lesson below.
  static func newVariant(_ state: inout AppState) {
    changeActiveBound(&state) { bound, status in
      let rebound = nextVariant(of: bound, status: &status)
      // Explore works on the lesson below: say that the lesson has the new variant too.
      if rebound.variant != bound.variant, let said = status {
        status = said + "; the lesson uses these values too"
      }
      return rebound
    }
  }

  /// The next seeded variant that keeps the catalogued slips apart
  /// (``Variants/served(_:from:)``), without overrides (or `bound` with the reason in
  /// `status`).
  static func nextVariant(of bound: BoundLesson, status: inout String?) -> BoundLesson {
    let variant = Variants.served(bound.lesson, from: (bound.variant + 1)...)
    guard let rebound = tryBind(bound, variant: variant, overrides: [:], status: &status) else {
      return bound
    }
    status = "variant \(variant): new givens, every value recomputed"
    return rebound
  }

  /// Rebinds the lesson screen on the stack (under explore): replay's, learn's or a
  /// review's card. In learn, feedback on the old numbers is cleared; solved steps stay
  /// solved.
  static func changeActiveBound(
    _ state: inout AppState, _ change: (BoundLesson, inout String?) -> BoundLesson?
  ) {
    guard let (index, screen) = state.lessonScreen else { return }
    switch screen {
    case .learn(var learn):
      guard let rebound = change(learn.bound, &state.status) else { return }
      _ = learn.session.rebind(rebound)
      state.stack[index] = .learn(learn)
    case .review(var review):
      guard let rebound = change(review.card.bound, &state.status) else { return }
      _ = review.card.session.rebind(rebound)
      state.stack[index] = .review(review)
    case .replay(var replay):
      guard let rebound = change(replay.bound, &state.status) else { return }
      replay.bound = rebound
      state.stack[index] = .replay(replay)
    default:
      return
    }
  }

  static func tryBind(
    _ bound: BoundLesson, variant: Int, overrides: [String: String], status: inout String?
  ) -> BoundLesson? {
    do {
      return try BoundLesson(lesson: bound.lesson, variant: variant, overrides: overrides)
    } catch {
      status =
        error.diagnostics.first.map {
          $0.message.split(separator: "\n").first.map(String.init) ?? $0.message
        }
        ?? "cannot set that"
      return nil
    }
  }
}
