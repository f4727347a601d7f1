#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include "core/crypto/Rsa.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// "alipay.trade.query" -> "alipay_trade_query_response".
[[nodiscard]] QByteArray responseKeyFor(QStringView method);

/// The raw bytes of the top-level member `key`'s value, from its '{' to the matching '}', exactly as received
/// (escapes such as "\/" untouched). Brace matching skips braces inside JSON strings and escaped quotes.
/// MalformedInput when the body is not a JSON object, the member is missing or repeated, or its value is no object.
[[nodiscard]] Result<QByteArray> extractSignedContent(QByteArrayView rawBody, QByteArrayView key);

/// A gateway response after its signature was checked.
struct VerifiedResponse
{
    QJsonObject body; ///< the xxx_response (or error_response) object, parsed from the verified bytes
    bool errorResponse = false; ///< the body came under "error_response" (gateway-level failure)
    bool signatureChecked = false; ///< a `sign` was present and verified; false only for unsigned errors
    QString code; ///< "10000" on success
    QString msg;
    QString subCode;
    QString subMsg;
    [[nodiscard]] bool isSuccess() const { return code == u"10000"; }
};

/// Verifies a gateway response the way the Java SDK's checkResponseSign does, but stricter:
/// - the signed content is the raw `<method>_response` substring (or `error_response` when that is all there is);
/// - on failure the check is retried once with "\/" replaced by "/" (the Java SDK does the same);
/// - a present `sign` must verify (ResponseSignatureInvalid otherwise), on errors too;
/// - a success (code 10000) without `sign` is ResponseSignatureInvalid: never trust an unsigned success;
/// - an unsigned error is returned with signatureChecked = false so callers do not act on it as a fact.
[[nodiscard]] Result<VerifiedResponse> verifyResponse(
    QByteArrayView rawBody, QStringView method, const crypto::RsaPublicKey& alipayKey);

} // namespace paydesk::alipay
