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
attr_t wacon_attr_italic(void) { return WA_ITALIC; }

void wacon_mouse(int on) {
    mousemask(on ? (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0, NULL);
    mouseinterval(0);  // report presses at once: no click-detection delay
}

int wacon_mouse_event(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x;
    *y = e.y;
    if (e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (e.bstate & BUTTON5_PRESSED) return 3;
#endif
    return 0;
}

int wacon_wcwidth(wchar_t c) { return wcwidth(c); }

void wacon_line_buffered_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
