import COpenSSL

/// OpenSSL's typed stacks (`STACK_OF(X)`) seen through the untyped `OPENSSL_sk_*` functions: the
/// typed `sk_X_*` helpers are macros Swift cannot import, and every typed stack is an
/// `OPENSSL_STACK` underneath.
enum OpenSSLStack {
    /// The elements of a stack, in order (borrowed: the stack still owns them).
    static func elements(_ stack: OpaquePointer?) -> [OpaquePointer] {
        guard let stack else { return [] }
        return (0..<OPENSSL_sk_num(stack)).compactMap { OpaquePointer(OPENSSL_sk_value(stack, $0)) }
    }
}
