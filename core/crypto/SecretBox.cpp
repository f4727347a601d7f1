#include "core/crypto/SecretBox.h"

#include <QFile>
#include <QFileInfo>

#include "core/crypto/Aead.h"
#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"

using namespace Qt::StringLiterals;

namespace paydesk::crypto {

namespace {

constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
const QByteArray kPrefix = QByteArrayLiteral("v1:");

bool isHex(const QByteArray& text)
{
    for (const char c : text) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) {
            return false;
        }
    }
    return true;
}

} // namespace

SecretBox::SecretBox(SecureBytes masterKey)
    : m_key(std::move(masterKey))
{
}

Result<SecretBox> SecretBox::fromKeyFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::NotFound, u"cannot open master key file %1"_s.arg(path));
    }
    SecureBytes content(file.read(4096));
    if (content.size() == kKeyBytes) {
        return SecretBox(std::move(content));
    }
    SecureBytes text(content.bytes().simplified().replace(' ', QByteArray()));
    if (text.size() == 2 * kKeyBytes && isHex(text.bytes())) {
        return SecretBox(SecureBytes(QByteArray::fromHex(text.bytes())));
    }
    if (text.size() == 44) {
        auto decoded = QByteArray::fromBase64Encoding(text.bytes(), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && decoded.decoded.size() == kKeyBytes) {
            return SecretBox(SecureBytes(std::move(decoded.decoded)));
        }
    }
    return fail(ErrorCode::KeyInvalid,
        u"master key file %1 holds neither 32 raw bytes, 64 hex characters nor 44 base64 characters"_s.arg(path));
}

Result<SecretBox> SecretBox::createKeyFile(const QString& path)
{
    if (QFileInfo::exists(path)) {
        return fail(ErrorCode::AlreadyExists, u"master key file %1 already exists"_s.arg(path));
    }
    SecureBytes key(randomBytes(kKeyBytes));
    SecureBytes hex(key.bytes().toHex());
    QFile file(path);
    // NewOnly refuses to replace a file created meanwhile; the key is never written with wider permissions.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        return fail(ErrorCode::AlreadyExists, u"cannot create master key file %1"_s.arg(path));
    }
    if (file.write(hex.bytes() + '\n') != hex.size() + 1 || !file.flush()) {
        file.close();
        file.remove();
        return fail(ErrorCode::Internal, u"cannot write master key file %1"_s.arg(path));
    }
    file.close();
    return SecretBox(std::move(key));
}

Result<QString> SecretBox::seal(const QByteArray& plaintext, const QByteArray& purpose) const
{
    if (m_key.size() != kKeyBytes) {
        return fail(ErrorCode::KeyInvalid, u"SecretBox master key must be 32 bytes"_s);
    }
    const QByteArray nonce = randomBytes(kNonceBytes);
    auto sealed = aesGcmEncrypt(m_key.bytes(), nonce, purpose, plaintext);
    if (!sealed) {
        return tl::unexpected(sealed.error());
    }
    return QString::fromLatin1(kPrefix + QByteArray(nonce + *sealed).toBase64());
}

Result<SecureBytes> SecretBox::open(const QString& sealed, const QByteArray& purpose) const
{
    if (m_key.size() != kKeyBytes) {
        return fail(ErrorCode::KeyInvalid, u"SecretBox master key must be 32 bytes"_s);
    }
    const QByteArray text = sealed.toLatin1();
    if (!text.startsWith(kPrefix)) {
        return fail(ErrorCode::MalformedInput, u"sealed value has an unknown format version"_s);
    }
    auto raw = QByteArray::fromBase64Encoding(text.mid(kPrefix.size()), QByteArray::AbortOnBase64DecodingErrors);
    if (!raw || raw.decoded.size() < kNonceBytes + kTagBytes) {
        return fail(ErrorCode::MalformedInput, u"sealed value is not valid base64 of nonce, ciphertext and tag"_s);
    }
    const QByteArrayView all(raw.decoded);
    auto plain = aesGcmDecrypt(m_key.bytes(), all.first(kNonceBytes), purpose, all.sliced(kNonceBytes));
    if (!plain) {
        return tl::unexpected(plain.error());
    }
    return SecureBytes(std::move(*plain));
}

Result<SecureBytes> SecretBox::deriveKey(QByteArrayView label) const
{
    if (m_key.size() != kKeyBytes) {
        return fail(ErrorCode::KeyInvalid, u"SecretBox master key must be 32 bytes"_s);
    }
    SecureBytes key(hmacSha256(m_key.bytes(), label));
    if (key.size() != kKeyBytes) {
        return fail(ErrorCode::CryptoFailure, u"key derivation failed"_s);
    }
    return key;
}

} // namespace paydesk::crypto
