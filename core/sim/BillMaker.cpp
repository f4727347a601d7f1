#include "core/sim/BillMaker.h"

#include <iconv.h>

#include <QStringDecoder>
#include <QStringEncoder>
#include <QTimeZone>

#include "core/money/Money.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim::BillMaker {

namespace {

/// A bill line of either channel before formatting.
struct Line
{
    bool refund = false;
    qint64 timeMs = 0;
    SimOrder order;
    SimRefund refundRow;
    qint64 orderFen = 0;
};

/// Summary amounts print like the bill's generator (a float): "0.47", "0.5", "0.0".
QString summaryYuan(qint64 fen)
{
    QString s = yuan(fen);
    while (s.endsWith(u'0') && !s.endsWith(u".0"_s))
        s.chop(1);
    return s;
}

/// The lines of a day: payments by payment time, successful refunds by success time, with injected differences.
QList<Line> linesOf(const SimContext& ctx, SimChannel channel, const QString& merchantId, const QDate& day)
{
    QList<Line> lines;
    auto sameDay = [&](qint64 ms) {
        return ms > 0 && chinaTime(ms).date() == day;
    };
    for (const SimOrder& o : ctx.store.orders()) {
        if (o.channel != channel || o.merchantId != merchantId || o.state != OrderState::Paid || !sameDay(o.paidMs))
            continue;
        Line l;
        l.timeMs = o.paidMs;
        l.order = o;
        l.orderFen = o.totalFen;
        bool missing = false;
        for (const BillDifference& d : ctx.billDifferences) {
            if (d.outTradeNo != o.outTradeNo)
                continue;
            if (d.kind == BillDifference::Kind::MissingOrder)
                missing = true;
            else if (d.kind == BillDifference::Kind::ChangedAmount)
                l.orderFen = d.amountFen;
        }
        if (!missing)
            lines.append(l);
    }
    for (const BillDifference& d : ctx.billDifferences) {
        if (d.kind != BillDifference::Kind::ChannelOnlyOrder)
            continue;
        Line l;
        l.timeMs = QDateTime(day, QTime(12, 0), QTimeZone(8 * 3600)).toMSecsSinceEpoch();
        l.order.channel = channel;
        l.order.merchantId = merchantId;
        l.order.outTradeNo = d.outTradeNo;
        l.order.description = u"channel-only order"_s;
        l.order.transactionId = channel == SimChannel::WeChat
            ? u"4200000999"_s + d.outTradeNo.right(18).rightJustified(18, u'0')
            : u"2099"_s + d.outTradeNo.right(24).rightJustified(24, u'0');
        l.order.paidMs = l.timeMs;
        l.order.createdMs = l.timeMs;
        l.order.scannedMs = l.timeMs;
        l.orderFen = d.amountFen;
        lines.append(l);
    }
    for (const SimRefund& r : ctx.store.refunds()) {
        if (r.channel != channel || r.merchantId != merchantId || r.state != RefundState::Success
            || !sameDay(r.successMs))
            continue;
        Line l;
        l.refund = true;
        l.timeMs = r.successMs;
        l.refundRow = r;
        l.order = ctx.store.order(channel, merchantId, r.outTradeNo).value_or(SimOrder());
        lines.append(l);
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
        return a.timeMs < b.timeMs;
    });
    return lines;
}

} // namespace

