#include "CNCurses.h"

WINDOW *wacon_stdscr(void) { return stdscr; }
int wacon_lines(void) { return LINES; }
int wacon_cols(void) { return COLS; }
int wacon_colors(void) { return COLORS; }
int wacon_color_pairs(void) { return COLOR_PAIRS; }
const char *wacon_curses_version(void) { return curses_version(); }
attr_t wacon_attr_bold(void) { return WA_BOLD; }
attr_t wacon_attr_underline(void) { return WA_UNDERLINE; }
attr_t wacon_attr_reverse(void) { return WA_REVERSE; }
