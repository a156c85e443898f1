// Nothing to import: this target only defines one symbol for the release link (see the .c file).
