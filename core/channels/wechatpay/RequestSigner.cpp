#include "core/channels/wechatpay/RequestSigner.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

RequestSigner::RequestSigner(QString mchid, QString serialNo, crypto::RsaPrivateKey key)
    : m_mchid(std::move(mchid))
    , m_serialNo(std::move(serialNo))
    , m_key(std::move(key))
{
}

QByteArray RequestSigner::message(const QByteArray& method,
    const QByteArray& urlLine,
    const QByteArray& timestamp,
    const QByteArray& nonce,
    const QByteArray& body)
{
    QByteArray m;
    m.reserve(method.size() + urlLine.size() + timestamp.size() + nonce.size() + body.size() + 5);
    m.append(method).append('\n').append(urlLine).append('\n').append(timestamp).append('\n');
    m.append(nonce).append('\n').append(body).append('\n');
    return m;
}

Result<QByteArray> RequestSigner::authorization(const QByteArray& method,
    const QByteArray& urlLine,
    qint64 timestampSecs,
    const QByteArray& nonce,
    const QByteArray& body) const
{
    if (m_key.isNull() || m_mchid.isEmpty() || m_serialNo.isEmpty()) {
        return refusal(ErrorCode::KeyInvalid, u"WeChat Pay merchant key, mchid or certificate serial missing"_s);
    }
    const QByteArray ts = QByteArray::number(timestampSecs);
    auto signature = m_key.signSha256(message(method, urlLine, ts, nonce, body));
    if (!signature) {
        return tl::unexpected(signature.error());
    }
    QByteArray header = "WECHATPAY2-SHA256-RSA2048 mchid=\"";
    header.append(m_mchid.toUtf8()).append("\",nonce_str=\"").append(nonce);
    header.append("\",timestamp=\"").append(ts).append("\",serial_no=\"").append(m_serialNo.toUtf8());
    header.append("\",signature=\"").append(signature->toBase64()).append('"');
    return header;
}

} // namespace paydesk::wechatpay
