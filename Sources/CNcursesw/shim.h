// The only C the tutor needs: ncursesw with wide-character support, plus the macros
// and globals Swift 6 cannot import directly, wrapped as static inline functions.
#ifndef BPTUTOR_NCURSES_SHIM_H
#define BPTUTOR_NCURSES_SHIM_H

// SwiftPM drops pkg-config's -D flags: define them here, before the header.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline WINDOW *bp_stdscr(void) { return stdscr; }
static inline int bp_lines(void) { return LINES; }
static inline int bp_cols(void) { return COLS; }
static inline int bp_key_f(int n) { return KEY_F(n); }
static inline int bp_key_code_yes(void) { return KEY_CODE_YES; }
static inline int bp_key_resize(void) { return KEY_RESIZE; }
static inline attr_t bp_a_bold(void) { return A_BOLD; }
static inline attr_t bp_a_reverse(void) { return A_REVERSE; }
static inline attr_t bp_a_dim(void) { return A_DIM; }
static inline attr_t bp_color_pair(int n) { return COLOR_PAIR(n); }
static inline int bp_get_wch(wint_t *ch) { return get_wch(ch); }
static inline void bp_getmaxyx(int *rows, int *cols) {
  int r, c;
  getmaxyx(stdscr, r, c);
  *rows = r;
  *cols = c;
}

// Whether the terminal TERM names can run the full-screen tutor, asked before initscr
// (which would print "Error opening terminal" and exit): 0 yes, 1 TERM is unset or empty,
// 2 TERM is unknown to terminfo, 3 it has no cursor addressing (TERM=dumb).
static inline int bp_terminal_problem(void) {
  const char *name = getenv("TERM");
  if (name == 0 || name[0] == 0) return 1;
  int error = 0;
  if (setupterm((char *)0, 1, &error) != OK) return 2;
  const char *cup = tigetstr("cup");
  int problem = (cup == 0 || cup == (char *)-1) ? 3 : 0;
  del_curterm(cur_term);
  return problem;
}

// Bracketed paste: pasted text arrives between ESC[200~ and ESC[201~, which ncurses
// returns as these two key codes once bp_define_paste_keys has run.
static inline int bp_key_paste_start(void) { return KEY_MAX + 200; }
static inline int bp_key_paste_end(void) { return KEY_MAX + 201; }
static inline void bp_define_paste_keys(void) {
  define_key("\033[200~", bp_key_paste_start());
  define_key("\033[201~", bp_key_paste_end());
}
static inline void bp_write_terminal(const char *text) {
  size_t length = strlen(text);
  while (length > 0) {
    ssize_t written = write(STDOUT_FILENO, text, length);
    if (written <= 0) return;
    text += written;
    length -= (size_t)written;
  }
}
static inline void bp_bracketed_paste(int on) {
  bp_write_terminal(on ? "\033[?2004h" : "\033[?2004l");
}

// Signals that end the program (SIGINT, SIGTERM, SIGHUP, SIGQUIT): the flag is read by
// the input loop, which restores the terminal; the program then exits 128 + the signal.
static volatile sig_atomic_t bp_termination_signal = 0;
static inline void bp_on_signal(int signal) { bp_termination_signal = signal; }
static inline void bp_install_signal_handlers(void) {
  struct sigaction action;
  action.sa_handler = bp_on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read returns so the loop can exit
  sigaction(SIGTERM, &action, 0);
  sigaction(SIGHUP, &action, 0);
  sigaction(SIGINT, &action, 0);
  sigaction(SIGQUIT, &action, 0);
}
static inline int bp_pending_signal(void) { return bp_termination_signal; }

// A crash (a Swift trap is SIGILL or SIGTRAP) must not leave the shell in raw mode:
// put the terminal back, then die of the same signal so the exit status tells the truth.
static inline void bp_set_crash_handler(void (*handler)(int)) {
  struct sigaction action;
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = handler == SIG_DFL ? 0 : SA_RESETHAND;
  int signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    sigaction(signals[i], &action, 0);
  }
}
static inline void bp_on_crash(int signal) {
  bp_bracketed_paste(0);
  endwin();
  bp_set_crash_handler(SIG_DFL);
  raise(signal);
}
static inline void bp_install_crash_handlers(void) { bp_set_crash_handler(bp_on_crash); }
static inline void bp_remove_crash_handlers(void) { bp_set_crash_handler(SIG_DFL); }
#endif
