#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// SwiftPM drops the -D_XOPEN_SOURCE flag that ncursesw.pc asks for, and without it the
// wide-character API (cchar_t, add_wch, get_wch, WACS_*) is compiled out. Ask for it here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// glibc hides these behind __USE_XOPEN, which Swift's Glibc module does not set.
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);

// Accessors for macros and mutable globals that Swift cannot import or may not touch.
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline const cchar_t *cnc_wacs_hline(void) { return WACS_HLINE; }
static inline const cchar_t *cnc_wacs_vline(void) { return WACS_VLINE; }
static inline const cchar_t *cnc_wacs_ulcorner(void) { return WACS_ULCORNER; }
static inline const cchar_t *cnc_wacs_urcorner(void) { return WACS_URCORNER; }
static inline const cchar_t *cnc_wacs_llcorner(void) { return WACS_LLCORNER; }
static inline const cchar_t *cnc_wacs_lrcorner(void) { return WACS_LRCORNER; }

// Whether TERM names a terminal type that can move the cursor, asked from the terminfo entry
// alone. Starting curses to find out would take over the terminal modes, and giving them back
// from a background process group stops the process (SIGTTOU) instead of refusing it.
static inline int cnc_terminal_can_address_cursor(int fd) {
    int error = 0;
    if (setupterm(NULL, fd, &error) != OK) return 0;
    const char *move = tigetstr("cup");
    int can = move != NULL && move != (const char *)-1;
    del_curterm(cur_term);
    return can;
}
#endif
