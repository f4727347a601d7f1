#pragma once

#include <initializer_list>
#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "core/util/Result.h"

namespace paydesk::crypto {

class KeyHandle; // wraps EVP_PKEY; OpenSSL headers stay out of public headers
struct KeyAccess;

/// An RSA private key, parsed once from PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY") or from the
/// bare base64 body Alipay's key tool prints. Copies share the parsed key; signing is thread-safe.
class RsaPrivateKey final
{
public:
    RsaPrivateKey() = default;
    [[nodiscard]] static Result<RsaPrivateKey> fromPem(QByteArrayView pemOrBase64Der);
    /// A fresh 2048-bit key (the simulator's own keys, test merchants).
    [[nodiscard]] static Result<RsaPrivateKey> generate(int bits = 2048);

    [[nodiscard]] bool isNull() const { return !m_key; }
    /// RSASSA-PKCS1-v1_5 with SHA-256 (WeChat SHA256withRSA, Alipay RSA2); raw signature bytes.
    [[nodiscard]] Result<QByteArray> signSha256(QByteArrayView data) const;
    /// RSASSA-PKCS1-v1_5 with SHA-1 (Alipay's legacy "RSA" sign_type; vectors only).
    [[nodiscard]] Result<QByteArray> signSha1(QByteArrayView data) const;
    /// PKCS#8 PEM of the private key (to store, sealed).
    [[nodiscard]] QByteArray toPkcs8Pem() const;
    /// SPKI PEM ("PUBLIC KEY") of the public half.
    [[nodiscard]] QByteArray publicKeyPem() const;

private:
    friend struct KeyAccess; // Rsa.cpp reaches the EVP_PKEY through this, keeping OpenSSL out of the header
    std::shared_ptr<KeyHandle> m_key;
};

/// An RSA public key, from SPKI PEM ("PUBLIC KEY"), PKCS#1 ("RSA PUBLIC KEY"), an X.509 certificate PEM, or the
/// bare base64 SPKI body Alipay shows. Parsed once; verification is thread-safe.
class RsaPublicKey final
{
public:
    RsaPublicKey() = default;
    [[nodiscard]] static Result<RsaPublicKey> fromPem(QByteArrayView pemOrBase64Der);

    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] bool verifySha256(QByteArrayView data, QByteArrayView signature) const;
    [[nodiscard]] bool verifySha1(QByteArrayView data, QByteArrayView signature) const;
    /// verifySha256() of the concatenation of `parts`, hashed part by part: no joined copy of the message.
    [[nodiscard]] bool verifySha256Parts(std::initializer_list<QByteArrayView> parts, QByteArrayView signature) const;
    [[nodiscard]] QByteArray toPem() const;

private:
    friend struct KeyAccess; // Rsa.cpp reaches the EVP_PKEY through this, keeping OpenSSL out of the header
    std::shared_ptr<KeyHandle> m_key;
};

/// Facts of an X.509 certificate a merchant or channel configures.
struct CertificateInfo
{
    QString serialHex; ///< upper-case hex, no leading zeros stripped beyond OpenSSL's BN form
    QByteArray publicKeyPem;
    qint64 notBeforeSecs = 0;
    qint64 notAfterSecs = 0;
};
[[nodiscard]] Result<CertificateInfo> readCertificate(QByteArrayView pem);
/// A self-signed X.509 certificate PEM for `key` with the given serial (hex) and common name, valid from
/// notBefore for `days` (the simulator's platform certificates, test merchants' API certificates).
[[nodiscard]] Result<QByteArray> makeSelfSignedCertificate(
    const RsaPrivateKey& key, const QString& serialHex, const QString& commonName, qint64 notBeforeSecs, int days);

} // namespace paydesk::crypto
