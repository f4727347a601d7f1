#pragma once

#include <QJsonObject>

#include "core/channels/ChannelTypes.h"
#include "core/util/JsonReader.h"
#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// A JSON amount in fen: must be an integer JSON number (no fraction, no exponent), never read through double.
[[nodiscard]] Result<Money> fenFromJson(const json::Value& value, QLatin1StringView field);

/// RFC 3339 ("2018-06-08T10:34:56+08:00", "...Z", seconds fraction allowed) to UTC; absent, null or "" is a null
/// QDateTime. Anything else, including an ISO 8601 form RFC 3339 does not allow (no offset, no seconds, a
/// lower-case 't'), is MalformedInput.
[[nodiscard]] Result<QDateTime> timeFromJson(const json::Value& value, QLatin1StringView field);
[[nodiscard]] Result<QDateTime> parseRfc3339(QStringView text);

/// WeChat trade_state -> TradeState; MalformedInput for an unknown word.
[[nodiscard]] Result<TradeState> tradeStateFromWord(const QString& word);
/// WeChat refund status (SUCCESS/CLOSED/CLOSE/PROCESSING/ABNORMAL) -> RefundState.
[[nodiscard]] Result<RefundState> refundStateFromWord(const QString& word);

/// A Transaction object (query answer or decrypted TRANSACTION.* notification).
[[nodiscard]] Result<TradeStatus> parseTransaction(const json::Value& o);
/// A Refund object (refund / refund query answer, or decrypted REFUND.* notification, which says refund_status).
[[nodiscard]] Result<RefundStatus> parseRefund(const json::Value& o);

/// Parses a JSON object body strictly: MalformedInput when it is not one.
[[nodiscard]] Result<QJsonObject> parseJsonObject(const QByteArray& body, const QString& what);

} // namespace paydesk::wechatpay
