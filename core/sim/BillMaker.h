#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QPair>

#include "core/sim/SimContext.h"
#include "core/util/Result.h"

namespace paydesk::sim {

/// The channels' trade bills for one day (China time), made from the orders and refunds the simulator holds,
/// with the bill differences injected for reconciliation tests.
namespace BillMaker {

/// WeChat ALL trade bill: UTF-8 BOM, CRLF, the header line, backtick-prefixed detail lines, summary header and
/// summary line (PROTOCOLS §1.6, byte layout of tests/data/vectors/wechatpay/tradebill-ALL.csv).
[[nodiscard]] QByteArray wechatTradeBill(const SimContext& ctx, const QString& mchid, const QDate& day);
/// Alipay 业务明细 bill: a zip of two GBK CSVs named "<pid>_<yyyyMMdd>_业务明细.csv" and
/// "<pid>_<yyyyMMdd>_业务明细(汇总).csv", entry names in GBK without the UTF-8 flag.
[[nodiscard]] Result<QByteArray> alipayBillZip(const SimContext& ctx, const AlipayMerchant& merchant, const QDate& day);
/// The detail CSV of that zip, before GBK encoding (UTF-8 text, for tests and the HTML page).
[[nodiscard]] QString alipayDetailCsv(const SimContext& ctx, const AlipayMerchant& merchant, const QDate& day);

[[nodiscard]] QByteArray gzip(const QByteArray& data);
[[nodiscard]] Result<QByteArray> gunzip(const QByteArray& data);

/// GBK through Qt (ICU) when available, else glibc iconv.
[[nodiscard]] Result<QByteArray> toGbk(const QString& text);
[[nodiscard]] Result<QString> fromGbk(const QByteArray& bytes);

/// A minimal zip writer/reader (deflate, no UTF-8 flag), so entry names are the exact bytes given.
[[nodiscard]] Result<QByteArray> makeZip(const QList<QPair<QByteArray, QByteArray>>& entries, const QDateTime& time);
[[nodiscard]] Result<QList<QPair<QByteArray, QByteArray>>> readZip(const QByteArray& zip);

} // namespace BillMaker
} // namespace paydesk::sim
