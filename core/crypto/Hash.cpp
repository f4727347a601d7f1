#include "core/crypto/Hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace paydesk::crypto {

namespace {

QByteArray digest(const EVP_MD* md, QByteArrayView data)
{
    QByteArray out(EVP_MD_get_size(md), Qt::Uninitialized);
    unsigned int len = 0;
    // EVP_Digest only fails on allocation failure; an empty result then makes every comparison fail closed.
    if (EVP_Digest(data.data(), size_t(data.size()), reinterpret_cast<unsigned char*>(out.data()), &len, md, nullptr)
        != 1) {
        return {};
    }
    out.resize(qsizetype(len));
    return out;
}

} // namespace

QByteArray sha1(QByteArrayView data)
{
    return digest(EVP_sha1(), data);
}

QByteArray sha256(QByteArrayView data)
{
    return digest(EVP_sha256(), data);
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    QByteArray out(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int len = 0;
    // HMAC() wants a non-null key pointer even for an empty key.
    static const unsigned char kEmpty = 0;
    const void* keyPtr = key.isEmpty() ? static_cast<const void*>(&kEmpty) : static_cast<const void*>(key.data());
    if (HMAC(EVP_sha256(),
            keyPtr,
            int(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()),
            size_t(data.size()),
            reinterpret_cast<unsigned char*>(out.data()),
            &len)
        == nullptr) {
        return {};
    }
    out.resize(qsizetype(len));
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size()) {
        return false;
    }
    if (a.isEmpty()) {
        return true;
    }
    return CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

} // namespace paydesk::crypto
