#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QMap>
#include <QString>

#include "core/crypto/Rsa.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// Which parameters take part in the signed content.
enum class SignRule
{
    /// Requests, and gateway messages checked with rsaCheckV2: every parameter except `sign` (`sign_type` included).
    Request,
    /// trade_status_sync notifications (Java rsaCheckV1): both `sign` and `sign_type` left out.
    NotifyV1,
};

/// The sorted `k=v&k=v` content Alipay signs: keys ascending (Java TreeMap order, i.e. UTF-16 code units, which is
/// byte order for the ASCII keys Alipay uses), empty values dropped, no URL-encoding, UTF-8 bytes.
[[nodiscard]] QByteArray signContent(const QMap<QString, QString>& params, SignRule rule);

/// SHA256withRSA (sign_type RSA2) over `content`, base64.
[[nodiscard]] Result<QByteArray> signRsa2(const crypto::RsaPrivateKey& key, QByteArrayView content);
/// SHA1withRSA (legacy sign_type RSA). Only for known-answer vectors: PayDesk itself always signs RSA2.
[[nodiscard]] Result<QByteArray> signRsa1(const crypto::RsaPrivateKey& key, QByteArrayView content);

/// True when `base64Sign` (strict base64) is a valid RSA2 signature of `content`.
[[nodiscard]] bool verifyRsa2(const crypto::RsaPublicKey& key, QByteArrayView content, QByteArrayView base64Sign);
/// The SHA-1 variant, for vectors only.
[[nodiscard]] bool verifyRsa1(const crypto::RsaPublicKey& key, QByteArrayView content, QByteArrayView base64Sign);

} // namespace paydesk::alipay
