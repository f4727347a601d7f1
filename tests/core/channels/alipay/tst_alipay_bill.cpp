// The 业务明细 bill: a GBK zip built here from the published sample, parsed by header name, totals checked.

#include "core/channels/alipay/AlipayBill.h"
#include "core/channels/alipay/GbkCodec.h"
#include "tests/core/channels/alipay/AlipayTestSupport.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace paydesk::test::alipay;
using namespace Qt::StringLiterals;

class TestAlipayBill final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gbkRoundTrip()
    {
        const QString s = u"#交易合计：6笔，商家实收共0.06元（元）"_s;
        const auto enc = encodeGbk(s);
        QVERIFY(enc);
        QVERIFY(enc->startsWith("#\xbd\xbb\xd2\xd7")); // 交易 in GBK
        QCOMPARE(*decodeGbk(*enc), s);
        QVERIFY(!decodeGbk("\x81")); // a lead byte without its trail byte
        QVERIFY(!decodeGbk("\x81\x20")); // a lead byte with an invalid trail byte
    }

    void zipHasGbkNamesWithoutUtf8Flag()
    {
        const QByteArray zip = billZip(sampleCsv());
        QVERIFY(zip.contains(*encodeGbk(kDetailName)));
        QVERIFY(!zip.contains(kDetailName.toUtf8()));
        // Local file header: signature PK\3\4, general-purpose flags at offset 6; bit 11 is the UTF-8 flag.
        qsizetype at = 0;
        int headers = 0;
        while ((at = zip.indexOf("PK\x03\x04", at)) >= 0) {
            const auto flags = quint16(quint8(zip[at + 6]) | (quint8(zip[at + 7]) << 8));
            QVERIFY(!(flags & 0x0800));
            ++headers;
            at += 4;
        }
        QCOMPARE(headers, 2);
    }

    void parsesSampleFromZip()
    {
        const QByteArray zip = billZip(sampleCsv());
        const auto bill = parseBillZip(zip, QDate(2019, 9, 16));
        QVERIFY2(bill, bill ? "" : qPrintable(bill.error().detail));
        QCOMPARE(bill->channel, ChannelKind::Alipay);
        QCOMPARE(bill->date, QDate(2019, 9, 16));
        QCOMPARE(bill->rawFile, zip);
        QCOMPARE(bill->rows.size(), 10);
        int trades = 0, refunds = 0;
        qint64 settled = 0, refunded = 0;
        for (const BillRow& r : bill->rows) {
            QCOMPARE(r.merchantId, u"20880211096256330156"_s);
            QVERIFY(!r.transactionId.endsWith(u'\t'));
            QVERIFY(!r.outTradeNo.endsWith(u'\t'));
            if (r.kind == BillRow::Kind::Refund) {
                ++refunds;
                refunded += r.settledAmount.minorUnits();
                QCOMPARE(r.settledAmount.minorUnits(), -1);
                QCOMPARE(r.refundAmount.minorUnits(), 1);
                QVERIFY(r.outRefundNo.startsWith(u"re_"_s));
                QCOMPARE(r.rawStatus, u"退款"_s);
            } else {
                ++trades;
                settled += r.settledAmount.minorUnits();
                QVERIFY(r.outRefundNo.isEmpty());
                QCOMPARE(r.refundAmount.minorUnits(), 0);
            }
        }
        QCOMPARE(trades, 6);
        QCOMPARE(refunds, 4);
        QCOMPARE(settled, 6);
        QCOMPARE(refunded, -4);
        QCOMPARE(bill->summary.tradeCount, 6);
        QCOMPARE(bill->summary.settledTotal.minorUnits(), 6);
        QCOMPARE(bill->summary.refundTotal.minorUnits(), 4);
        QCOMPARE(bill->summary.orderTotal.minorUnits(), 6);
        QCOMPARE(bill->summary.feeTotal.minorUnits(), 0);

        const BillRow& first = bill->rows.at(0);
        QCOMPARE(first.transactionId, u"2019091622001458860515315453"_s);
        QCOMPARE(first.outTradeNo, u"service_1568601259302"_s);
        QCOMPARE(first.goodsName, u"下单测试"_s);
        QCOMPARE(first.tradeTime, QDateTime(QDate(2019, 9, 16), QTime(2, 55, 23), Qt::UTC)); // 10:55:23 China time
        QCOMPARE(first.raw.value(u"门店编号"_s), u"alipay_store"_s);
        const BillRow& second = bill->rows.at(1);
        QCOMPARE(second.outRefundNo, u"re_test_1568602607356"_s);
        QCOMPARE(second.orderAmount.minorUnits(), -1);
    }

    void totalsFromCsv()
    {
        const auto bill = parseBillCsv(sampleCsv());
        QVERIFY(bill);
        QCOMPARE(bill->account, u"20880211096256330156"_s);
        QCOMPARE(bill->totals.tradeCount, 6);
        QCOMPARE(bill->totals.tradeSettled.minorUnits(), 6);
        QCOMPARE(bill->totals.refundCount, 4);
        QCOMPARE(bill->totals.refundSettled.minorUnits(), -4);
    }

    void crlfAndReorderedColumns()
    {
        // Map by header name: swap two columns everywhere and use CRLF; the result must not change.
        QStringList lines = sampleCsv().split(u'\n');
        for (QString& l : lines) {
            if (l.startsWith(u'#') || l.isEmpty())
                continue;
            QStringList f = l.split(u',');
            f.swapItemsAt(0, 12);
            l = f.join(u',');
        }
        const auto bill = parseBillCsv(lines.join(u"\r\n"_s));
        QVERIFY2(bill, bill ? "" : qPrintable(bill.error().detail));
        QCOMPARE(bill->rows.size(), 10);
        QCOMPARE(bill->rows.at(0).transactionId, u"2019091622001458860515315453"_s);
        QCOMPARE(bill->rows.at(1).settledAmount.minorUnits(), -1);
    }

    void refusesInconsistentBills_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("trailer sum") << u"商家实收共0.06元"_s << u"商家实收共0.07元"_s;
        QTest::newRow("trailer count") << u"#交易合计：6笔"_s << u"#交易合计：5笔"_s;
        QTest::newRow("refund trailer") << u"商家实收退款共-0.04元"_s << u"商家实收退款共-0.03元"_s;
        QTest::newRow("no refund trailer") << u"#退款合计"_s << u"#退款小计"_s;
        QTest::newRow("row amount") << u"0.01,0.01,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,RPC"_s
                                    << u"0.01,0.02,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,RPC"_s;
        QTest::newRow("row amount one decimal")
            << u",0.01,0.01,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,下单"_s
            << u",0.01,0.1,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,0.00,0.00,下单"_s;
        QTest::newRow("unknown type") << u",交易\t,RPC"_s << u",冻结\t,RPC"_s;
        QTest::newRow("missing column") << u"商家实收（元）"_s << u"商家实收(元)"_s;
        QTest::newRow("short row") << u",0.00,0.00,下单测试\n2019091622001458860513822558"_s
                                   << u",0.00,下单测试\n2019091622001458860513822558"_s;
        QTest::newRow("bad time") << u"2019-09-16 10:55:23"_s << u"2019-09-16 10:55"_s;
    }
    void refusesInconsistentBills()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QString csv = sampleCsv();
        QVERIFY2(csv.contains(from), qPrintable(from));
        csv.replace(csv.indexOf(from), from.size(), to);
        const auto bill = parseBillCsv(csv);
        QVERIFY(!bill);
        QCOMPARE(bill.error().code, ErrorCode::MalformedInput);
    }

    void refusesBadZips()
    {
        QVERIFY(!parseBillZip("not a zip"_ba, QDate(2019, 9, 16)));
        // Only the summary file.
        auto onlySummary = writeBillZip({ { kSummaryName, "x"_ba } });
        QVERIFY(onlySummary);
        QCOMPARE(extractDetailCsv(*onlySummary).error().code, ErrorCode::MalformedInput);
        // Two detail files.
        auto two = writeBillZip({ { kDetailName, "a"_ba }, { u"x_业务明细.csv"_s, "b"_ba } });
        QVERIFY(two);
        QVERIFY(!extractDetailCsv(*two));
        // A flipped byte in the compressed data fails the CRC or inflate.
        QByteArray zip = billZip(sampleCsv());
        const qsizetype data = zip.indexOf(*encodeGbk(kDetailName)) + encodeGbk(kDetailName)->size() + 40;
        zip[data] = char(zip[data] ^ 0x55);
        QVERIFY(!parseBillZip(zip, QDate(2019, 9, 16)));
        // Detail file not GBK.
        auto notGbk = writeBillZip({ { kDetailName, "\xff\xff\xff"_ba } });
        QVERIFY(!parseBillZip(*notGbk, QDate(2019, 9, 16)));
    }
};

QTEST_GUILESS_MAIN(TestAlipayBill)
#include "tst_alipay_bill.moc"
