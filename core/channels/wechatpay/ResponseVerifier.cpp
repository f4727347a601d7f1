#include "core/channels/wechatpay/ResponseVerifier.h"

#include <algorithm>

#include <QVarLengthArray>

#include "core/util/Base64.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

const QByteArray kSerialHeader = QByteArrayLiteral("wechatpay-serial");
const QByteArray kTimestampHeader = QByteArrayLiteral("wechatpay-timestamp");
const QByteArray kNonceHeader = QByteArrayLiteral("wechatpay-nonce");
const QByteArray kSignatureHeader = QByteArrayLiteral("wechatpay-signature");
const QByteArray kSignatureTypeHeader = QByteArrayLiteral("wechatpay-signature-type");
const QLatin1StringView kPublicKeyIdPrefix("PUB_KEY_ID_");

// A header's value without a copy (and without a QByteArray made of the name per look-up); empty when absent.
QByteArrayView header(const QMap<QByteArray, QByteArray>& headers, const QByteArray& name)
{
    const auto it = headers.constFind(name);
    return it == headers.constEnd() ? QByteArrayView() : QByteArrayView(*it);
}

bool isAscii(QStringView s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) {
        return c.unicode() < 0x80;
    });
}

// The seconds of a Wechatpay-Timestamp: 1 to 12 digits, nothing else; -1 otherwise.
qint64 timestampSecs(QByteArrayView s)
{
    if (s.isEmpty() || s.size() > 12) {
        return -1;
    }
    qint64 v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return -1;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

// At most 64 characters of a serial, for an error detail.
QString serialForDetail(QByteArrayView serial)
{
    return QString::fromLatin1(serial.first(std::min<qsizetype>(serial.size(), 64)));
}

} // namespace

ResponseVerifier::ResponseVerifier(PlatformKeys keys, const Clock* clock)
    : m_keys(std::move(keys))
    , m_clock(clock ? clock : &SystemClock::instance())
{
    for (auto it = m_keys.certificates.cbegin(); it != m_keys.certificates.cend(); ++it) {
        if (!it->isNull() && isAscii(it.key()) && !it.key().startsWith(kPublicKeyIdPrefix)) {
            m_certificateSerials.emplace_back(it.key().toLatin1(), it.value());
        }
    }
    if (isAscii(m_keys.publicKeyId)) {
        m_publicKeyId = m_keys.publicKeyId.toLatin1();
    }
}

QByteArray ResponseVerifier::message(const QByteArray& timestamp, const QByteArray& nonce, const QByteArray& body)
{
    QByteArray m;
    m.reserve(timestamp.size() + nonce.size() + body.size() + 3);
    m.append(timestamp).append('\n').append(nonce).append('\n').append(body).append('\n');
    return m;
}

const crypto::RsaPublicKey* ResponseVerifier::keyFor(QByteArrayView serial) const
{
    // A PUB_KEY_ID_ serial names the WeChat Pay public key, and only exactly; anything else is a platform certificate
    // serial, in any ASCII letter case. Both were turned into bytes once (constructor), so nothing is allocated here.
    if (serial.startsWith(QByteArrayView(kPublicKeyIdPrefix.data(), kPublicKeyIdPrefix.size()))) {
        const bool match = !m_publicKeyId.isEmpty() && serial == m_publicKeyId && !m_keys.publicKey.isNull();
        return match ? &m_keys.publicKey : nullptr;
    }
    QVarLengthArray<char, 64> upper(serial.size());
    std::transform(serial.begin(), serial.end(), upper.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
    });
    const QByteArrayView wanted(upper.data(), upper.size());
    for (const auto& [bytes, key] : m_certificateSerials) {
        if (bytes == wanted) {
            return &key;
        }
    }
    return nullptr;
}

Status ResponseVerifier::verify(
    const QMap<QByteArray, QByteArray>& headers, const QByteArray& body, ErrorCode badSignature) const
{
    const QByteArrayView serial = header(headers, kSerialHeader).trimmed();
    const QByteArrayView timestamp = header(headers, kTimestampHeader).trimmed();
    const QByteArrayView nonce = header(headers, kNonceHeader);
    const QByteArrayView signature = header(headers, kSignatureHeader).trimmed();
    const QByteArrayView type = header(headers, kSignatureTypeHeader).trimmed();
    if (serial.isEmpty() || timestamp.isEmpty() || nonce.isEmpty() || signature.isEmpty()) {
        return fail(badSignature, u"WeChat Pay signature headers missing"_s);
    }
    if (!type.isEmpty() && type != "WECHATPAY2-SHA256-RSA2048") {
        return fail(badSignature, u"unsupported Wechatpay-Signature-Type %1"_s.arg(QString::fromLatin1(type)));
    }

    const crypto::RsaPublicKey* key = keyFor(serial);
    if (!key) {
        return fail(ErrorCode::UnknownSerial, u"no WeChat Pay key for serial %1"_s.arg(serialForDetail(serial)));
    }

    const qint64 secs = timestampSecs(timestamp);
    if (secs < 0) {
        return fail(badSignature, u"Wechatpay-Timestamp is not a number of seconds"_s);
    }
    const qint64 skew = m_clock->nowSecs() - secs;
    if (skew >= kMaxClockSkewSecs || skew <= -kMaxClockSkewSecs) {
        return fail(ErrorCode::TimestampStale, u"Wechatpay-Timestamp is %1 s away from now"_s.arg(skew));
    }

    // Signature probes ("WECHATPAY/SIGNTEST/...") are not special: they simply fail here. The signed message
    // TIMESTAMP\nNONCE\nBODY\n is hashed in its parts, never joined.
    const auto sig = decodeBase64Strict(signature);
    if (!sig || !key->verifySha256Parts({ timestamp, "\n", nonce, "\n", body, "\n" }, *sig)) {
        return fail(badSignature, u"WeChat Pay signature does not verify (serial %1)"_s.arg(serialForDetail(serial)));
    }
    return {};
}

} // namespace paydesk::wechatpay
