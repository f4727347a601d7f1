#include "core/channels/alipay/AlipayBill.h"

#include <QHash>
#include <QRegularExpression>

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/GbkCodec.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

Error bad(const QString& why)
{
    return Error { ErrorCode::MalformedInput, u"alipay bill: "_s + why };
}

// Alipay's CSV does not quote, but a quoted field is handled rather than mis-split.
Result<QStringList> splitCsvLine(QStringView line)
{
    QStringList fields;
    QString cur;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < line.size() && line[i + 1] == u'"') {
                    cur += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                cur += c;
            }
        } else if (c == u'"' && cur.isEmpty()) {
            quoted = true;
        } else if (c == u',') {
            fields.append(cur.trimmed());
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (quoted)
        return tl::unexpected(bad(u"unterminated quoted field"_s));
    fields.append(cur.trimmed());
    return fields;
}

class Row
{
public:
    Row(const QHash<QString, qsizetype>& index, const QStringList& fields)
        : m_index(index)
        , m_fields(fields)
    {
    }
    QString value(const QString& header) const
    {
        const auto it = m_index.constFind(header);
        return it == m_index.cend() ? QString() : m_fields.at(*it);
    }
    Result<Money> amount(const QString& header) const
    {
        auto m = parseYuanSigned(value(header));
        if (!m)
            return tl::unexpected(bad(header + u": "_s + m.error().detail));
        return *m;
    }

private:
    const QHash<QString, qsizetype>& m_index;
    const QStringList& m_fields;
};

Result<Money> sum(const Money& a, const Money& b)
{
    auto s = a.plus(b);
    if (!s)
        return tl::unexpected(bad(u"amount overflow"_s));
    return *s;
}

Status parseTrailer(const QString& line, AlipayBillTotals& totals, bool& haveTrades, bool& haveRefunds)
{
    static const QRegularExpression tradeRe(
        u"^#交易合计：(\\d+)笔，商家实收共(-?[0-9.]+)元，商家优惠共(-?[0-9.]+)元$"_s);
    static const QRegularExpression refundRe(
        u"^#退款合计：(\\d+)笔，商家实收退款共(-?[0-9.]+)元，商家优惠退款共(-?[0-9.]+)元$"_s);
    const bool isTrade = line.startsWith(u"#交易合计"_s);
    const bool isRefund = line.startsWith(u"#退款合计"_s);
    if (!isTrade && !isRefund)
        return {};
    const auto match = (isTrade ? tradeRe : refundRe).match(line);
    if (!match.hasMatch())
        return tl::unexpected(bad(u"unreadable trailer line: "_s + line));
    bool ok = false;
    const qint64 count = match.captured(1).toLongLong(&ok);
    auto settled = parseYuanSigned(match.captured(2));
    auto discount = parseYuanSigned(match.captured(3));
    if (!ok || !settled || !discount)
        return tl::unexpected(bad(u"unreadable trailer figures: "_s + line));
    if ((isTrade && haveTrades) || (isRefund && haveRefunds))
        return tl::unexpected(bad(u"repeated trailer line"_s));
    if (isTrade) {
        totals.tradeCount = count;
        totals.tradeSettled = *settled;
        totals.tradeDiscount = *discount;
        haveTrades = true;
    } else {
        totals.refundCount = count;
        totals.refundSettled = *settled;
        totals.refundDiscount = *discount;
        haveRefunds = true;
    }
    return {};
}

const QString kTradeNo = u"支付宝交易号"_s;
const QString kOutTradeNo = u"商户订单号"_s;
const QString kType = u"业务类型"_s;
const QString kGoods = u"商品名称"_s;
const QString kFinished = u"完成时间"_s;
const QString kOrderAmount = u"订单金额（元）"_s;
const QString kSettled = u"商家实收（元）"_s;
const QString kDiscount = u"商家优惠（元）"_s;
const QString kRefundNo = u"退款批次号/请求号"_s;
const QString kFee = u"服务费（元）"_s;

