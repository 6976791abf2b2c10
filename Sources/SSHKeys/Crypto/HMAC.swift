import COpenSSL

/// HMAC-SHA1 (RFC 2104) from OpenSSL: the keyed hash of hashed known_hosts names.
///
/// Checking one host against a known_hosts file computes one HMAC per hashed line, each with
/// its own salt as the key, so the MAC and its digest are fetched once into a template context
/// and every computation starts from a copy of it.
enum HMACSHA1 {
    /// Output length in bytes.
    static let length = 20

    /// The HMAC-SHA1 of `message` under `key`.
    static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        guard let context = EVP_MAC_CTX_dup(HMACTemplate.shared.context) else {
            fatalError("OpenSSL could not copy an HMAC context")
        }
        defer { EVP_MAC_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: length)
        var written = 0
        let ok = key.withUnsafeBufferPointer { key in
            message.withUnsafeBufferPointer { message in
                out.withUnsafeMutableBufferPointer { out in
                    EVP_MAC_init(context, key.baseAddress, key.count, nil) == 1
                        && EVP_MAC_update(context, message.baseAddress, message.count) == 1
                        && EVP_MAC_final(context, out.baseAddress, &written, out.count) == 1
                }
            }
        }
        precondition(ok && written == length, "OpenSSL HMAC-SHA1 failed")
        return out
    }
}

/// An HMAC context with SHA-1 chosen and no key yet, kept for the life of the process.
private final class HMACTemplate: @unchecked Sendable {
    static let shared = HMACTemplate()
    // Configured once in init and afterwards only copied, never changed, hence @unchecked Sendable.
    let context: OpaquePointer

    private init() {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            fatalError("OpenSSL has no HMAC; is the default provider missing?")
        }
        // The context keeps its own reference to the MAC.
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { fatalError("OpenSSL could not create an HMAC context") }
        let configured = OSSL_MAC_PARAM_DIGEST.withCString { name in
            "SHA1".withCString { digest in
                let params = [
                    OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digest), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_MAC_CTX_set_params(context, params) == 1
            }
        }
        precondition(configured, "OpenSSL has no SHA1 digest for HMAC")
        self.context = context
    }
}
