#include "core/channels/alipay/SignContent.h"

#include "core/util/Base64.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

QByteArray signContent(const QMap<QString, QString>& params, SignRule rule)
{
    QByteArray out;
    out.reserve(1024);
    bool first = true;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.key() == u"sign" || (rule == SignRule::NotifyV1 && it.key() == u"sign_type"))
            continue;
        if (it.value().isEmpty() || it.key().isEmpty())
            continue;
        if (!first)
            out += '&';
        first = false;
        out += it.key().toUtf8();
        out += '=';
        out += it.value().toUtf8();
    }
    return out;
}

Result<QByteArray> signRsa2(const crypto::RsaPrivateKey& key, QByteArrayView content)
{
    auto sig = key.signSha256(content);
    if (!sig)
        return tl::unexpected(sig.error());
    return sig->toBase64();
}

Result<QByteArray> signRsa1(const crypto::RsaPrivateKey& key, QByteArrayView content)
{
    auto sig = key.signSha1(content);
    if (!sig)
        return tl::unexpected(sig.error());
    return sig->toBase64();
}

namespace {

template <typename Verify>
bool verifyBase64Sign(const crypto::RsaPublicKey& key, QByteArrayView base64Sign, Verify verify)
{
    const auto sig = decodeBase64Strict(base64Sign);
    return sig && !key.isNull() && verify(*sig);
}

} // namespace

bool verifyRsa2(const crypto::RsaPublicKey& key, QByteArrayView content, QByteArrayView base64Sign)
{
    return verifyBase64Sign(key, base64Sign, [&](QByteArrayView sig) {
        return key.verifySha256(content, sig);
    });
}

bool verifyRsa1(const crypto::RsaPublicKey& key, QByteArrayView content, QByteArrayView base64Sign)
{
    return verifyBase64Sign(key, base64Sign, [&](QByteArrayView sig) {
        return key.verifySha1(content, sig);
    });
}

} // namespace paydesk::alipay
