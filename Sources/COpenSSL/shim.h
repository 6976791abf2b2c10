#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
// Pin the API to OpenSSL 3.0 so that only the provider-era (EVP) interface is visible.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pkcs12.h>
#include <openssl/params.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/decoder.h>

// Function-like macros Swift cannot import.
static inline int cossl_bn_num_bytes(const BIGNUM *bn) { return BN_num_bytes(bn); }
static inline int cossl_selection_public_key(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline long cossl_bio_get_mem_data(BIO *bio, char **pp) { return BIO_get_mem_data(bio, pp); }
#endif
