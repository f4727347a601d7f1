#include "core/channels/wechatpay/TradeBillParser.h"

#include <algorithm>

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

Error malformed(const QString& detail)
{
    return Error { ErrorCode::MalformedInput, detail };
}

// Bill times are Beijing time without an offset.
const QTimeZone kBeijing(8 * 3600);

QStringList splitDetail(const QString& line)
{
    // Every field starts with a backtick; splitting on ",`" keeps commas inside goods names intact.
    return line.mid(1).split(u",`"_s);
}

Result<Money> amount(const QMap<QString, QString>& raw, const QString& column, int line)
{
    auto m = Money::parse(raw.value(column));
    if (!m) {
        return tl::unexpected(malformed(u"bill line %1: bad amount in %2"_s.arg(line).arg(column)));
    }
    return m;
}

Result<qint64> parseCount(const QString& text)
{
    // The summary prints the count as "45.0".
    QString t = text;
    if (t.endsWith(u".0"_s)) {
        t.chop(2);
    }
    bool ok = false;
    const qint64 n = t.toLongLong(&ok);
    if (!ok || n < 0 || t != QString::number(n)) {
        return tl::unexpected(malformed(u"bill summary count %1 is not a whole number"_s.arg(text.left(20))));
    }
    return n;
}

} // namespace

Result<Money> parseFeeYuan(QStringView text)
{
    const bool negative = text.startsWith(u'-');
    const QStringView digits = negative ? text.mid(1) : text;
    const qsizetype dot = digits.indexOf(u'.');
    const QStringView whole = dot < 0 ? digits : digits.left(dot);
    const QStringView fraction = dot < 0 ? QStringView() : digits.mid(dot + 1);
    auto isDigits = [](QStringView s) {
        return std::all_of(s.begin(), s.end(), [](QChar c) {
            return c >= u'0' && c <= u'9';
        });
    };
    if (whole.isEmpty() || whole.size() > 15 || fraction.size() > 5 || (dot >= 0 && fraction.isEmpty())
        || !isDigits(whole) || !isDigits(fraction)) {
        return fail(ErrorCode::InvalidAmount, u"fee %1 is not a decimal with at most 5 places"_s.arg(text.left(24)));
    }
    // Exact integer arithmetic in units of 1e-5 yuan (1e-3 fen), then half-up to the fen. Fifteen digits of yuan
    // times 100,000 do not fit in 64 bits: such a fee is refused, never wrapped.
    qint64 units = 0;
    const qint64 frac = fraction.toString().leftJustified(5, u'0').toLongLong();
    if (__builtin_mul_overflow(whole.toLongLong(), qint64(100000), &units)
        || __builtin_add_overflow(units, frac, &units) || __builtin_add_overflow(units, qint64(500), &units)) {
        return fail(ErrorCode::MalformedInput, u"fee %1 is out of range"_s.arg(text.left(24)));
    }
    const qint64 fen = units / 1000;
    return Money::fen(negative ? -fen : fen);
}

