#pragma once

#include "core/channels/ChannelTypes.h"
#include "core/util/Result.h"

#include <QJsonObject>
#include <QJsonValue>

namespace paydesk::wechatpay {

/// A JSON amount in fen: must be an integer JSON number (no fraction, no exponent), never read through double.
[[nodiscard]] Result<Money> fenFromJson(const QJsonValue& value, const QString& field);

/// RFC 3339 ("2018-06-08T10:34:56+08:00") to UTC; an empty string is a null QDateTime.
[[nodiscard]] Result<QDateTime> timeFromJson(const QJsonValue& value, const QString& field);

/// WeChat trade_state -> TradeState; MalformedInput for an unknown word.
[[nodiscard]] Result<TradeState> tradeStateFromWord(const QString& word);
/// WeChat refund status (SUCCESS/CLOSED/CLOSE/PROCESSING/ABNORMAL) -> RefundState.
[[nodiscard]] Result<RefundState> refundStateFromWord(const QString& word);

/// A Transaction object (query answer or decrypted TRANSACTION.* notification).
[[nodiscard]] Result<TradeStatus> parseTransaction(const QJsonObject& o);
/// A Refund object (refund / refund query answer, or decrypted REFUND.* notification, which says refund_status).
[[nodiscard]] Result<RefundStatus> parseRefund(const QJsonObject& o);

/// Parses a JSON object body strictly: MalformedInput when it is not one.
[[nodiscard]] Result<QJsonObject> parseJsonObject(const QByteArray& body, const QString& what);

} // namespace paydesk::wechatpay
