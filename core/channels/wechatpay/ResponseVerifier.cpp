#include "core/channels/wechatpay/ResponseVerifier.h"

#include "core/util/Base64.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

bool allDigits(const QByteArray& s)
{
    if (s.isEmpty() || s.size() > 12) {
        return false;
    }
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

} // namespace

ResponseVerifier::ResponseVerifier(PlatformKeys keys, const Clock* clock)
    : m_keys(std::move(keys))
    , m_clock(clock ? clock : &SystemClock::instance())
{
}

QByteArray ResponseVerifier::message(const QByteArray& timestamp, const QByteArray& nonce, const QByteArray& body)
{
    QByteArray m;
    m.reserve(timestamp.size() + nonce.size() + body.size() + 3);
    m.append(timestamp).append('\n').append(nonce).append('\n').append(body).append('\n');
    return m;
}

Status ResponseVerifier::verify(const QMap<QByteArray, QByteArray>& headers, const QByteArray& body,
                                ErrorCode badSignature) const
{
    const QByteArray serial = headers.value("wechatpay-serial").trimmed();
    const QByteArray timestamp = headers.value("wechatpay-timestamp").trimmed();
    const QByteArray nonce = headers.value("wechatpay-nonce");
    const QByteArray signature = headers.value("wechatpay-signature").trimmed();
    const QByteArray type = headers.value("wechatpay-signature-type").trimmed();
    if (serial.isEmpty() || timestamp.isEmpty() || nonce.isEmpty() || signature.isEmpty()) {
        return fail(badSignature, u"WeChat Pay signature headers missing"_s);
    }
    if (!type.isEmpty() && type != "WECHATPAY2-SHA256-RSA2048") {
        return fail(badSignature, u"unsupported Wechatpay-Signature-Type %1"_s.arg(QString::fromLatin1(type)));
    }

    // A PUB_KEY_ID_ serial names the WeChat Pay public key; anything else is a platform certificate serial.
    const QString serialText = QString::fromLatin1(serial);
    const crypto::RsaPublicKey* key = nullptr;
    if (serialText.startsWith(u"PUB_KEY_ID_"_s)) {
        if (!m_keys.publicKeyId.isEmpty() && serialText == m_keys.publicKeyId && !m_keys.publicKey.isNull()) {
            key = &m_keys.publicKey;
        }
    } else {
        // Serials arrive upper-case; toUpper() would allocate a copy for nothing then.
        const bool upper = std::none_of(serial.begin(), serial.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        const auto it = m_keys.certificates.constFind(upper ? serialText : serialText.toUpper());
        if (it != m_keys.certificates.constEnd() && !it->isNull()) {
            key = &it.value();
        }
    }
    if (!key) {
        return fail(ErrorCode::UnknownSerial, u"no WeChat Pay key for serial %1"_s.arg(serialText.left(64)));
    }

    if (!allDigits(timestamp)) {
        return fail(badSignature, u"Wechatpay-Timestamp is not a number of seconds"_s);
    }
    const qint64 skew = m_clock->nowSecs() - timestamp.toLongLong();
    if (skew >= kMaxClockSkewSecs || skew <= -kMaxClockSkewSecs) {
        return fail(ErrorCode::TimestampStale, u"Wechatpay-Timestamp is %1 s away from now"_s.arg(skew));
    }

    // Signature probes ("WECHATPAY/SIGNTEST/...") are not special: they simply fail here.
    const auto decoded = decodeBase64Strict(signature);
    if (!decoded || !key->verifySha256(message(timestamp, nonce, body), *decoded)) {
        return fail(badSignature, u"WeChat Pay signature does not verify (serial %1)"_s.arg(serialText.left(64)));
    }
    return {};
}

} // namespace paydesk::wechatpay