namespace {

/// One detail line ("`" before every field) read against the header's columns.
Result<BillRow> parseDetailLine(const QStringList& header, const QString& line, int lineNo)
{
    if (!line.startsWith(u'`')) {
        return tl::unexpected(malformed(u"bill line %1 does not start with a backtick"_s.arg(lineNo)));
    }
    const QStringList fields = splitDetail(line);
    if (fields.size() != header.size()) {
        return tl::unexpected(malformed(
            u"bill line %1 has %2 fields, header has %3"_s.arg(lineNo).arg(fields.size()).arg(header.size())));
    }
    BillRow row;
    for (qsizetype c = 0; c < header.size(); ++c) {
        row.raw.insert(header.at(c), fields.at(c).trimmed());
    }
    const QDateTime local = QDateTime::fromString(row.raw.value(u"交易时间"_s), u"yyyy-MM-dd HH:mm:ss"_s);
    if (!local.isValid()) {
        return tl::unexpected(malformed(u"bill line %1: bad trade time"_s.arg(lineNo)));
    }
    row.tradeTime = QDateTime(local.date(), local.time(), kBeijing).toUTC();
    row.appId = row.raw.value(u"公众账号ID"_s);
    row.merchantId = row.raw.value(u"商户号"_s);
    row.transactionId = row.raw.value(u"微信订单号"_s);
    row.outTradeNo = row.raw.value(u"商户订单号"_s);
    row.rawStatus = row.raw.value(u"交易状态"_s);
    row.goodsName = row.raw.value(u"商品名称"_s);
    row.kind = row.rawStatus == u"REFUND"_s ? BillRow::Kind::Refund : BillRow::Kind::Payment;
    // SUCCESS rows carry "0" in the refund id columns.
    const QString refundId = row.raw.value(u"微信退款单号"_s);
    const QString outRefundNo = row.raw.value(u"商户退款单号"_s);
    row.refundId = refundId == u"0"_s ? QString() : refundId;
    row.outRefundNo = outRefundNo == u"0"_s ? QString() : outRefundNo;
    auto order = amount(row.raw, u"订单金额"_s, lineNo);
    auto settled = amount(row.raw, u"应结订单金额"_s, lineNo);
    auto refund = amount(row.raw, u"退款金额"_s, lineNo);
    auto fee = parseFeeYuan(row.raw.value(u"手续费"_s));
    if (!order || !settled || !refund || !fee) {
        return tl::unexpected(!order ? order.error()
                : !settled           ? settled.error()
                : !refund            ? refund.error()
                                     : malformed(u"bill line %1: bad fee"_s.arg(lineNo)));
    }
    row.orderAmount = *order;
    row.settledAmount = *settled;
    row.refundAmount = *refund;
    row.fee = *fee;
    return row;
}

/// The summary line, whose count must equal the number of detail lines.
Result<BillSummary> parseSummary(const QStringList& summaryHeader, const QString& summaryLine, qsizetype detailRows)
{
    if (!summaryLine.startsWith(u'`')) {
        return tl::unexpected(malformed(u"bill summary line does not start with a backtick"_s));
    }
    const QStringList summaryFields = splitDetail(summaryLine);
    if (summaryFields.size() != summaryHeader.size()) {
        return tl::unexpected(malformed(
            u"bill summary has %1 fields, its header %2"_s.arg(summaryFields.size()).arg(summaryHeader.size())));
    }
    QMap<QString, QString> summary;
    for (qsizetype c = 0; c < summaryHeader.size(); ++c) {
        summary.insert(summaryHeader.at(c), summaryFields.at(c).trimmed());
    }
    auto count = parseCount(summary.value(u"总交易单数"_s));
    auto settledTotal = Money::parse(summary.value(u"应结订单总金额"_s));
    auto feeTotal = Money::parse(summary.value(u"手续费总金额"_s));
    auto orderTotal = Money::parse(summary.value(u"订单总金额"_s));
    // SUCCESS-type bills have no refund total.
    auto refundTotal =
        summary.contains(u"退款总金额"_s) ? Money::parse(summary.value(u"退款总金额"_s)) : Result<Money>(Money::fen(0));
    if (!count || !settledTotal || !feeTotal || !orderTotal || !refundTotal) {
        return tl::unexpected(!count ? count.error() : malformed(u"bill summary has a bad amount"_s));
    }
    if (*count != detailRows) {
        return tl::unexpected(
            malformed(u"bill summary counts %1 trades but has %2 detail lines"_s.arg(*count).arg(detailRows)));
    }
    BillSummary totals;
    totals.tradeCount = *count;
    totals.settledTotal = *settledTotal;
    totals.refundTotal = *refundTotal;
    totals.feeTotal = *feeTotal;
    totals.orderTotal = *orderTotal;
    return totals;
}

} // namespace

Result<TradeBill> parseTradeBill(const QByteArray& csv)
{
    QByteArray bytes = csv;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        bytes.remove(0, 3);
    }
    QStringList lines = QString::fromUtf8(bytes).split(u"\r\n"_s);
    while (!lines.isEmpty() && lines.last().isEmpty()) {
        lines.removeLast();
    }
    if (lines.size() < 3) {
        return tl::unexpected(malformed(u"bill has fewer than header, summary header and summary lines"_s));
    }
    const QStringList header = lines.first().split(u',');
    const QStringList summaryHeader = lines.at(lines.size() - 2).split(u',');
    const QString summaryLine = lines.last();
    for (const QString& required : { u"交易时间"_s,
             u"交易状态"_s,
             u"商户订单号"_s,
             u"应结订单金额"_s,
             u"退款金额"_s,
             u"手续费"_s,
             u"订单金额"_s }) {
        if (!header.contains(required)) {
            return tl::unexpected(malformed(u"bill header lacks column %1"_s.arg(required)));
        }
    }

    TradeBill bill;
    bill.channel = ChannelKind::WeChatPay;
    for (qsizetype i = 1; i < lines.size() - 2; ++i) {
        auto row = parseDetailLine(header, lines.at(i), int(i) + 1);
        if (!row)
            return tl::unexpected(row.error());
        bill.rows.append(*row);
    }

    auto summary = parseSummary(summaryHeader, summaryLine, bill.rows.size());
    if (!summary)
        return tl::unexpected(summary.error());
    bill.summary = *summary;
    return bill;
}

} // namespace paydesk::wechatpay