Result<BillRow> parseRow(const Row& r, const QStringList& headers, const QStringList& fields)
{
    BillRow row;
    row.rawStatus = r.value(kType);
    if (row.rawStatus == u"交易")
        row.kind = BillRow::Kind::Payment;
    else if (row.rawStatus == u"退款")
        row.kind = BillRow::Kind::Refund;
    else
        return tl::unexpected(bad(u"unknown 业务类型 '"_s + row.rawStatus + u"'"_s));
    row.transactionId = r.value(kTradeNo);
    row.outTradeNo = r.value(kOutTradeNo);
    row.goodsName = r.value(kGoods);
    if (row.transactionId.isEmpty() || row.outTradeNo.isEmpty())
        return tl::unexpected(bad(u"row without 支付宝交易号 or 商户订单号"_s));
    auto finished = parseChinaTime(r.value(kFinished));
    if (!finished)
        return tl::unexpected(bad(u"完成时间: "_s + finished.error().detail));
    row.tradeTime = *finished;
    auto order = r.amount(kOrderAmount);
    auto settled = r.amount(kSettled);
    auto fee = r.amount(kFee);
    if (!order)
        return tl::unexpected(order.error());
    if (!settled)
        return tl::unexpected(settled.error());
    if (!fee)
        return tl::unexpected(fee.error());
    row.orderAmount = *order;
    row.settledAmount = *settled;
    row.fee = *fee;
    row.refundAmount = Money::fen(0);
    if (row.kind == BillRow::Kind::Refund) {
        if (row.settledAmount.isPositive())
            return tl::unexpected(bad(u"refund row with a positive 商家实收"_s));
        row.refundAmount = *row.settledAmount.negated();
        row.outRefundNo = r.value(kRefundNo);
        if (row.outRefundNo.isEmpty())
            return tl::unexpected(bad(u"refund row without 退款批次号/请求号"_s));
    } else if (row.settledAmount.isNegative()) {
        return tl::unexpected(bad(u"trade row with a negative 商家实收"_s));
    }
    for (qsizetype i = 0; i < headers.size(); ++i)
        row.raw.insert(headers.at(i), fields.at(i));
    return row;
}

/// The header line: every column once, and every column the parser reads present.
Status indexHeader(const QStringList& headers, QHash<QString, qsizetype>& index)
{
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (index.contains(headers.at(i)))
            return tl::unexpected(bad(u"repeated column "_s + headers.at(i)));
        index.insert(headers.at(i), i);
    }
    for (const QString& required :
        { kTradeNo, kOutTradeNo, kType, kFinished, kOrderAmount, kSettled, kRefundNo, kFee }) {
        if (!index.contains(required))
            return tl::unexpected(bad(u"missing column "_s + required));
    }
    return {};
}

/// What the rows add up to, to be checked against the bill's own trailer lines.
struct RowSums
{
    Money tradeSettled = Money::fen(0), tradeDiscount = Money::fen(0);
    Money refundSettled = Money::fen(0), refundDiscount = Money::fen(0);
    qint64 trades = 0, refunds = 0;

    Status add(const BillRow& row, const Money& discount)
    {
        const bool isRefund = row.kind == BillRow::Kind::Refund;
        auto s = sum(isRefund ? refundSettled : tradeSettled, row.settledAmount);
        auto d = sum(isRefund ? refundDiscount : tradeDiscount, discount);
        if (!s)
            return tl::unexpected(s.error());
        if (!d)
            return tl::unexpected(d.error());
        (isRefund ? refundSettled : tradeSettled) = *s;
        (isRefund ? refundDiscount : tradeDiscount) = *d;
        ++(isRefund ? refunds : trades);
        return {};
    }

    [[nodiscard]] Status check(const AlipayBillTotals& t, bool withDiscounts) const
    {
        if (trades != t.tradeCount || refunds != t.refundCount)
            return tl::unexpected(bad(u"row counts %1/%2 differ from the trailer %3/%4"_s.arg(trades)
                                          .arg(refunds)
                                          .arg(t.tradeCount)
                                          .arg(t.refundCount)));
        if (!(tradeSettled == t.tradeSettled) || !(refundSettled == t.refundSettled))
            return tl::unexpected(
                bad(u"row sums %1/%2 differ from the trailer %3/%4"_s.arg(tradeSettled.toDecimalString(),
                    refundSettled.toDecimalString(),
                    t.tradeSettled.toDecimalString(),
                    t.refundSettled.toDecimalString())));
        if (withDiscounts && (!(tradeDiscount == t.tradeDiscount) || !(refundDiscount == t.refundDiscount)))
            return tl::unexpected(bad(u"商家优惠 sums differ from the trailer"_s));
        return {};
    }
};

} // namespace