QByteArray wechatTradeBill(const SimContext& ctx, const QString& mchid, const QDate& day)
{
    const WeChatMerchant merchant = ctx.wechatMerchants.value(mchid);
    QStringList out;
    out.append(
        u"交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
        u"货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
        u"商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"_s);
    qint64 settled = 0, refunded = 0, feeUnits = 0, orders = 0, requested = 0;
    const QList<Line> lines = linesOf(ctx, SimChannel::WeChat, mchid, day);
    for (const Line& l : lines) {
        QStringList f;
        f << chinaTime(l.timeMs).toString(u"yyyy-MM-dd HH:mm:ss"_s) << merchant.appid << mchid << u"0"_s << QString()
          << l.order.transactionId << l.order.outTradeNo << l.order.buyerId << u"NATIVE"_s;
        if (!l.refund) {
            // Fee 0.6%: in units of 0.00001 yuan that is exactly 6 per fen.
            const qint64 fee = l.orderFen * 6;
            f << u"SUCCESS"_s << u"OTHERS"_s << u"CNY"_s << yuan(l.orderFen) << u"0.00"_s << u"0"_s << u"0"_s
              << u"0.00"_s << u"0.00"_s << QString() << QString() << l.order.description << l.order.attach
              << u"%1.%2"_s.arg(fee / 100000).arg(fee % 100000, 5, 10, QChar(u'0')) << u"0.60%"_s << yuan(l.orderFen)
              << u"0.00"_s << QString();
            settled += l.orderFen;
            feeUnits += fee;
            orders += l.orderFen;
        } else {
            f << u"REFUND"_s << u"OTHERS"_s << u"CNY"_s << u"0.00"_s << u"0.00"_s << l.refundRow.refundId
              << l.refundRow.outRefundNo << yuan(l.refundRow.refundFen) << u"0.00"_s << u"ORIGINAL"_s << u"SUCCESS"_s
              << l.order.description << l.order.attach << u"0.00000"_s << u"0.60%"_s << u"0.00"_s
              << yuan(l.refundRow.refundFen) << QString();
            refunded += l.refundRow.refundFen;
            requested += l.refundRow.refundFen;
        }
        out.append(u"`"_s + f.join(u",`"_s));
    }
    out.append(u"总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"_s);
    const qint64 feeFen = (feeUnits + 500) / 1000; // rounded half up to the fen
    out.append(u"`%1.0,`%2,`%3,`0.0,`%4,`%5,`%6"_s.arg(lines.size())
                   .arg(summaryYuan(settled),
                       summaryYuan(refunded),
                       summaryYuan(feeFen),
                       summaryYuan(orders),
                       summaryYuan(requested)));
    return QByteArrayLiteral("\xEF\xBB\xBF") + out.join(u"\r\n"_s).toUtf8() + "\r\n";
}

QString alipayDetailCsv(const SimContext& ctx, const AlipayMerchant& merchant, const QDate& day)
{
    const QString dash = QString(41, u'-');
    QStringList out;
    out << u"#支付宝业务明细查询"_s << u"#账号：[%1]"_s.arg(merchant.pid + u"0156"_s)
        << u"#起始日期：[%1 00:00:00]   终止日期：[%2 00:00:00]"_s.arg(
               day.toString(u"yyyy年MM月dd日"_s), day.addDays(1).toString(u"yyyy年MM月dd日"_s))
        << u"#%1业务明细列表%2"_s.arg(dash, QString(40, u'-'))
        << u"支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
           u"订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,"
           u"券核销金额（元）,"
           u"券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"_s;
    int trades = 0, refunds = 0;
    qint64 tradeSum = 0, refundSum = 0;
    for (const Line& l : linesOf(ctx, SimChannel::Alipay, merchant.appId, day)) {
        const qint64 amount = l.refund ? -l.refundRow.refundFen : l.orderFen;
        QStringList f;
        f << l.order.transactionId + u'\t' << l.order.outTradeNo + u'\t' << (l.refund ? u"退款\t"_s : u"交易\t"_s)
          << l.order.description << alipayTime(l.order.scannedMs > 0 ? l.order.scannedMs : l.timeMs)
          << alipayTime(l.timeMs) << u"\t"_s << u"\t"_s << u"\t"_s << u"\t"_s << u"*模拟(sim***@example.com)\t"_s
          << Money::fen(amount).toDecimalString() << Money::fen(amount).toDecimalString() << u"0.00"_s << u"0.00"_s
          << u"0.00"_s << u"0.00"_s << u"0.00"_s << QString() << u"0.00\t"_s << u"0.00"_s
          << (l.refund ? l.refundRow.outRefundNo : QString()) + u'\t' << u"0.00"_s << u"0.00"_s << l.order.description;
        out << f.join(u',');
        if (l.refund) {
            ++refunds;
            refundSum += amount;
        } else {
            ++trades;
            tradeSum += amount;
        }
    }
    out << u"#%1业务明细列表结束%2"_s.arg(dash, QString(36, u'-'))
        << u"#交易合计：%1笔，商家实收共%2元，商家优惠共0.00元"_s.arg(trades).arg(yuan(tradeSum))
        << u"#退款合计：%1笔，商家实收退款共%2元，商家优惠退款共0.00元"_s.arg(refunds).arg(
               Money::fen(refundSum).toDecimalString())
        << u"#导出时间：[%1]"_s.arg(chinaTime(ctx.nowMs()).toString(u"yyyy年MM月dd日 HH:mm:ss"_s));
    return out.join(u'\n') + u'\n';
}

