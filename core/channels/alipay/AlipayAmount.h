#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

#include "core/money/Money.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// Alipay amounts are yuan strings with exactly two decimals ("0.01", "88.00"). Anything else ("0.1", "1.234",
/// "1e2", " 1.00", "+1.00", "01.00") is refused with InvalidAmount: a shortened form is not what Alipay sends, so
/// accepting it would only hide a tampered or misparsed value.
[[nodiscard]] Result<Money> parseYuan(QStringView text);
/// As parseYuan(), with an optional leading '-' (bill files print refunds as negative amounts).
[[nodiscard]] Result<Money> parseYuanSigned(QStringView text);
/// "0.01": the form Alipay expects for total_amount / refund_amount. CNY only.
[[nodiscard]] QString formatYuan(const Money& amount);

/// Alipay times are China time (GMT+8, no DST) printed as "yyyy-MM-dd HH:mm:ss", optionally with exactly three
/// fraction digits ("yyyy-MM-dd HH:mm:ss.SSS", as in refund notifications' gmt_refund). Returns the UTC instant,
/// milliseconds kept; anything else (another fraction length, a 'T', a zone, an invalid date) is MalformedInput.
[[nodiscard]] Result<QDateTime> parseChinaTime(QStringView text);
/// The UTC instant as China time "yyyy-MM-dd HH:mm:ss" (request timestamp, time_expire).
[[nodiscard]] QString formatChinaTime(const QDateTime& utc);

} // namespace paydesk::alipay