Result<AlipayBill> parseBillCsv(QStringView text)
{
    AlipayBill bill;
    QStringList headers;
    QHash<QString, qsizetype> index;
    bool haveTrades = false;
    bool haveRefunds = false;
    RowSums sums;

    const auto lines = text.split(u'\n');
    for (QStringView lineView : lines) {
        if (lineView.endsWith(u'\r'))
            lineView.chop(1);
        if (lineView.startsWith(u'\uFEFF'))
            lineView = lineView.mid(1);
        const QString line = lineView.toString();
        if (line.trimmed().isEmpty())
            continue;
        if (line.startsWith(u'#')) {
            static const QRegularExpression accountRe(u"^#账号：\\[(\\d+)\\]"_s);
            if (const auto m = accountRe.match(line); m.hasMatch())
                bill.account = m.captured(1);
            if (auto ok = parseTrailer(line, bill.totals, haveTrades, haveRefunds); !ok)
                return tl::unexpected(ok.error());
            continue;
        }
        auto fields = splitCsvLine(line);
        if (!fields)
            return tl::unexpected(fields.error());
        if (headers.isEmpty()) {
            headers = *fields;
            if (auto ok = indexHeader(headers, index); !ok)
                return tl::unexpected(ok.error());
            continue;
        }
        if (fields->size() != headers.size())
            return tl::unexpected(bad(u"row with %1 fields, header has %2"_s.arg(fields->size()).arg(headers.size())));
        const Row r(index, *fields);
        auto row = parseRow(r, headers, *fields);
        if (!row)
            return tl::unexpected(row.error());
        Money discount = Money::fen(0);
        if (index.contains(kDiscount)) {
            auto d = r.amount(kDiscount);
            if (!d)
                return tl::unexpected(d.error());
            discount = *d;
        }
        if (auto ok = sums.add(*row, discount); !ok)
            return tl::unexpected(ok.error());
        bill.rows.append(*row);
    }
    if (headers.isEmpty())
        return tl::unexpected(bad(u"no header line"_s));
    if (!haveTrades || !haveRefunds)
        return tl::unexpected(bad(u"missing #交易合计 or #退款合计 trailer"_s));
    if (auto ok = sums.check(bill.totals, index.contains(kDiscount)); !ok)
        return tl::unexpected(ok.error());
    return bill;
}

Result<TradeBill> parseBillZip(const QByteArray& zip, const QDate& day)
{
    auto csv = extractDetailCsv(zip);
    if (!csv)
        return tl::unexpected(csv.error());
    auto text = decodeGbk(*csv);
    if (!text)
        return tl::unexpected(text.error());
    auto bill = parseBillCsv(*text);
    if (!bill)
        return tl::unexpected(bill.error());
    TradeBill out;
    out.channel = ChannelKind::Alipay;
    out.date = day;
    out.rawFile = zip;
    out.rows = bill->rows;
    Money fees = Money::fen(0), orders = Money::fen(0);
    for (BillRow& row : out.rows) {
        row.merchantId = bill->account;
        auto f = sum(fees, row.fee);
        if (!f)
            return tl::unexpected(f.error());
        fees = *f;
        if (row.kind == BillRow::Kind::Payment) {
            auto o = sum(orders, row.orderAmount);
            if (!o)
                return tl::unexpected(o.error());
            orders = *o;
        }
    }
    out.summary.tradeCount = bill->totals.tradeCount;
    out.summary.settledTotal = bill->totals.tradeSettled;
    out.summary.refundTotal = *bill->totals.refundSettled.negated();
    out.summary.feeTotal = fees;
    out.summary.orderTotal = orders;
    return out;
}

} // namespace paydesk::alipay
