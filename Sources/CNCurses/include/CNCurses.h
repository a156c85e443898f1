#ifndef WACON_CNCURSES_H
#define WACON_CNCURSES_H

// Wide-character ncurses: these must be set before <curses.h> so cchar_t, add_wch and
// get_wch are declared (and wcwidth in <wchar.h>).
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>
#include <wchar.h>

// Swift cannot import C globals that are macros or thread-local in ncurses; these read them.
WINDOW *wacon_stdscr(void);
int wacon_lines(void);
int wacon_cols(void);
int wacon_colors(void);
int wacon_color_pairs(void);
// The ncurses version string, so the build and `wacon --version` prove the C side links.
const char *wacon_curses_version(void);

// Attribute bits (macros Swift cannot import).
attr_t wacon_attr_bold(void);
attr_t wacon_attr_underline(void);
attr_t wacon_attr_reverse(void);
attr_t wacon_attr_italic(void);

// The C library's idea of a character's width: the one ncurses and the terminal use.
int wacon_wcwidth(wchar_t c);

// Mouse reporting (the masks are macros). On: clicks and the wheel; off: the terminal's own
// selection works again.
void wacon_mouse(int on);
// Reads the pending mouse event after KEY_MOUSE: 0 none, 1 left click, 2 wheel up,
// 3 wheel down; x and y are the cell.
int wacon_mouse_event(int *x, int *y);

// Standard output one line at a time, even into a pipe or a file (`stdout` is a C global
// Swift 6 will not touch).
void wacon_line_buffered_stdout(void);

#endif
