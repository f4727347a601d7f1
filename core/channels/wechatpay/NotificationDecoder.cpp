#include "core/channels/wechatpay/NotificationDecoder.h"

#include "core/channels/wechatpay/WeChatPayModels.h"
#include "core/crypto/Aead.h"
#include "core/util/Base64.h"
#include "core/util/JsonReader.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

Error malformed(const QString& detail)
{
    return Error { ErrorCode::MalformedInput, detail };
}

} // namespace

Result<ChannelNotification> openNotification(const QByteArray& body, const QByteArray& apiV3Key)
{
    auto envelope = json::Document::parseObject(body, u"notification body");
    if (!envelope) {
        return tl::unexpected(envelope.error());
    }
    const json::Value root = envelope->root();
    ChannelNotification n;
    n.notificationId = root.member("id"_L1).toString();
    n.eventType = root.member("event_type"_L1).toString();
    const json::Value resource = root.member("resource"_L1);
    if (n.notificationId.isEmpty() || n.eventType.isEmpty() || !resource.isObject()) {
        return tl::unexpected(malformed(u"notification envelope lacks id, event_type or resource"_s));
    }
    const json::Value aad = resource.member("associated_data"_L1);
    const json::Value nonce = resource.member("nonce"_L1);
    const json::Value ciphertext = resource.member("ciphertext"_L1);
    if (!resource.member("algorithm"_L1).equals("AEAD_AES_256_GCM"_L1)) {
        return tl::unexpected(malformed(u"notification resource algorithm is not AEAD_AES_256_GCM"_s));
    }
    // Views into the body where there are no escapes (always, in practice): no copies of the ciphertext.
    QByteArray nonceStorage, aadStorage, ciphertextStorage;
    const QByteArrayView nonceBytes = nonce.utf8(nonceStorage);
    if (!nonce.isString() || nonceBytes.isEmpty() || !ciphertext.isString() || !(aad.isString() || aad.isUndefined())) {
        return tl::unexpected(malformed(u"notification resource lacks nonce or ciphertext"_s));
    }
    const auto sealed = decodeBase64Strict(ciphertext.utf8(ciphertextStorage));
    if (!sealed) {
        return tl::unexpected(malformed(u"notification ciphertext is not base64"_s));
    }
    auto plain = crypto::aesGcmDecrypt(apiV3Key, nonceBytes, aad.utf8(aadStorage), *sealed);
    if (!plain) {
        return tl::unexpected(plain.error());
    }
    n.plaintext = std::move(*plain);
    return n;
}

Result<ChannelNotification> decodeNotification(const QByteArray& body, const QByteArray& apiV3Key)
{
    auto opened = openNotification(body, apiV3Key);
    if (!opened) {
        return opened;
    }
    ChannelNotification& n = *opened;
    const bool transaction = n.eventType.startsWith(u"TRANSACTION."_s);
    if (!transaction && !n.eventType.startsWith(u"REFUND."_s)) {
        n.kind = ChannelNotification::Kind::Other;
        return opened;
    }
    auto object =
        json::Document::parseObject(n.plaintext, transaction ? u"decrypted transaction" : u"decrypted refund");
    if (!object) {
        return tl::unexpected(object.error());
    }
    if (transaction) {
        auto trade = parseTransaction(object->root());
        if (!trade) {
            return tl::unexpected(trade.error());
        }
        n.kind = ChannelNotification::Kind::Payment;
        n.trade = std::move(*trade);
    } else {
        auto refund = parseRefund(object->root());
        if (!refund) {
            return tl::unexpected(refund.error());
        }
        n.kind = ChannelNotification::Kind::Refund;
        n.refund = std::move(*refund);
    }
    return opened;
}

} // namespace paydesk::wechatpay
