#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "core/crypto/SecureBytes.h"
#include "core/util/Result.h"

namespace paydesk::crypto {

/// Seals secrets (channel private keys, API keys) for storage in the database under a 32-byte master key kept
/// outside it. Format: "v1:" + base64(nonce(12) ‖ ciphertext ‖ tag(16)), AES-256-GCM, the purpose as AAD so a
/// sealed value cannot be moved to another field.
class SecretBox final
{
public:
    explicit SecretBox(SecureBytes masterKey);
    /// Reads a master key file: 32 raw bytes, or 64 hex characters, or 44 base64 characters (whitespace ignored).
    [[nodiscard]] static Result<SecretBox> fromKeyFile(const QString& path);
    /// Writes a new random master key file (hex, mode 0600) when it does not exist.
    [[nodiscard]] static Result<SecretBox> createKeyFile(const QString& path);

    [[nodiscard]] Result<QString> seal(const QByteArray& plaintext, const QByteArray& purpose) const;
    [[nodiscard]] Result<SecureBytes> open(const QString& sealed, const QByteArray& purpose) const;

    /// A 32-byte key for another purpose, derived from the master key as HMAC-SHA256(master key, label) (the
    /// master key is uniformly random, so one HMAC is a sound KDF). The label names the purpose and its version,
    /// e.g. "paydesk audit chain v1": keys for different labels are independent. KeyInvalid without a master key.
    [[nodiscard]] Result<SecureBytes> deriveKey(QByteArrayView label) const;

private:
    SecureBytes m_key;
};

} // namespace paydesk::crypto
