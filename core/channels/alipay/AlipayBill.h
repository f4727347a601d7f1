#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QPair>
#include <QString>

#include "core/channels/ChannelTypes.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// The trailer lines of a 业务明细 file, as printed:
/// `#交易合计：6笔，商家实收共0.06元，商家优惠共0.00元` and
/// `#退款合计：4笔，商家实收退款共-0.04元，商家优惠退款共0.00元`.
struct AlipayBillTotals
{
    qint64 tradeCount = 0;
    Money tradeSettled; ///< 商家实收共 (>= 0)
    Money tradeDiscount; ///< 商家优惠共
    qint64 refundCount = 0;
    Money refundSettled; ///< 商家实收退款共, negative as printed
    Money refundDiscount; ///< 商家优惠退款共
};

struct AlipayBill
{
    QString account; ///< `#账号：[2088...]`
    QList<BillRow> rows;
    AlipayBillTotals totals;
};

/// Opens the downloaded ZIP (entry names are GBK without the UTF-8 flag), finds the single `…_业务明细.csv` entry (not
/// the `(汇总)` one) and returns its bytes as stored (GBK). MalformedInput when the zip is corrupt (CRC included), or
/// there is no or more than one detail entry.
[[nodiscard]] Result<QByteArray> extractDetailCsv(const QByteArray& zip);

/// Writes a ZIP the way Alipay does: entry names GBK-encoded without the UTF-8 flag, contents as given (the
/// simulator's bill download, tests).
[[nodiscard]] Result<QByteArray> writeBillZip(const QList<QPair<QString, QByteArray>>& entries);

/// Parses the decoded CSV text: columns by header name (full-width brackets, id fields' trailing TAB trimmed),
/// 交易 rows as Payment and 退款 rows as Refund (negative 商家实收, out_request_no in 退款批次号/请求号), and checks
/// that the rows add up exactly to the two trailer lines; any mismatch or unparsable field is MalformedInput.
[[nodiscard]] Result<AlipayBill> parseBillCsv(QStringView text);

/// extractDetailCsv + GBK decoding + parseBillCsv, as a TradeBill. The summary is:
/// tradeCount = 交易 rows, settledTotal = their 商家实收, refundTotal = the refunds' amount as a positive number,
/// feeTotal = Σ 服务费 over all rows, orderTotal = Σ 订单金额 over 交易 rows.
[[nodiscard]] Result<TradeBill> parseBillZip(const QByteArray& zip, const QDate& day);

} // namespace paydesk::alipay
