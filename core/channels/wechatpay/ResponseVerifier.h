#pragma once

#include <utility>
#include <vector>

#include <QByteArray>
#include <QMap>

#include "core/channels/wechatpay/WeChatPayConfig.h"
#include "core/util/Clock.h"
#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// Verifies WeChat Pay signatures on responses and notifications (PROTOCOLS §0.3-0.6, §1.3):
/// TIMESTAMP\nNONCE\nRAW_BODY\n, key chosen by Wechatpay-Serial, |now - timestamp| < 300 s.
class ResponseVerifier final
{
public:
    static constexpr qint64 kMaxClockSkewSecs = 300;

    ResponseVerifier(PlatformKeys keys, const Clock* clock);

    [[nodiscard]] static QByteArray message(
        const QByteArray& timestamp, const QByteArray& nonce, const QByteArray& body);

    /// `headers` use lower-case names. Failures: UnknownSerial (no key for Wechatpay-Serial), TimestampStale,
    /// and `badSignature` (SignatureInvalid for notifications, ResponseSignatureInvalid for responses) for a missing
    /// header, a wrong signature type or a signature that does not verify.
    [[nodiscard]] Status verify(
        const QMap<QByteArray, QByteArray>& headers, const QByteArray& body, ErrorCode badSignature) const;

private:
    /// The key for a Wechatpay-Serial value (trimmed), or null.
    [[nodiscard]] const crypto::RsaPublicKey* keyFor(QByteArrayView serial) const;

    PlatformKeys m_keys;
    const Clock* m_clock;
    /// The certificate serials of m_keys with a non-null key, as bytes: the only ones keyFor() matches. A serial
    /// outside ASCII or one spelled as a public key id (PUB_KEY_ID_…) can never be the answer, so it is left out.
    std::vector<std::pair<QByteArray, crypto::RsaPublicKey>> m_certificateSerials;
    QByteArray m_publicKeyId; ///< m_keys.publicKeyId as bytes, when ASCII (empty otherwise: nothing matches it)
};

} // namespace paydesk::wechatpay
