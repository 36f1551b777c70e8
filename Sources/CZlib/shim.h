// zlib from Debian's zlib1g-dev: the tests inflate Chromium's PNG screenshots with it.
#include <zlib.h>
