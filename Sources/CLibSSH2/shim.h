#ifndef CLIBSSH2_SHIM_H
#define CLIBSSH2_SHIM_H
#include <stdlib.h>
#include <string.h>
#include <libssh2.h>
#include <libssh2_publickey.h>
#include <libssh2_sftp.h>

// libssh2's convenience API is made of macros over the *_ex functions; wrap the ones we call.
static inline LIBSSH2_SESSION *clibssh2_session_init(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

// An allocator for libssh2 that zeroes every block before freeing it. libssh2 builds packets
// holding the password (and keyboard-interactive answers) in heap buffers it frees without
// clearing them; with this allocator no freed block keeps a secret. Each block carries its size
// in a 16-byte header (16 keeps the alignment malloc gives).
#define CLIBSSH2_HEADER 16
static void *(*const volatile clibssh2_memset)(void *, int, size_t) = memset;

static inline void *clibssh2_wiping_alloc(size_t count, void **abstract) {
    (void)abstract;
    unsigned char *block = malloc(count + CLIBSSH2_HEADER);
    if (block == NULL) return NULL;
    memcpy(block, &count, sizeof count);
    return block + CLIBSSH2_HEADER;
}

static inline void clibssh2_wiping_free(void *pointer, void **abstract) {
    (void)abstract;
    if (pointer == NULL) return;
    unsigned char *block = (unsigned char *)pointer - CLIBSSH2_HEADER;
    size_t count;
    memcpy(&count, block, sizeof count);
    clibssh2_memset(pointer, 0, count);
    free(block);
}

static inline void *clibssh2_wiping_realloc(void *pointer, size_t count, void **abstract) {
    if (pointer == NULL) return clibssh2_wiping_alloc(count, abstract);
    size_t old;
    memcpy(&old, (unsigned char *)pointer - CLIBSSH2_HEADER, sizeof old);
    void *fresh = clibssh2_wiping_alloc(count, abstract);
    if (fresh == NULL) return NULL;
    memcpy(fresh, pointer, old < count ? old : count);
    clibssh2_wiping_free(pointer, abstract);
    return fresh;
}

/// A session whose memory goes through the wiping allocator; `abstract` is handed to callbacks.
static inline LIBSSH2_SESSION *clibssh2_session_init_wiping(void *abstract) {
    return libssh2_session_init_ex(clibssh2_wiping_alloc, clibssh2_wiping_free, clibssh2_wiping_realloc, abstract);
}

/// Memory for a keyboard-interactive answer, which libssh2 frees with the session's allocator.
static inline char *clibssh2_response_alloc(size_t count) {
    return clibssh2_wiping_alloc(count, NULL);
}
#endif
