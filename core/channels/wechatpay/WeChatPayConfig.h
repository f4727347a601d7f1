#pragma once

#include <QMap>
#include <QString>

#include "core/crypto/Rsa.h"
#include "core/crypto/SecureBytes.h"
#include "core/util/Clock.h"

namespace paydesk::wechatpay {

/// The keys that may sign WeChat Pay responses and notifications. Both modes may be configured at once (the
/// platform-certificate to public-key switch-over signs with either for a week): the Wechatpay-Serial header picks.
struct PlatformKeys
{
    /// Platform certificate serial (upper-case hex) -> its public key.
    QMap<QString, crypto::RsaPublicKey> certificates;
    /// "PUB_KEY_ID_..." of the WeChat Pay public key; empty when that mode is not configured.
    QString publicKeyId;
    crypto::RsaPublicKey publicKey;
};

/// Everything a direct merchant (直连商户) needs to talk to WeChat Pay APIv3.
struct WeChatPayConfig
{
    QString mchid;
    QString appid;
    /// Serial of the merchant API certificate (apiclient_cert.pem), upper-case hex: the Authorization serial_no.
    QString merchantCertSerial;
    crypto::RsaPrivateKey merchantKey; ///< apiclient_key.pem
    crypto::SecureBytes apiV3Key; ///< 32 bytes in production; decrypts notifications
    PlatformKeys platform;
    QString baseUrl = QStringLiteral("https://api.mch.weixin.qq.com");
    QString defaultNotifyUrl; ///< used when a request carries none
    int timeoutMs = 10000;
    /// Safe calls (queries, refunds with the same out_refund_no) are tried at most this often on network timeouts
    /// and channel system errors, waiting retryDelayMs * attempt between tries.
    int maxAttempts = 3;
    int retryDelayMs = 500;
    const Clock* clock = nullptr; ///< nullptr = SystemClock::instance()
};

} // namespace paydesk::wechatpay
