#include "core/sim/AlipaySigning.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "core/util/Hex.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim::alipay {

static Result<QString> decodeComponent(QByteArrayView raw)
{
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '+') {
            out.append(' ');
        } else if (c == '%') {
            if (i + 2 >= raw.size())
                return fail(ErrorCode::MalformedInput, u"truncated %-escape in form"_s);
            const int hi = hexDigitValue(uchar(raw[i + 1]));
            const int lo = hexDigitValue(uchar(raw[i + 2]));
            if (hi < 0 || lo < 0)
                return fail(ErrorCode::MalformedInput, u"bad %-escape in form"_s);
            out.append(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.append(c);
        }
    }
    const QString s = QString::fromUtf8(out);
    if (s.toUtf8() != out)
        return fail(ErrorCode::MalformedInput, u"form value is not UTF-8"_s);
    return s;
}

Result<Params> parseForm(QByteArrayView form)
{
    Params params;
    if (form.isEmpty())
        return params;
    const QList<QByteArray> pairs = form.toByteArray().split('&');
    for (const QByteArray& pair : pairs) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const auto key = decodeComponent(eq < 0 ? QByteArrayView(pair) : QByteArrayView(pair).first(eq));
        if (!key)
            return tl::unexpected(key.error());
        const auto value = decodeComponent(eq < 0 ? QByteArrayView() : QByteArrayView(pair).sliced(eq + 1));
        if (!value)
            return tl::unexpected(value.error());
        if (params.contains(*key))
            return fail(ErrorCode::MalformedInput, u"repeated form parameter %1"_s.arg(*key));
        params.insert(*key, *value);
    }
    return params;
}

QByteArray encodeForm(const QList<QPair<QString, QString>>& fields)
{
    QByteArray out;
    for (const auto& [k, v] : fields) {
        if (!out.isEmpty())
            out.append('&');
        out.append(k.toUtf8().toPercentEncoding(QByteArrayLiteral("-._~"), QByteArrayLiteral(" ")).replace(' ', '+'));
        out.append('=');
        out.append(v.toUtf8().toPercentEncoding(QByteArrayLiteral("-._~"), QByteArrayLiteral(" ")).replace(' ', '+'));
    }
    return out;
}

QByteArray signContent(const Params& params, SignRule rule)
{
    // QMap iterates in QString order (UTF-16 code units); parameter names are ASCII, so that is byte order.
    QByteArray out;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        if (it.key() == u"sign"_s || (rule == SignRule::NotifyV1 && it.key() == u"sign_type"_s))
            continue;
        if (it.value().isEmpty())
            continue;
        if (!out.isEmpty())
            out.append('&');
        out.append(it.key().toUtf8()).append('=').append(it.value().toUtf8());
    }
    return out;
}

Result<QByteArray> signRsa2(const crypto::RsaPrivateKey& key, QByteArrayView content)
{
    const auto sig = key.signSha256(content);
    if (!sig)
        return tl::unexpected(sig.error());
    return sig->toBase64();
}

bool verifyRsa2(const crypto::RsaPublicKey& key, QByteArrayView content, QByteArrayView signBase64)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(signBase64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return false;
    return key.verifySha256(content, decoded.decoded);
}

QString responseKey(const QString& method)
{
    QString k = method;
    k.replace(u'.', u'_');
    return k + u"_response"_s;
}

QByteArray responseJson(const QJsonObject& inner)
{
    // '/' only occurs inside JSON strings, so escaping every one is safe; the real gateway sends "\/".
    return QJsonDocument(inner).toJson(QJsonDocument::Compact).replace("/", "\\/");
}

Result<QByteArray> signedResponse(
    const crypto::RsaPrivateKey& key, const QString& responseKeyName, const QByteArray& innerJson)
{
    const auto sign = signRsa2(key, innerJson);
    if (!sign)
        return tl::unexpected(sign.error());
    QByteArray body;
    body.append("{\"").append(responseKeyName.toUtf8()).append("\":").append(innerJson);
    body.append(",\"sign\":\"").append(*sign).append("\"}");
    return body;
}

QByteArray errorResponse(const QByteArray& innerJson)
{
    return QByteArrayLiteral("{\"error_response\":") + innerJson + '}';
}

} // namespace paydesk::sim::alipay
