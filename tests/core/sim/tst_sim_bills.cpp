// Bills: the WeChat ALL trade bill's bytes (BOM, CRLF, backticks, summary = rows, SHA-1, gzip) and the Alipay GBK
// zip (entry names, GBK content, layout of the published sample), with injected reconciliation differences.
#include <QTest>

#include "core/crypto/Hash.h"
#include "core/money/Money.h"
#include "core/sim/BillMaker.h"

#include "SimTestSupport.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;
using namespace paydesk::simtest;

class TestSimBills final : public QObject
{
    Q_OBJECT

private:
    static QString today(SimFixture& f)
    {
        return QDateTime::fromMSecsSinceEpoch(f.clock.nowMSecs(), QTimeZone(8 * 3600)).date().toString(u"yyyy-MM-dd"_s);
    }
    static void paidWeChat(SimFixture& f, const QString& no, qint64 fen)
    {
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(no, fen)).status, 200);
        QVERIFY(f.server->pay(no).has_value());
    }
    static qint64 fenOf(const QString& yuanText) { return Money::parseSigned(yuanText).value().minorUnits(); }

private Q_SLOTS:
    void wechatTradeBill()
    {
        SimFixture f;
        paidWeChat(f, u"BILL_W_0001"_s, 100);
        paidWeChat(f, u"BILL_W_0002"_s, 2345);
        paidWeChat(f, u"BILL_W_0003"_s, 1);
        QCOMPARE(f.wechat("POST", u"/v3/pay/transactions/native"_s, f.prepayBody(u"BILL_W_0004"_s, 9)).status, 200);
        QCOMPARE(f.wechat("POST",
                      u"/v3/refund/domestic/refunds"_s,
                      "{\"out_trade_no\":\"BILL_W_0002\",\"out_refund_no\":\"BR1\",\"amount\":{\"refund\":345,"
                      "\"total\":2345,\"currency\":\"CNY\"}}")
                     .status,
            200);
        QTRY_COMPARE(f.server->refunds().first().state, RefundState::Success);

        auto r = f.wechat("GET", u"/v3/bill/tradebill?bill_date="_s + today(f) + u"&bill_type=ALL"_s);
        QCOMPARE(r.status, 200);
        QVERIFY(f.wechatSigned(r));
        const QJsonObject meta = r.json();
        QCOMPARE(meta.value(u"hash_type"_s).toString(), u"SHA1"_s);
        const QUrl url(meta.value(u"download_url"_s).toString());
        QVERIFY(url.toString().startsWith(f.server->baseUrl() + u"/v3/billdownload/file?token="_s));
        r = f.wechat("GET", url.path() + u'?' + url.query(QUrl::FullyEncoded));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Wechatpay-Signature").isEmpty()); // the file is not signed
        const QByteArray file = r.body;
        QCOMPARE(QString::fromLatin1(crypto::sha1(file).toHex()), meta.value(u"hash_value"_s).toString());

        QVERIFY(file.startsWith("\xEF\xBB\xBF"));
        QVERIFY(file.endsWith("\r\n"));
        QCOMPARE(file.count("\r\n"), file.count('\n')); // no bare LF
        const QList<QByteArray> lines = file.mid(3).chopped(2).split('\n');
        const QByteArray vectorFile = vector(u"wechatpay/tradebill-ALL.csv"_s);
        const QList<QByteArray> vectorLines = vectorFile.mid(3).chopped(2).split('\n');
        QCOMPARE(lines.first(), vectorLines.first()); // detail header, byte for byte
        QCOMPARE(lines.at(lines.size() - 2), vectorLines.at(vectorLines.size() - 2)); // summary header
        QCOMPARE(lines.size(), 1 + 4 + 2); // three payments and one refund
        qint64 settled = 0, refunded = 0, orderTotal = 0, requested = 0;
        QStringList states;
        for (int i = 1; i < lines.size() - 2; ++i) {
            const QString line = QString::fromUtf8(lines.at(i).chopped(1)); // drop \r
            QVERIFY(line.startsWith(u'`'));
            const QStringList c = line.mid(1).split(u",`"_s);
            QCOMPARE(c.size(), 27);
            QCOMPARE(c.at(2), kMchid);
            QCOMPARE(c.at(8), u"NATIVE"_s);
            states << c.at(9);
            settled += fenOf(c.at(12));
            refunded += fenOf(c.at(16));
            orderTotal += fenOf(c.at(24));
            requested += fenOf(c.at(25));
            QVERIFY(c.at(22).contains(u'.') && c.at(22).section(u'.', 1).size() == 5); // fee: 5 decimals
        }
        QCOMPARE(states.count(u"SUCCESS"_s), 3);
        QCOMPARE(states.count(u"REFUND"_s), 1);
        QCOMPARE(settled, 2446);
        QCOMPARE(refunded, 345);
        const QStringList summary = QString::fromUtf8(lines.last()).mid(1).split(u",`"_s);
        QCOMPARE(summary.size(), 7);
        QCOMPARE(summary.at(0), u"4.0"_s);
        QCOMPARE(fenOf(summary.at(1)), settled);
        QCOMPARE(fenOf(summary.at(2)), refunded);
        QCOMPARE(summary.at(3), u"0.0"_s);
        QCOMPARE(fenOf(summary.at(5)), orderTotal);
        QCOMPARE(fenOf(summary.at(6)), requested);
        QCOMPARE(summary.at(1), u"24.46"_s);
        QCOMPARE(summary.at(2), u"3.45"_s);

        // GZIP: the download is compressed, the hash is of the uncompressed file.
        r = f.wechat("GET", u"/v3/bill/tradebill?bill_date="_s + today(f) + u"&bill_type=ALL&tar_type=GZIP"_s);
        const QUrl gzUrl(r.json().value(u"download_url"_s).toString());
        QVERIFY(gzUrl.query().contains(u"tartype=gzip"_s));
        QCOMPARE(r.json().value(u"hash_value"_s).toString(), meta.value(u"hash_value"_s).toString());
        r = f.wechat("GET", gzUrl.path() + u'?' + gzUrl.query(QUrl::FullyEncoded));
        QVERIFY(r.body.startsWith("\x1f\x8b"));
        QCOMPARE(BillMaker::gunzip(r.body).value(), file);

        // Errors: a bad date, a future date, an unknown token.
        QCOMPARE(f.wechat("GET", u"/v3/bill/tradebill?bill_date=2024-13-01"_s).json().value(u"code"_s).toString(),
            u"PARAM_ERROR"_s);
        QCOMPARE(f.wechat("GET", u"/v3/bill/tradebill?bill_date=2999-01-01"_s).json().value(u"code"_s).toString(),
            u"NO_STATEMENT_EXIST"_s);
        QCOMPARE(f.wechat("GET", u"/v3/billdownload/file?token=nope"_s).status, 400);
    }

    void wechatDifferences()
    {
        SimFixture f;
        paidWeChat(f, u"BILL_D_0001"_s, 100);
        paidWeChat(f, u"BILL_D_0002"_s, 200);
        f.server->addBillDifference({ BillDifference::Kind::MissingOrder, u"BILL_D_0001"_s, 0 });
        f.server->addBillDifference({ BillDifference::Kind::ChangedAmount, u"BILL_D_0002"_s, 201 });
        f.server->addBillDifference({ BillDifference::Kind::ChannelOnlyOrder, u"BILL_D_EXTRA"_s, 50 });
        auto r = f.wechat("GET", u"/v3/bill/tradebill?bill_date="_s + today(f));
        const QUrl url(r.json().value(u"download_url"_s).toString());
        const QString file = QString::fromUtf8(f.wechat("GET", url.path() + u'?' + url.query(QUrl::FullyEncoded)).body);
        QVERIFY(!file.contains(u"BILL_D_0001"_s));
        QVERIFY(file.contains(u"`BILL_D_0002,"_s));
        QVERIFY(file.contains(u"`2.01,"_s));
        QVERIFY(file.contains(u"`BILL_D_EXTRA,"_s));
        QVERIFY(file.contains(u"`2.0,`2.51,`0.0,`0.0,"_s)); // 2 rows, 2.51 settled
    }

    void alipayBillZip()
    {
        SimFixture f;
        const QString pre = u"alipay.trade.precreate"_s;
        for (const auto& [no, amount] :
            { std::pair { u"BILL_A_01"_s, u"0.01"_s }, std::pair { u"BILL_A_02"_s, u"12.30"_s } }) {
            QCOMPARE(f.alipay(pre,
                          { { u"out_trade_no"_s, no }, { u"total_amount"_s, amount }, { u"subject"_s, u"下单测试"_s } })
                         .status,
                200);
            QVERIFY(f.server->pay(no).has_value());
        }
        QCOMPARE(f.alipay(u"alipay.trade.refund"_s,
                      { { u"out_trade_no"_s, u"BILL_A_02"_s },
                          { u"refund_amount"_s, u"0.30"_s },
                          { u"out_request_no"_s, u"re_1"_s } })
                     .status,
            200);
        const QString m = u"alipay.data.dataservice.bill.downloadurl.query"_s;
        bool ok = false;
        const QJsonObject o =
            f.alipayInner(f.alipay(m, { { u"bill_type"_s, u"trade"_s }, { u"bill_date"_s, today(f) } }), m, &ok);
        QVERIFY(ok);
        QCOMPARE(o.value(u"code"_s).toString(), u"10000"_s);
        const auto r = http(f.nam, "GET", o.value(u"bill_download_url"_s).toString(), {}, {});
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.startsWith("PK\x03\x04"));
        // No entry carries the UTF-8 flag (general purpose bit 11).
        QCOMPARE(quint8(r.body.at(7)) & 0x08, 0);
        const auto entries = BillMaker::readZip(r.body);
        QVERIFY(entries.has_value());
        QCOMPARE(entries->size(), 2);
        const QString date = today(f).remove(u'-');
        QCOMPARE(BillMaker::fromGbk(entries->at(0).first).value(), kAlipayPid + u'_' + date + u"_业务明细.csv"_s);
        QCOMPARE(BillMaker::fromGbk(entries->at(1).first).value(), kAlipayPid + u'_' + date + u"_业务明细(汇总).csv"_s);
        QVERIFY(entries->at(0).first != (kAlipayPid + u'_' + date + u"_业务明细.csv"_s).toUtf8()); // really GBK
        const QString detail = BillMaker::fromGbk(entries->at(0).second).value();
        const QStringList lines = detail.split(u'\n', Qt::SkipEmptyParts);
        const QStringList sample =
            QString::fromUtf8(vector(u"alipay/bill-trade-detail-sample.utf8.csv"_s)).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.at(0), sample.at(0));
        QCOMPARE(lines.at(3), sample.at(3));
        QCOMPARE(lines.at(4), sample.at(4)); // the column header
        QCOMPARE(lines.at(lines.size() - 4), sample.at(sample.size() - 4));
        QCOMPARE(lines.size(), 5 + 3 + 4);
        const QStringList row = lines.at(5).split(u',');
        QCOMPARE(row.size(), 25);
        QVERIFY(row.at(0).endsWith(u'\t'));
        QCOMPARE(row.at(2), u"交易\t"_s);
        QVERIFY(detail.contains(u"退款\t"_s));
        QVERIFY(detail.contains(u",-0.30,-0.30,"_s));
        QVERIFY(detail.contains(u",re_1\t,"_s));
        QVERIFY(detail.contains(u"#交易合计：2笔，商家实收共12.31元，商家优惠共0.00元"_s));
        QVERIFY(detail.contains(u"#退款合计：1笔，商家实收退款共-0.30元，商家优惠退款共0.00元"_s));
        const QString summaryFile = BillMaker::fromGbk(entries->at(1).second).value();
        QVERIFY(summaryFile.contains(u"合计,,2,1,12.01,"_s));
    }

    void zipAndGbkPrimitives()
    {
        const QByteArray name = BillMaker::toGbk(u"业务明细.csv"_s).value();
        QCOMPARE(name.size(), 12); // 4 characters x 2 bytes + ".csv"
        const auto zip = BillMaker::makeZip({ { name, QByteArray(5000, 'x') }, { QByteArray("b"), QByteArray() } },
            QDateTime(QDate(2019, 9, 17), QTime(5, 46, 49)));
        QVERIFY(zip.has_value());
        const auto back = BillMaker::readZip(*zip);
        QVERIFY(back.has_value());
        QCOMPARE(back->at(0).first, name);
        QCOMPARE(back->at(0).second, QByteArray(5000, 'x'));
        QCOMPARE(back->at(1).second, QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestSimBills)
#include "tst_sim_bills.moc"
