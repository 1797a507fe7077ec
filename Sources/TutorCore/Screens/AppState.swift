import TerminalText
import TutorEngine
import TutorLessons
import TutorMath
import TutorProgress

/// The whole tutor: pure data, changed only by ``TutorApp/update(_:_:)``. It holds what the
/// screens share — the lessons, the learner's progress, the style, the status line and the
/// clock — and a stack of screens: graph, explore, help and the loss curve are pushed over
/// learn or replay and popped back.
public struct AppState: Sendable {
  public var lessons: [LessonEntry]
  /// What the learner has solved and revealed, in every lesson: the one place.
  public var progress: LearnerProgress
  /// Colour on (off under `NO_COLOR`).
  public var colors: Bool
  public var mathStyle: MathStyle
  /// A one-line message on the status line ("progress saved", an error).
  public var status: String?
  /// Seconds since 1970: the time of the last ``Msg/clock(now:)`` (the shell sends one
  /// before each batch of keys and once a minute while idle; tests send their own).
  public var now: Double = 0
  /// At most this many new cards a day in a review (``LearnerProgress/reviewSession``).
  public var newCardsPerDay = LearnerProgress.defaultNewCardsPerDay
  /// F4 toggles the known-values panel: on a wide terminal it sits beside the step and
  /// F4 hides it; on a narrow one (80×24) F4 shows it in place of the step. A display
  /// preference, kept from lesson to lesson.
  public var valuesPanelToggled = false
  /// The terminal's size, from the last ``Msg/resize(width:height:)`` (80×24 until one
  /// comes): what a screen's keys need to know of the window (the graph's scrolling).
  public var size = (width: 80, height: 24)
  /// The screens, bottom first: the menu at the bottom, the one shown on top. While a
  /// screen's update runs it is off the stack, so the stack holds the screens below it.
  public internal(set) var stack: [Screen] = [.menu(MenuScreen())]

  public init(
    lessons: [LessonEntry], progress: LearnerProgress = LearnerProgress(), colors: Bool = true,
    mathStyle: MathStyle = .unicode
  ) {
    (self.lessons, self.progress, self.colors, self.mathStyle) = (
      lessons, progress, colors, mathStyle
    )
  }

  /// The kind of the screen shown.
  public var screen: ScreenKind { stack.last?.kind ?? .menu }

  /// The row selected in the menu (the menu at the bottom of the stack).
  public var menuIndex: Int {
    get {
      guard case .menu(let menu)? = stack.first else { return 0 }
      return menu.index
    }
    set {
      guard case .menu(var menu)? = stack.first else { return }
      menu.index = newValue
      stack[0] = .menu(menu)
    }
  }

  /// The topmost learn screen on the stack (the one shown, or under graph, explore…), or
  /// the card of a review.
  public var learn: LearnScreen? {
    for screen in stack.reversed() { if let learn = screen.learning { return learn } }
    return nil
  }

  /// The topmost replay screen on the stack.
  public var replay: ReplayScreen? {
    for screen in stack.reversed() { if case .replay(let replay) = screen { return replay } }
    return nil
  }

  /// The exam on the stack.
  public var exam: ExamScreen? {
    for screen in stack.reversed() { if case .exam(let exam) = screen { return exam } }
    return nil
  }

  /// The graph view on the stack.
  public var graph: GraphScreen? {
    for screen in stack.reversed() { if case .graph(let graph) = screen { return graph } }
    return nil
  }

  /// The loss curve on the stack.
  public var curve: CurveScreen? {
    for screen in stack.reversed() { if case .curve(let curve) = screen { return curve } }
    return nil
  }

  /// A review in progress: the due cards still to serve after the card on screen.
  public var review: ReviewQueue? {
    for screen in stack.reversed() { if case .review(let review) = screen { return review.queue } }
    return nil
  }

  /// The topmost lesson screen (learn or replay): the one graph, explore and the curve
  /// show, with its index in the stack.
  var lessonScreen: (index: Int, screen: Screen)? {
    for index in stack.indices.reversed() {
      switch stack[index] {
      case .learn, .review, .replay: return (index, stack[index])
      default: continue
      }
    }
    return nil
  }

  /// The lesson shown in learn, replay, graph or explore.
  public var activeBound: BoundLesson? {
    switch lessonScreen?.screen {
    case .replay(let replay): return replay.bound
    case let screen?: return screen.learning?.bound
    default: return nil
    }
  }

  /// The step of the lesson screen (learn's or replay's), 0-based.
  var activeStep: Int? {
    switch lessonScreen?.screen {
    case .replay(let replay): return replay.stepIndex
    case let screen?: return screen.learning?.stepIndex
    default: return nil
    }
  }

  /// Whether the lesson screen is replay (every value shown).
  var isReplaying: Bool {
    if case .replay = lessonScreen?.screen { return true }
    return false
  }

  /// What the lesson on screen may show: in learn, only givens and earned values; in
  /// replay (the worked example) everything.
  public var concealment: Concealment {
    if let learn = lessonScreen?.screen.learning {
      return learn.session.concealment(in: progress)
    }
    return .none
  }

  /// Replaces the screen on top (tests, benchmarks: a screen in a chosen state).
  public mutating func replaceTop(with screen: Screen) {
    if stack.count > 1 { stack.removeLast() }
    stack.append(screen)
  }

  /// Puts `screen` on top of the stack (tests, benchmarks: a screen over another).
  public mutating func push(_ screen: Screen) {
    stack.append(screen)
  }

  /// Shows `screen` over the menu, closing whatever else was open.
  mutating func open(_ screen: Screen) {
    if case .menu? = stack.first {
      stack.removeSubrange(1...)
    } else {
      stack = [.menu(MenuScreen())]
    }
    stack.append(screen)
  }
}
