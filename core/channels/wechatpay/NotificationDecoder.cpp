#include "core/channels/wechatpay/NotificationDecoder.h"

#include "core/channels/wechatpay/WeChatPayModels.h"
#include "core/crypto/Aead.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

Error malformed(const QString& detail)
{
    return Error{ErrorCode::MalformedInput, detail};
}

} // namespace

Result<ChannelNotification> decodeNotification(const QByteArray& body, const QByteArray& apiV3Key)
{
    auto envelope = parseJsonObject(body, u"notification body"_s);
    if (!envelope) {
        return tl::unexpected(envelope.error());
    }
    ChannelNotification n;
    n.notificationId = envelope->value(u"id"_s).toString();
    n.eventType = envelope->value(u"event_type"_s).toString();
    const QJsonValue resourceValue = envelope->value(u"resource"_s);
    if (n.notificationId.isEmpty() || n.eventType.isEmpty() || !resourceValue.isObject()) {
        return tl::unexpected(malformed(u"notification envelope lacks id, event_type or resource"_s));
    }
    const QJsonObject resource = resourceValue.toObject();
    const QJsonValue aad = resource.value(u"associated_data"_s);
    const QJsonValue nonce = resource.value(u"nonce"_s);
    const QJsonValue ciphertext = resource.value(u"ciphertext"_s);
    if (resource.value(u"algorithm"_s).toString() != u"AEAD_AES_256_GCM"_s) {
        return tl::unexpected(malformed(u"notification resource algorithm is not AEAD_AES_256_GCM"_s));
    }
    if (!nonce.isString() || nonce.toString().isEmpty() || !ciphertext.isString()
        || !(aad.isString() || aad.isUndefined())) {
        return tl::unexpected(malformed(u"notification resource lacks nonce or ciphertext"_s));
    }
    const auto sealed = QByteArray::fromBase64Encoding(ciphertext.toString().toLatin1(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
    if (!sealed) {
        return tl::unexpected(malformed(u"notification ciphertext is not base64"_s));
    }
    auto plain = crypto::aesGcmDecrypt(apiV3Key, nonce.toString().toUtf8(), aad.toString().toUtf8(), sealed.decoded);
    if (!plain) {
        return tl::unexpected(plain.error());
    }
    n.plaintext = *plain;

    if (n.eventType.startsWith(u"TRANSACTION."_s)) {
        auto object = parseJsonObject(n.plaintext, u"decrypted transaction"_s);
        if (!object) {
            return tl::unexpected(object.error());
        }
        auto trade = parseTransaction(*object);
        if (!trade) {
            return tl::unexpected(trade.error());
        }
        n.kind = ChannelNotification::Kind::Payment;
        n.trade = *trade;
    } else if (n.eventType.startsWith(u"REFUND."_s)) {
        auto object = parseJsonObject(n.plaintext, u"decrypted refund"_s);
        if (!object) {
            return tl::unexpected(object.error());
        }
        auto refund = parseRefund(*object);
        if (!refund) {
            return tl::unexpected(refund.error());
        }
        n.kind = ChannelNotification::Kind::Refund;
        n.refund = *refund;
    } else {
        n.kind = ChannelNotification::Kind::Other;
    }
    return n;
}

} // namespace paydesk::wechatpay
