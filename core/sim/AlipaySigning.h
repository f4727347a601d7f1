#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include "core/crypto/Rsa.h"
#include "core/util/Result.h"

namespace paydesk::sim::alipay {

/// Ordered key/value parameters (a form, or the gateway's merged query + body).
using Params = QMap<QString, QString>;

/// Form decoding as Alipay gateways do: '&'-separated k=v, '+' is a space, %XX is a UTF-8 byte. Strict: a bad
/// escape or a repeated key is an error, since either would make the sign content ambiguous.
[[nodiscard]] Result<Params> parseForm(QByteArrayView form);
/// Percent-encodes for application/x-www-form-urlencoded (space as '+').
[[nodiscard]] QByteArray encodeForm(const QList<QPair<QString, QString>>& fields);

/// The sign content: keys sorted ascending, empty values dropped, "k=v" joined with '&', no URL-encoding.
/// Requests drop only `sign` (sign_type is signed); notifications (the V1 rule) drop `sign` and `sign_type`.
enum class SignRule
{
    Request,
    NotifyV1
};
[[nodiscard]] QByteArray signContent(const Params& params, SignRule rule);

[[nodiscard]] Result<QByteArray> signRsa2(const crypto::RsaPrivateKey& key, QByteArrayView content); ///< base64
[[nodiscard]] bool verifyRsa2(const crypto::RsaPublicKey& key, QByteArrayView content, QByteArrayView signBase64);

/// "alipay.trade.precreate" -> "alipay_trade_precreate_response".
[[nodiscard]] QString responseKey(const QString& method);

/// Serialises a response object the way the gateway does: compact JSON with '/' escaped as "\/".
[[nodiscard]] QByteArray responseJson(const QJsonObject& inner);

/// {"<key>":<inner>,"sign":"..."}: the signature covers exactly the bytes of `innerJson` that appear in the body.
[[nodiscard]] Result<QByteArray> signedResponse(
    const crypto::RsaPrivateKey& key, const QString& responseKeyName, const QByteArray& innerJson);
/// An unsigned {"error_response":{...}} (the gateway could not tell which method was meant).
[[nodiscard]] QByteArray errorResponse(const QByteArray& innerJson);

} // namespace paydesk::sim::alipay
