#include "core/crypto/Random.h"

#include <openssl/rand.h>

#include <QtGlobal>

namespace paydesk::crypto {

QByteArray randomBytes(int count)
{
    Q_ASSERT(count >= 0);
    if (count <= 0) {
        return {};
    }
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count) != 1) {
        // Without entropy no key, nonce or token we hand out would be safe: stop rather than continue weakly.
        qFatal("RAND_bytes failed: the OS entropy source is unavailable");
    }
    return out;
}

QString randomAlnum(int length)
{
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static constexpr int kAlphabetSize = 62;
    // Rejection sampling: bytes >= 248 (= 4 * 62) are dropped so every character is equally likely.
    static constexpr int kLimit = 248;
    QString out;
    out.reserve(length);
    while (out.size() < length) {
        const QByteArray chunk = randomBytes(qMax(16, (length - int(out.size())) * 2));
        for (const char c : chunk) {
            const int v = static_cast<unsigned char>(c);
            if (v < kLimit && out.size() < length) {
                out.append(QLatin1Char(kAlphabet[v % kAlphabetSize]));
            }
        }
    }
    return out;
}

QString randomHex(int length)
{
    if (length <= 0) {
        return {};
    }
    const QByteArray hex = randomBytes((length + 1) / 2).toHex().toUpper();
    return QString::fromLatin1(hex.left(length));
}

} // namespace paydesk::crypto
