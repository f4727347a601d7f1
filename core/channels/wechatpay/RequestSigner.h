#pragma once

#include <QByteArray>
#include <QString>

#include "core/crypto/Rsa.h"
#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// Signs outgoing APIv3 requests (PROTOCOLS §0.1-0.2, §1.2).
class RequestSigner final
{
public:
    RequestSigner(QString mchid, QString serialNo, crypto::RsaPrivateKey key);

    /// METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n: every line ends in \n, the last one too, even after a body that
    /// already ends in \n. urlLine is the path plus "?query" exactly as sent.
    [[nodiscard]] static QByteArray message(const QByteArray& method,
        const QByteArray& urlLine,
        const QByteArray& timestamp,
        const QByteArray& nonce,
        const QByteArray& body);
    /// The full Authorization header value: WECHATPAY2-SHA256-RSA2048 mchid="..",nonce_str="..",timestamp="..",
    /// serial_no="..",signature="..".
    [[nodiscard]] Result<QByteArray> authorization(const QByteArray& method,
        const QByteArray& urlLine,
        qint64 timestampSecs,
        const QByteArray& nonce,
        const QByteArray& body) const;

private:
    QString m_mchid;
    QString m_serialNo;
    crypto::RsaPrivateKey m_key;
};

} // namespace paydesk::wechatpay
