#ifndef CLIBSSH2_SHIM_H
#define CLIBSSH2_SHIM_H
#include <libssh2.h>
#include <libssh2_publickey.h>
#include <libssh2_sftp.h>

// libssh2's convenience API is made of macros over the *_ex functions; wrap the ones we call.
static inline LIBSSH2_SESSION *clibssh2_session_init(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}
#endif
