// BoringSSL's C interface, as vendored by swift-nio-ssl: NIOSSL can load a certificate but not make one, and no
// package in Package.swift can. The few calls below make a key and a certificate for the tests' servers on
// loopback, so that nothing is read from disk and nothing expires between runs.
import CNIOBoringSSL
import Foundation
public import NIOSSL

/// A self-signed certificate and its key, made in the test.
public struct TestCertificate: Sendable {
    public enum Failure: Error { case boringSSL(String) }

    public let certificate: NIOSSLCertificate
    public let key: NIOSSLPrivateKey
    /// The certificate's DER bytes, for a client that is to trust it.
    public let der: [UInt8]

    /// A certificate for `name` (common name, and subject alternative name: IP for an address, else DNS), valid from
    /// `validFrom` to `validUntil` seconds from now.
    public init(name: String = "127.0.0.1", validFrom: Int = -3600, validUntil: Int = 86_400) throws {
        func check(_ ok: Bool, _ step: String) throws { if !ok { throw Failure.boringSSL(step) } }
        guard let key = EVP_PKEY_new() else { throw Failure.boringSSL("EVP_PKEY_new") }
        defer { EVP_PKEY_free(key) }
        guard let ec = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1) else { throw Failure.boringSSL("EC_KEY_new") }
        try check(EC_KEY_generate_key(ec) == 1, "EC_KEY_generate_key")
        try check(EVP_PKEY_assign_EC_KEY(key, ec) == 1, "EVP_PKEY_assign_EC_KEY")

        guard let x509 = X509_new() else { throw Failure.boringSSL("X509_new") }
        defer { X509_free(x509) }
        try check(X509_set_version(x509, 2) == 1, "X509_set_version")  // 2 is version 3
        try check(ASN1_INTEGER_set(X509_get_serialNumber(x509), Int.random(in: 1..<Int(Int32.max))) == 1, "serial")
        let now = time(nil)
        try check(ASN1_TIME_set(X509_getm_notBefore(x509), now + time_t(validFrom)) != nil, "notBefore")
        try check(ASN1_TIME_set(X509_getm_notAfter(x509), now + time_t(validUntil)) != nil, "notAfter")
        try check(X509_set_pubkey(x509, key) == 1, "X509_set_pubkey")
        guard let subject = X509_get_subject_name(x509) else { throw Failure.boringSSL("subject") }
        let added = Array(name.utf8).withUnsafeBufferPointer {
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, $0.baseAddress, ossl_ssize_t($0.count), -1, 0)
        }
        try check(added == 1, "common name")
        try check(X509_set_issuer_name(x509, subject) == 1, "issuer")
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, x509, x509, nil, nil, 0)
        let isAddress = !name.isEmpty && name.allSatisfy { $0.isNumber || $0 == "." }
        let value = (isAddress ? "IP:" : "DNS:") + name
        let made = value.withCString { X509V3_EXT_nconf_nid(nil, &context, NID_subject_alt_name, UnsafeMutablePointer(mutating: $0)) }
        guard let altName = made else { throw Failure.boringSSL("subjectAltName") }
        defer { X509_EXTENSION_free(altName) }
        try check(X509_add_ext(x509, altName, -1) == 1, "X509_add_ext")
        try check(X509_sign(x509, key, EVP_sha256()) > 0, "X509_sign")

        der = try Self.der { i2d_X509(x509, $0) }
        certificate = try NIOSSLCertificate(bytes: der, format: .der)
        self.key = try NIOSSLPrivateKey(bytes: Self.der { i2d_PrivateKey(key, $0) }, format: .der)
    }

    /// The bytes an `i2d_` function writes.
    private static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>) -> Int32) throws -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = encode(&buffer)
        guard length > 0, let buffer else { throw Failure.boringSSL("i2d") }
        defer { OPENSSL_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }

    /// A server context presenting this certificate.
    public func serverContext() throws -> NIOSSLContext {
        try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: [.certificate(certificate)],
                                                                  privateKey: .privateKey(key)))
    }
}
