// Strict application/x-www-form-urlencoded decoding and the encoder the gateway requests use.

#include <cctype>
#include <optional>

#include <QTest>

#include "core/channels/alipay/AlipayNotification.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/GbkCodec.h"

using namespace paydesk;
using namespace paydesk::alipay;
using namespace Qt::StringLiterals;

class TestAlipayForm final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plus is space") << "a=1+2"_ba << u"a"_s << u"1 2"_s;
        QTest::newRow("escaped plus") << "a=1%2B2"_ba << u"a"_s << u"1+2"_s;
        QTest::newRow("lower hex") << "a=%e4%b8%ad"_ba << u"a"_s << u"中"_s;
        QTest::newRow("upper hex") << "a=%E4%B8%AD"_ba << u"a"_s << u"中"_s;
        QTest::newRow("raw utf8") << "a=\xe4\xb8\xad"_ba << u"a"_s << u"中"_s;
        QTest::newRow("escaped name") << "a%5Fb=1"_ba << u"a_b"_s << u"1"_s;
        QTest::newRow("empty value") << "a=&b=2"_ba << u"a"_s << QString();
        QTest::newRow("equals in value") << "a=x=y"_ba << u"a"_s << u"x=y"_s;
        QTest::newRow("escaped percent") << "a=100%25"_ba << u"a"_s << u"100%"_s;
        QTest::newRow("json value") << "a=%5B%7B%22k%22%3A%221%22%7D%5D"_ba << u"a"_s << uR"([{"k":"1"}])"_s;
    }
    void decodes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const auto m = decodeForm(body);
        QVERIFY2(m, m ? "" : qPrintable(m.error().detail));
        QVERIFY(m->contains(key));
        QCOMPARE(m->value(key), value);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated escape") << "a=%4"_ba;
        QTest::newRow("escape at end") << "a=%"_ba;
        QTest::newRow("non-hex escape") << "a=%G1"_ba;
        QTest::newRow("non-hex second digit") << "a=%1Z"_ba;
        QTest::newRow("duplicate key") << "a=1&a=1"_ba;
        QTest::newRow("duplicate key after decoding") << "a_b=1&a%5Fb=2"_ba;
        QTest::newRow("empty segment") << "a=1&&b=2"_ba;
        QTest::newRow("trailing ampersand") << "a=1&"_ba;
        QTest::newRow("leading ampersand") << "&a=1"_ba;
        QTest::newRow("no equals") << "a"_ba;
        QTest::newRow("empty name") << "=1"_ba;
        QTest::newRow("invalid utf8") << "a=%E4%B8"_ba;
        QTest::newRow("overlong utf8") << "a=%C0%AF"_ba;
    }
    void refuses()
    {
        QFETCH(QByteArray, body);
        const auto m = decodeForm(body);
        QVERIFY(!m);
        QCOMPARE(m.error().code, ErrorCode::MalformedInput);
        // The notification path decodes the form its own way (one buffer, sorted fields): the same refusals.
        InboundHttp request;
        request.method = "POST";
        request.body = body;
        const auto n = parseNotificationRequest(request, AlipayConfig());
        QVERIFY(!n);
        QCOMPARE(n.error().code, ErrorCode::MalformedInput);
    }

    // decodeFormFields against a byte-by-byte reference, with an escape, a '+' or a bad escape at every offset of
    // values of many lengths.
    void unescapesAtEveryOffset()
    {
        const auto reference = [](QByteArrayView raw) -> std::optional<QByteArray> {
            QByteArray out;
            for (qsizetype i = 0; i < raw.size(); ++i) {
                if (raw[i] == '+') {
                    out += ' ';
                } else if (raw[i] == '%') {
                    if (i + 2 >= raw.size() || !std::isxdigit(uchar(raw[i + 1])) || !std::isxdigit(uchar(raw[i + 2])))
                        return std::nullopt;
                    const int v = raw.sliced(i + 1, 2).toByteArray().toInt(nullptr, 16);
                    out += char(v);
                    i += 2;
                } else {
                    out += raw[i];
                }
            }
            return out;
        };
        for (const QByteArray& insert : { "%41"_ba, "+"_ba, "%e4%B8%ad"_ba, "%zz"_ba, "%4"_ba, "%"_ba, "%%"_ba }) {
            for (int length = 0; length < 40; ++length) {
                for (int at = 0; at <= length; ++at) {
                    QByteArray value;
                    for (int i = 0; i < length; ++i)
                        value += char('a' + i % 26);
                    value.insert(at, insert);
                    const QByteArray body = "n=" + value + "&m=x";
                    QByteArray buffer;
                    std::vector<FormField> fields;
                    const auto ok = decodeFormFields(body, buffer, fields);
                    const auto expected = reference(value);
                    QCOMPARE(bool(ok), expected.has_value());
                    if (!ok) {
                        QCOMPARE(ok.error().code, ErrorCode::MalformedInput);
                        continue;
                    }
                    QCOMPARE(fields.size(), size_t(2));
                    QCOMPARE(fields[0].name, QByteArrayView("n"));
                    QCOMPARE(fields[0].value, QByteArrayView(*expected));
                    QCOMPARE(fields[1].value, QByteArrayView("x"));
                }
            }
        }
    }

    void emptyBodyIsEmptyForm()
    {
        const auto m = decodeForm(QByteArray());
        QVERIFY(m);
        QVERIFY(m->isEmpty());
    }

    void charsets()
    {
        // 中 in GBK is D6 D0.
        const auto gbk = decodeForm("s=%D6%D0", "GBK");
        QVERIFY(gbk);
        QCOMPARE(gbk->value(u"s"_s), u"中"_s);
        QVERIFY(!decodeForm("s=%D6%D0", "utf-8"));
        QVERIFY(!decodeForm("s=1", "latin1"));
        QVERIFY(decodeForm("s=1", "UTF-8"));
    }

    void encodeRoundTrip()
    {
        const QList<QPair<QString, QString>> pairs { { u"biz_content"_s, uR"({"subject":"收款 & = + % / ~*"})"_s },
            { u"timestamp"_s, u"2024-01-02 10:00:00"_s },
            { u"a-b.c_d*"_s, u"x"_s } };
        const QByteArray enc = encodeForm(pairs);
        QVERIFY(enc.contains("timestamp=2024-01-02+10%3A00%3A00"));
        QVERIFY(enc.contains("a-b.c_d*=x"));
        QVERIFY(enc.contains("%7E*"));
        const auto back = decodeForm(enc);
        QVERIFY(back);
        QCOMPARE(back->size(), 3);
        for (const auto& [k, v] : pairs)
            QCOMPARE(back->value(k), v);
    }
};

QTEST_GUILESS_MAIN(TestAlipayForm)
#include "tst_alipay_form.moc"
