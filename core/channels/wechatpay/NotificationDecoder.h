#pragma once

#include <QByteArray>

#include "core/channels/ChannelTypes.h"
#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// Decodes a notification body whose signature was already verified (PROTOCOLS §1.4): the envelope JSON, then
/// the AEAD_AES_256_GCM resource (tag checked: DecryptFailed), then TRANSACTION.* into a TradeStatus and
/// REFUND.* into a RefundStatus. Other event types decode to Kind::Other with the plaintext kept.
/// MalformedInput for bad JSON or missing fields. associated_data may be "".
[[nodiscard]] Result<ChannelNotification> decodeNotification(const QByteArray& body, const QByteArray& apiV3Key);

/// The first half of decodeNotification(): the envelope and the decrypted resource (notificationId, eventType,
/// plaintext; kind Other), without decoding the plaintext.
[[nodiscard]] Result<ChannelNotification> openNotification(const QByteArray& body, const QByteArray& apiV3Key);

} // namespace paydesk::wechatpay
