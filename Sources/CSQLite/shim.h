// SQLite's C API for the History target (the system library: libsqlite3-dev).
#include <sqlite3.h>
