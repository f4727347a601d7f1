#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

namespace paydesk {

/// A WeChat Pay direct merchant as an admin configures it (ChannelConfigStore seals the secret fields).
struct WeChatPaySettings
{
    QString mchid;
    QString appid;
    QString merchantSerial; ///< serial of the merchant API certificate (hex)
    QString baseUrl;
    QString notifyUrl;
    QByteArray merchantPrivateKeyPem; ///< secret: apiclient_key.pem
    QByteArray apiV3Key; ///< secret: exactly 32 bytes
    QMap<QString, QByteArray> platformCertificatePems; ///< platform certificate serial -> PEM
    QString publicKeyId; ///< "PUB_KEY_ID_..." (WeChat Pay public key mode); empty when not used
    QByteArray publicKeyPem; ///< the WeChat Pay public key (SPKI PEM)
    int timeoutMs = 10000;
};

/// An Alipay application as an admin configures it.
struct AlipaySettings
{
    QString appId;
    QString sellerId;
    QString gatewayUrl;
    QString notifyUrl;
    QByteArray appPrivateKeyPem; ///< secret: the application's private key
    QByteArray alipayPublicKeyPem;
    int timeoutMs = 10000;
};

} // namespace paydesk
