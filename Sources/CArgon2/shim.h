#ifndef CARGON2_SHIM_H
#define CARGON2_SHIM_H
// The reference Argon2 library (Debian's libargon2): PuTTY's .ppk version 3 files derive their
// key with it, and nobody should write Argon2 by hand.
#include <argon2.h>
#endif
