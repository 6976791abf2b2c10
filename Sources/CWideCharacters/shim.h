#ifndef CWIDECHARACTERS_SHIM_H
#define CWIDECHARACTERS_SHIM_H
// The C library's wide-character classification, which Swift's Glibc module does not include.
// OpenSSH decides what is printable with it, so sshauth asks the same tables.
#include <locale.h>
#include <wctype.h>
#endif
