#include "core/sim/WeChatSigning.h"

#include "core/crypto/Aead.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim::wechat {

Result<Authorization> parseAuthorization(QByteArrayView header)
{
    const QByteArray h = header.toByteArray();
    const qsizetype space = h.indexOf(' ');
    if (space <= 0)
        return fail(ErrorCode::MalformedInput, u"Authorization has no schema"_s);
    if (h.left(space) != kAuthSchema)
        return fail(ErrorCode::MalformedInput,
            u"unsupported Authorization schema %1"_s.arg(QString::fromLatin1(h.left(space))));
    QByteArray rest = h.mid(space + 1);
    Authorization a;
    bool seen[5] = { false, false, false, false, false };
    const char* names[5] = { "mchid", "nonce_str", "timestamp", "serial_no", "signature" };
    qsizetype pos = 0;
    while (pos < rest.size()) {
        const qsizetype eq = rest.indexOf('=', pos);
        if (eq < 0)
            return fail(ErrorCode::MalformedInput, u"Authorization parameter without '='"_s);
        const QByteArray key = rest.mid(pos, eq - pos);
        // Values are always double-quoted (PROTOCOLS §0.2); an unquoted value is a client bug.
        if (eq + 1 >= rest.size() || rest.at(eq + 1) != '"')
            return fail(ErrorCode::MalformedInput,
                u"Authorization value of %1 is not double-quoted"_s.arg(QString::fromLatin1(key)));
        const qsizetype close = rest.indexOf('"', eq + 2);
        if (close < 0)
            return fail(ErrorCode::MalformedInput, u"unterminated Authorization value"_s);
        const QByteArray value = rest.mid(eq + 2, close - eq - 2);
        int idx = -1;
        for (int i = 0; i < 5; ++i) {
            if (key == names[i])
                idx = i;
        }
        if (idx < 0)
            return fail(
                ErrorCode::MalformedInput, u"unknown Authorization parameter %1"_s.arg(QString::fromLatin1(key)));
        if (seen[idx])
            return fail(
                ErrorCode::MalformedInput, u"duplicate Authorization parameter %1"_s.arg(QString::fromLatin1(key)));
        seen[idx] = true;
        switch (idx) {
        case 0:
            a.mchid = QString::fromUtf8(value);
            break;
        case 1:
            a.nonce = QString::fromUtf8(value);
            break;
        case 2:
            a.timestamp = QString::fromUtf8(value);
            break;
        case 3:
            a.serialNo = QString::fromUtf8(value);
            break;
        case 4:
            a.signature = value;
            break;
        default:
            break;
        }
        pos = close + 1;
        if (pos < rest.size()) {
            if (rest.at(pos) != ',')
                return fail(ErrorCode::MalformedInput, u"Authorization parameters must be separated by ','"_s);
            ++pos;
        }
    }
    for (int i = 0; i < 5; ++i) {
        if (!seen[i])
            return fail(ErrorCode::MalformedInput, u"Authorization lacks %1"_s.arg(QString::fromLatin1(names[i])));
    }
    return a;
}

QByteArray requestMessage(
    QByteArrayView method, QByteArrayView url, QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body)
{
    QByteArray m;
    m.reserve(method.size() + url.size() + timestamp.size() + nonce.size() + body.size() + 5);
    m.append(method).append('\n').append(url).append('\n').append(timestamp).append('\n');
    m.append(nonce).append('\n').append(body).append('\n');
    return m;
}

QByteArray responseMessage(QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body)
{
    QByteArray m;
    m.append(timestamp).append('\n').append(nonce).append('\n').append(body).append('\n');
    return m;
}

bool verify(const crypto::RsaPublicKey& key, QByteArrayView message, QByteArrayView signatureBase64)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(signatureBase64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return false;
    return key.verifySha256(message, decoded.decoded);
}

Result<QList<QPair<QByteArray, QByteArray>>> signedHeaders(const crypto::RsaPrivateKey& key,
    const QString& serial,
    qint64 timestamp,
    const QByteArray& nonce,
    QByteArrayView body)
{
    const QByteArray ts = QByteArray::number(timestamp);
    const auto sig = key.signSha256(responseMessage(ts, nonce, body));
    if (!sig)
        return tl::unexpected(sig.error());
    return QList<QPair<QByteArray, QByteArray>> {
        { QByteArrayLiteral("Wechatpay-Timestamp"), ts },
        { QByteArrayLiteral("Wechatpay-Nonce"), nonce },
        { QByteArrayLiteral("Wechatpay-Signature"), sig->toBase64() },
        { QByteArrayLiteral("Wechatpay-Serial"), serial.toLatin1() },
    };
}

Result<QJsonObject> encryptResource(QByteArrayView apiV3Key,
    const QByteArray& nonce,
    const QByteArray& associatedData,
    const QString& originalType,
    QByteArrayView plaintext)
{
    if (apiV3Key.size() != 32)
        return fail(ErrorCode::KeyInvalid, u"the APIv3 key must be 32 bytes"_s);
    const auto ct = crypto::aesGcmEncrypt(apiV3Key, nonce, associatedData, plaintext);
    if (!ct)
        return tl::unexpected(ct.error());
    return QJsonObject { { u"original_type"_s, originalType },
        { u"algorithm"_s, u"AEAD_AES_256_GCM"_s },
        { u"ciphertext"_s, QString::fromLatin1(ct->toBase64()) },
        { u"associated_data"_s, QString::fromUtf8(associatedData) },
        { u"nonce"_s, QString::fromUtf8(nonce) } };
}

} // namespace paydesk::sim::wechat
