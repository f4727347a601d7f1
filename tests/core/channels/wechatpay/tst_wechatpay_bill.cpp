#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include "core/channels/wechatpay/Gzip.h"
#include "core/channels/wechatpay/TradeBillParser.h"
#include "core/crypto/Hash.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::wechatpay;
using namespace Qt::StringLiterals;

namespace {

Money yuan(const QJsonObject& o, const QString& key)
{
    return *Money::parse(o.value(key).toString());
}

} // namespace

class TestWeChatPayBill final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void publishedBill()
    {
        const QByteArray csv = test::readData(u"vectors/wechatpay/tradebill-ALL.csv"_s);
        const QJsonObject expected =
            QJsonDocument::fromJson(test::readData(u"vectors/wechatpay/tradebill-ALL.expected.json"_s)).object();
        QCOMPARE(crypto::sha256(csv).toHex(), expected.value(u"sha256"_s).toString().toLatin1());
        auto bill = parseTradeBill(csv);
        QVERIFY2(bill.has_value(), qPrintable(bill ? QString() : bill.error().detail));
        QCOMPARE(bill->rows.size(), expected.value(u"detail_rows"_s).toInteger());

        const QJsonObject byState = expected.value(u"by_trade_state"_s).toObject();
        const QJsonObject byType = expected.value(u"by_trade_type"_s).toObject();
        QMap<QString, qint64> states;
        QMap<QString, qint64> types;
        qint64 settled = 0, refunds = 0, fees = 0, orders = 0, applied = 0;
        for (const BillRow& row : bill->rows) {
            ++states[row.rawStatus];
            ++types[row.raw.value(u"交易类型"_s)];
            QCOMPARE(row.raw.size(), 27);
            QCOMPARE(row.kind == BillRow::Kind::Refund, row.rawStatus == u"REFUND"_s);
            QCOMPARE(row.refundId.isEmpty(), row.kind == BillRow::Kind::Payment);
            settled += row.settledAmount.minorUnits();
            refunds += row.refundAmount.minorUnits();
            fees += row.fee.minorUnits();
            orders += row.orderAmount.minorUnits();
            applied += Money::parse(row.raw.value(u"申请退款金额"_s))->minorUnits();
        }
        QCOMPARE(states.value(u"SUCCESS"_s), byState.value(u"SUCCESS"_s).toInteger());
        QCOMPARE(states.value(u"REFUND"_s), byState.value(u"REFUND"_s).toInteger());
        QCOMPARE(types.value(u"JSAPI"_s), byType.value(u"JSAPI"_s).toInteger());
        QCOMPARE(types.value(u"NATIVE"_s), byType.value(u"NATIVE"_s).toInteger());

        // The rows add up to the summary line to the fen.
        const QJsonObject summary = expected.value(u"summary_line"_s).toObject();
        QCOMPARE(bill->summary.tradeCount, qint64(45));
        QCOMPARE(bill->summary.settledTotal, yuan(summary, u"应结订单总金额"_s));
        QCOMPARE(bill->summary.refundTotal, yuan(summary, u"退款总金额"_s));
        QCOMPARE(bill->summary.feeTotal, yuan(summary, u"手续费总金额"_s));
        QCOMPARE(bill->summary.orderTotal, yuan(summary, u"订单总金额"_s));
        QCOMPARE(settled, bill->summary.settledTotal.minorUnits());
        QCOMPARE(refunds, bill->summary.refundTotal.minorUnits());
        QCOMPARE(fees, bill->summary.feeTotal.minorUnits());
        QCOMPARE(orders, bill->summary.orderTotal.minorUnits());
        QCOMPARE(applied, yuan(summary, u"申请退款总金额"_s).minorUnits());
        QCOMPARE(settled, qint64(47));
        QCOMPARE(refunds, qint64(14));
        QCOMPARE(fees, qint64(8));

        // First detail line, field by field.
        const BillRow& first = bill->rows.first();
        QCOMPARE(first.tradeTime, QDateTime(QDate(2019, 2, 18), QTime(21, 1, 46), QTimeZone::utc()));
        QCOMPARE(first.appId, u"wxab8acd895ab1638a"_s);
        QCOMPARE(first.merchantId, u"1921000401"_s);
        QCOMPARE(first.transactionId, u"4200000263201902167700134212"_s);
        QCOMPARE(first.outTradeNo, u"autotest_20190216081946_82335"_s);
        QCOMPARE(first.refundId, u"50000709672019011908420787722"_s);
        QCOMPARE(first.outRefundNo, u"REF4200000263201902167700963919"_s);
        QCOMPARE(first.refundAmount, Money::fen(1));
        QCOMPARE(first.goodsName, u"系统拨测-cheeryin-test_micropay_succ"_s);
        QCOMPARE(first.raw.value(u"费率备注"_s), QString());
    }

    void feeRounding_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("fen");
        QTest::newRow("zero") << u"0.00000"_s << qint64(0);
        QTest::newRow("one fen") << u"0.01000"_s << qint64(1);
        QTest::newRow("half up") << u"0.00500"_s << qint64(1);
        QTest::newRow("below half") << u"0.00499"_s << qint64(0);
        QTest::newRow("two decimals") << u"1.23"_s << qint64(123);
        QTest::newRow("whole") << u"7"_s << qint64(700);
        QTest::newRow("negative") << u"-0.00600"_s << qint64(-1);
    }
    void feeRounding()
    {
        QFETCH(QString, text);
        QFETCH(qint64, fen);
        auto m = parseFeeYuan(text);
        QVERIFY(m.has_value());
        QCOMPARE(m->minorUnits(), fen);
    }

    void feeRefusals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("six places") << u"0.000001"_s;
        QTest::newRow("exponent") << u"1e-2"_s;
        QTest::newRow("trailing dot") << u"1."_s;
        QTest::newRow("space") << u" 0.01"_s;
    }
    void feeRefusals()
    {
        QFETCH(QString, text);
        QVERIFY(!parseFeeYuan(text).has_value());
    }

    void feeBeyond64Bits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("fen"); // -1: refused as MalformedInput
        QTest::newRow("fifteen digits") << u"999999999999999.99999"_s << qint64(-1);
        QTest::newRow("fifteen digits negative") << u"-999999999999999"_s << qint64(-1);
        QTest::newRow("first that overflows") << u"92233720368547.99999"_s << qint64(-1);
        QTest::newRow("largest that fits") << u"92233720368546.99999"_s << qint64(9223372036854700);
        QTest::newRow("whole that fits") << u"92233720368547"_s << qint64(9223372036854700);
    }
    void feeBeyond64Bits()
    {
        QFETCH(QString, text);
        QFETCH(qint64, fen);
        const auto m = parseFeeYuan(text);
        if (fen < 0) {
            QVERIFY(!m.has_value());
            QCOMPARE(m.error().code, ErrorCode::MalformedInput);
            return;
        }
        QVERIFY2(m.has_value(), m ? "" : qPrintable(m.error().detail));
        QCOMPARE(m->minorUnits(), fen);
    }

    void malformedBills_data()
    {
        QTest::addColumn<QByteArray>("csv");
        const QByteArray good = test::readData(u"vectors/wechatpay/tradebill-ALL.csv"_s);
        QTest::newRow("empty") << QByteArray();
        QByteArray badAmount = good;
        badAmount.replace(",`0.03,`0.00,`0,`0,", ",`0.0x,`0.00,`0,`0,");
        QTest::newRow("bad amount") << badAmount;
        QByteArray badCount = good;
        badCount.replace("`45.0,", "`44.0,");
        QTest::newRow("count mismatch") << badCount;
        QByteArray noBacktick = good;
        noBacktick.replace("\r\n`2019-02-19 05:01:46", "\r\n2019-02-19 05:01:46");
        QTest::newRow("no backtick") << noBacktick;
        QByteArray lostColumn = good;
        lostColumn.replace("交易状态,", "状态,");
        QTest::newRow("missing column") << lostColumn;
        QByteArray floatAmount = good;
        floatAmount.replace("`0.47,`0.14,`0.0,`0.08", "`4.7e-1,`0.14,`0.0,`0.08");
        QTest::newRow("exponent in summary") << floatAmount;
        // 15 digits of yuan times 100,000 overflow 64 bits: refused, never wrapped into some other fee.
        QByteArray hugeFee = good;
        hugeFee.replace(",`0.00000,`39.00%", ",`999999999999999.99999,`39.00%");
        QTest::newRow("fee beyond 64 bits") << hugeFee;
    }
    void malformedBills()
    {
        QFETCH(QByteArray, csv);
        auto bill = parseTradeBill(csv);
        QVERIFY(!bill.has_value());
        QCOMPARE(bill.error().code, ErrorCode::MalformedInput);
    }

    void gzipRoundTrip()
    {
        const QByteArray csv = test::readData(u"vectors/wechatpay/tradebill-ALL.csv"_s);
        auto packed = gzip(csv);
        QVERIFY(packed.has_value());
        auto unpacked = gunzip(*packed);
        QVERIFY(unpacked.has_value());
        QCOMPARE(*unpacked, csv);
        QCOMPARE(gunzip(packed->left(packed->size() - 10)).error().code, ErrorCode::MalformedInput);
        QCOMPARE(gunzip(csv).error().code, ErrorCode::MalformedInput);
        QCOMPARE(gunzip(*packed, 100).error().code, ErrorCode::BodyTooLarge);
    }
};

QTEST_GUILESS_MAIN(TestWeChatPayBill)
#include "tst_wechatpay_bill.moc"
