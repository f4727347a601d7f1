#include "core/crypto/Password.h"

#include <openssl/evp.h>

#include <QByteArray>
#include <QStringList>

#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"
#include "core/crypto/SecureBytes.h"

using namespace Qt::StringLiterals;

namespace paydesk::crypto {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
// Refuses stored values that would make a single login check take minutes (a tampered or corrupt row).
constexpr int kMaxIterations = 10'000'000;

bool pbkdf2(const QByteArray& password, const QByteArray& salt, int iterations, QByteArray& out)
{
    out = QByteArray(kHashBytes, Qt::Uninitialized);
    static const char kEmpty = 0;
    const char* pw = password.isEmpty() ? &kEmpty : password.constData();
    return PKCS5_PBKDF2_HMAC(pw,
               int(password.size()),
               reinterpret_cast<const unsigned char*>(salt.constData()),
               int(salt.size()),
               iterations,
               EVP_sha256(),
               int(out.size()),
               reinterpret_cast<unsigned char*>(out.data()))
        == 1;
}

} // namespace

Result<QString> hashPassword(const QString& password, int iterations)
{
    if (iterations < 1 || iterations > kMaxIterations) {
        return fail(ErrorCode::InvalidArgument, u"PBKDF2 iteration count out of range"_s);
    }
    const SecureBytes pw(password.toUtf8());
    const QByteArray salt = randomBytes(kSaltBytes);
    QByteArray hash;
    if (!pbkdf2(pw.bytes(), salt, iterations, hash)) {
        return fail(ErrorCode::CryptoFailure, u"PBKDF2 failed"_s);
    }
    return u"pbkdf2-sha256$"_s + QString::number(iterations) + u'$' + QString::fromLatin1(salt.toBase64()) + u'$'
        + QString::fromLatin1(hash.toBase64());
}

bool verifyPassword(const QString& password, const QString& stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 4 || parts.at(0) != u"pbkdf2-sha256"_s) {
        return false;
    }
    bool ok = false;
    const int iterations = parts.at(1).toInt(&ok);
    if (!ok || iterations < 1 || iterations > kMaxIterations || parts.at(1) != QString::number(iterations)) {
        return false;
    }
    const auto salt = QByteArray::fromBase64Encoding(parts.at(2).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto expected =
        QByteArray::fromBase64Encoding(parts.at(3).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !expected || salt.decoded.isEmpty() || expected.decoded.size() < 16 || expected.decoded.size() > 64) {
        return false;
    }
    const SecureBytes pw(password.toUtf8());
    QByteArray actual(expected.decoded.size(), Qt::Uninitialized);
    static const char kEmpty = 0;
    const char* pwPtr = pw.isEmpty() ? &kEmpty : pw.bytes().constData();
    if (PKCS5_PBKDF2_HMAC(pwPtr,
            int(pw.size()),
            reinterpret_cast<const unsigned char*>(salt.decoded.constData()),
            int(salt.decoded.size()),
            iterations,
            EVP_sha256(),
            int(actual.size()),
            reinterpret_cast<unsigned char*>(actual.data()))
        != 1) {
        return false;
    }
    return constantTimeEquals(actual, expected.decoded);
}

} // namespace paydesk::crypto
