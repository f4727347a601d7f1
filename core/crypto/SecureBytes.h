#pragma once

#include <QByteArray>

namespace paydesk::crypto {

/// Secret bytes (keys, passwords) wiped with OPENSSL_cleanse when they go away.
class SecureBytes final
{
public:
    SecureBytes() = default;
    explicit SecureBytes(QByteArray bytes);
    SecureBytes(const SecureBytes& other);
    SecureBytes& operator=(const SecureBytes& other);
    SecureBytes(SecureBytes&& other) noexcept;
    SecureBytes& operator=(SecureBytes&& other) noexcept;
    ~SecureBytes();

    [[nodiscard]] const QByteArray& bytes() const { return m_bytes; }
    [[nodiscard]] bool isEmpty() const { return m_bytes.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_bytes.size(); }
    void clear();

private:
    QByteArray m_bytes;
};

} // namespace paydesk::crypto