Result<QByteArray> alipayBillZip(const SimContext& ctx, const AlipayMerchant& merchant, const QDate& day)
{
    const QString detail = alipayDetailCsv(ctx, merchant, day);
    // The summary file: totals of the detail lines, in the same comment-framed layout.
    qint64 income = 0;
    int trades = 0, refunds = 0;
    for (const Line& l : linesOf(ctx, SimChannel::Alipay, merchant.appId, day)) {
        income += l.refund ? -l.refundRow.refundFen : l.orderFen;
        (l.refund ? refunds : trades) += 1;
    }
    const QString summary = QStringList { u"#支付宝业务汇总查询"_s,
        u"#账号：[%1]"_s.arg(merchant.pid + u"0156"_s),
        u"#起始日期：[%1 00:00:00]   终止日期：[%2 00:00:00]"_s.arg(
            day.toString(u"yyyy年MM月dd日"_s), day.addDays(1).toString(u"yyyy年MM月dd日"_s)),
        u"门店编号,门店名称,交易订单总笔数,退款订单总笔数,已收入金额（元）,支付宝优惠（元）,商家优惠（元）,"
        u"卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）"_s,
        u"合计,,%1,%2,%3,0.00,0.00,0.00,0.00,0.00,%3"_s.arg(trades).arg(refunds).arg(
            Money::fen(income).toDecimalString()),
        u"#导出时间：[%1]"_s.arg(chinaTime(ctx.nowMs()).toString(u"yyyy年MM月dd日 HH:mm:ss"_s)) }
                                .join(u'\n')
        + u'\n';
    const QString base = merchant.pid + u"_"_s + day.toString(u"yyyyMMdd"_s);
    QList<QPair<QByteArray, QByteArray>> entries;
    // QString() around the concatenations: a QStringBuilder kept in a pair would dangle.
    for (const auto& [name, text] : { std::pair { QString(base + u"_业务明细.csv"_s), detail },
             std::pair { QString(base + u"_业务明细(汇总).csv"_s), summary } }) {
        auto n = toGbk(name);
        auto t = toGbk(text);
        if (!n || !t)
            return fail(ErrorCode::Internal, u"cannot encode the bill as GBK"_s);
        entries.append({ *n, *t });
    }
    return makeZip(entries, chinaTime(ctx.nowMs()));
}

static Result<QByteArray> iconvConvert(const char* to, const char* from, const QByteArray& in)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1))
        return fail(ErrorCode::Internal, u"iconv cannot convert"_s);
    QByteArray out(in.size() * 4 + 16, Qt::Uninitialized);
    char* inPtr = const_cast<char*>(in.constData());
    size_t inLeft = static_cast<size_t>(in.size());
    char* outPtr = out.data();
    size_t outLeft = static_cast<size_t>(out.size());
    const size_t rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<size_t>(-1))
        return fail(ErrorCode::Internal, u"text not representable"_s);
    out.truncate(out.size() - static_cast<qsizetype>(outLeft));
    return out;
}

Result<QByteArray> toGbk(const QString& text)
{
    QStringEncoder enc("GBK");
    if (enc.isValid()) {
        QByteArray out = enc.encode(text);
        if (!enc.hasError())
            return out;
        return fail(ErrorCode::Internal, u"text not representable in GBK"_s);
    }
    return iconvConvert("GBK", "UTF-8", text.toUtf8());
}

Result<QString> fromGbk(const QByteArray& bytes)
{
    QStringDecoder dec("GBK");
    if (dec.isValid()) {
        QString out = dec.decode(bytes);
        if (!dec.hasError())
            return out;
        return fail(ErrorCode::MalformedInput, u"not GBK"_s);
    }
    auto utf8 = iconvConvert("UTF-8", "GBK", bytes);
    if (!utf8)
        return tl::unexpected(utf8.error());
    return QString::fromUtf8(*utf8);
}

} // namespace paydesk::sim::BillMaker
