#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include "core/crypto/Rsa.h"
#include "core/util/Result.h"

namespace paydesk::sim {

/// The simulator's own WeChat Pay APIv3 signature code (PROTOCOLS §0.1-0.3, §0.7). It shares only the RSA and
/// AES-GCM primitives with the client adapters, so a mistake in one cannot hide behind the other.
namespace wechat {

inline constexpr QByteArrayView kAuthSchema = "WECHATPAY2-SHA256-RSA2048";

/// The parameters of an `Authorization: WECHATPAY2-SHA256-RSA2048 k="v",...` header.
struct Authorization
{
    QString mchid;
    QString nonce;
    QString timestamp; ///< as sent (decimal seconds)
    QString serialNo;
    QByteArray signature; ///< base64 as sent
};

/// Strict parse: the schema, then comma-separated k="v" pairs in any order, each of the five exactly once.
[[nodiscard]] Result<Authorization> parseAuthorization(QByteArrayView header);

/// METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n: what a merchant signs.
[[nodiscard]] QByteArray requestMessage(
    QByteArrayView method, QByteArrayView url, QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body);
/// TIMESTAMP\nNONCE\nBODY\n: what WeChat signs on responses and notifications.
[[nodiscard]] QByteArray responseMessage(QByteArrayView timestamp, QByteArrayView nonce, QByteArrayView body);

/// Verifies a base64 SHA256withRSA signature over `message`.
[[nodiscard]] bool verify(const crypto::RsaPublicKey& key, QByteArrayView message, QByteArrayView signatureBase64);

/// The Wechatpay-* headers of a signed response or notification body.
[[nodiscard]] Result<QList<QPair<QByteArray, QByteArray>>> signedHeaders(const crypto::RsaPrivateKey& key,
    const QString& serial,
    qint64 timestamp,
    const QByteArray& nonce,
    QByteArrayView body);

/// A notification `resource`: plaintext AEAD_AES_256_GCM-encrypted with the merchant's APIv3 key, the nonce
/// (12 chars) and associated data as given.
[[nodiscard]] Result<QJsonObject> encryptResource(QByteArrayView apiV3Key,
    const QByteArray& nonce,
    const QByteArray& associatedData,
    const QString& originalType,
    QByteArrayView plaintext);

} // namespace wechat
} // namespace paydesk::sim
