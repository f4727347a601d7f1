#include "core/crypto/SecureBytes.h"

#include <openssl/crypto.h>

namespace paydesk::crypto {

namespace {

// Wipes the buffer only when we are its sole owner: a shared QByteArray buffer still belongs to someone else, and
// calling data() on it would merely detach and wipe a fresh copy.
void wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached()) {
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    }
    bytes = QByteArray();
}

QByteArray deepCopy(const QByteArray& bytes)
{
    return QByteArray(bytes.constData(), bytes.size());
}

} // namespace

SecureBytes::SecureBytes(QByteArray bytes)
    : m_bytes(std::move(bytes))
{
}

SecureBytes::SecureBytes(const SecureBytes& other)
    : m_bytes(deepCopy(other.m_bytes))
{
}

SecureBytes& SecureBytes::operator=(const SecureBytes& other)
{
    if (this != &other) {
        wipe(m_bytes);
        m_bytes = deepCopy(other.m_bytes);
    }
    return *this;
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes = QByteArray();
}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept
{
    if (this != &other) {
        wipe(m_bytes);
        m_bytes = std::move(other.m_bytes);
        other.m_bytes = QByteArray();
    }
    return *this;
}

SecureBytes::~SecureBytes()
{
    wipe(m_bytes);
}

void SecureBytes::clear()
{
    wipe(m_bytes);
}

} // namespace paydesk::crypto
