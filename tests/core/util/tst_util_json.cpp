#include <QTest>

#include "core/util/Base64.h"
#include "core/util/JsonReader.h"
#include "core/util/Utf8.h"

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

// {"n0":0,"n1":1,...} with `count` names, then `extra` as one more member when given.
QByteArray manyNames(int count, const QByteArray& extra)
{
    QByteArray text = "{";
    for (int i = 0; i < count; ++i)
        text += (i ? "," : "") + QByteArray("\"n") + QByteArray::number(i) + "\":" + QByteArray::number(i);
    if (!extra.isEmpty())
        text += "," + extra;
    return text + "}";
}

} // namespace

class TestUtilJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsValues()
    {
        // Written out with escapes rather than as a raw string literal, which moc 6.4 does not parse.
        const QByteArray text =
            " {\"s\":\"a\\\"b\\\\c\\/\\u00e9\\ud83d\\ude00\",\"n\":-42,\"f\":1.5,\"e\":1e3,"
            "\"t\":true,\"z\":null,\n\t\"o\":{\"k\":[1,{\"x\":\"y\"},[]],\"\xe4\xb8\xad\":\"\xe6\x96\x87\"}, "
            "\"big\":9223372036854775807, \"over\":9223372036854775808} ";
        auto doc = json::Document::parseObject(text, u"test");
        QVERIFY2(doc, doc ? "" : qPrintable(doc.error().detail));
        const json::Value root = doc->root();
        QCOMPARE(root.member("s"_L1).toString(), u"a\"b\\c/é\U0001F600"_s);
        QCOMPARE(root.member("n"_L1).toInteger(), std::optional<qint64>(-42));
        QVERIFY(!root.member("f"_L1).toInteger());
        QVERIFY(!root.member("e"_L1).toInteger());
        QVERIFY(root.member("f"_L1).isNumber());
        QCOMPARE(root.member("t"_L1).type(), json::Value::Type::Bool);
        QVERIFY(root.member("z"_L1).isNull());
        QVERIFY(root.member("missing"_L1).isUndefined());
        QVERIFY(root.member("s"_L1).member("x"_L1).isUndefined());
        QCOMPARE(root.member("o"_L1).member("k"_L1).type(), json::Value::Type::Array);
        QCOMPARE(root.member("big"_L1).toInteger(), std::optional<qint64>(std::numeric_limits<qint64>::max()));
        QVERIFY(!root.member("over"_L1).toInteger());
        QVERIFY(root.member("o"_L1).isObject());
        QByteArray storage;
        QCOMPARE(root.member("s"_L1).utf8(storage), QByteArrayView(u"a\"b\\c/é\U0001F600"_s.toUtf8()));
        QVERIFY(root.member("n"_L1).toString().isEmpty());
        QVERIFY(root.member("s"_L1).equals("a\"b\\c/\xc3\xa9\xf0\x9f\x98\x80"_L1));
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("array root") << QByteArray("[1]");
        QTest::newRow("string root") << QByteArray("\"a\"");
        QTest::newRow("unterminated object") << QByteArray("{\"a\":1");
        QTest::newRow("trailing comma") << QByteArray("{\"a\":1,}");
        QTest::newRow("trailing data") << QByteArray("{\"a\":1} x");
        QTest::newRow("two objects") << QByteArray("{}{}");
        QTest::newRow("single quotes") << QByteArray("{'a':1}");
        QTest::newRow("bare name") << QByteArray("{a:1}");
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1}");
        QTest::newRow("leading zero") << QByteArray("{\"a\":01}");
        QTest::newRow("plus sign") << QByteArray("{\"a\":+1}");
        QTest::newRow("bare fraction") << QByteArray("{\"a\":.5}");
        QTest::newRow("empty fraction") << QByteArray("{\"a\":1.}");
        QTest::newRow("empty exponent") << QByteArray("{\"a\":1e}");
        QTest::newRow("NaN") << QByteArray("{\"a\":NaN}");
        QTest::newRow("bad literal") << QByteArray("{\"a\":tru}");
        QTest::newRow("control char") << QByteArray("{\"a\":\"x\ny\"}");
        QTest::newRow("bad escape") << QByteArray("{\"a\":\"\\x\"}");
        QTest::newRow("short unicode escape") << QByteArray("{\"a\":\"\\u12\"}");
        QTest::newRow("lone high surrogate") << QByteArray("{\"a\":\"\\ud83d\"}");
        QTest::newRow("lone low surrogate") << QByteArray("{\"a\":\"\\ude00\"}");
        QTest::newRow("invalid utf-8") << QByteArray("{\"a\":\"\xff\"}");
        QTest::newRow("overlong utf-8") << QByteArray("{\"a\":\"\xc0\xaf\"}");
        QTest::newRow("utf-8 surrogate") << QByteArray("{\"a\":\"\xed\xa0\x80\"}");
        QTest::newRow("truncated utf-8") << QByteArray("{\"a\":\"\xe4\xb8\"}");
        QTest::newRow("duplicate name") << QByteArray("{\"a\":1,\"b\":2,\"a\":3}");
        QTest::newRow("duplicate name, escaped") << QByteArray("{\"a\":1,\"\\u0061\":3}");
        QTest::newRow("duplicate nested") << QByteArray("{\"o\":{\"k\":1,\"k\":1}}");
        QTest::newRow("duplicate name, escaped first") << QByteArray("{\"\\u0061\":1,\"b\":2,\"a\":3}");
        QTest::newRow("duplicate empty name") << QByteArray("{\"\":1,\"\":2}");
        QTest::newRow("duplicate after 200 names") << manyNames(200, "\"n7\":0");
        QTest::newRow("unterminated string") << QByteArray("{\"a\":\"abc");
        QTest::newRow("too deep") << (QByteArray("{\"a\":") + QByteArray(70, '[') + QByteArray(70, ']') + "}");
        QTest::newRow("nul byte") << QByteArray("{\"a\":1}\0", 8);
    }
    void refusesMalformed()
    {
        QFETCH(QByteArray, text);
        auto doc = json::Document::parseObject(text, u"test");
        QVERIFY(!doc);
        QCOMPARE(doc.error().code, ErrorCode::MalformedInput);
        QVERIFY(doc.error().detail.startsWith(u"test is not a valid JSON object"_s));
    }

    void acceptsSameNamesInDifferentObjects()
    {
        // Names alike in length and first and last bytes are still different names.
        QVERIFY(json::Document::parseObject("{\"axb\":1,\"ayb\":2,\"azb\":3,\"a\\u0062\":4}", u"test"));
        const auto many = json::Document::parseObject(manyNames(500, {}), u"test");
        QVERIFY(many);
        QCOMPARE(many->root().member("n499"_L1).toInteger(), 499);
        QVERIFY(json::Document::parseObject("{\"a\":{\"a\":1},\"b\":{\"a\":2}}", u"test"));
        QVERIFY(json::Document::parseObject("{\"a\":1,\"ab\":2,\"b\":3}", u"test"));
    }

    void base64Strict_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << QByteArray("aGVsbG8h") << true;
        QTest::newRow("one pad") << QByteArray("aGVsbG8=") << true;
        QTest::newRow("two pads") << QByteArray("aGVsbA==") << true;
        QTest::newRow("plus slash") << QByteArray("+/+/") << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("missing padding") << QByteArray("aGVsbG8") << false;
        QTest::newRow("padding inside") << QByteArray("aG=sbG8=") << false;
        QTest::newRow("three pads") << QByteArray("aG===") << false;
        QTest::newRow("pad-only block") << QByteArray("====") << false;
        QTest::newRow("url alphabet") << QByteArray("-_-_") << false;
        QTest::newRow("whitespace") << QByteArray("aGVs bG8h") << false;
        QTest::newRow("newline") << QByteArray("aGVsbG8h\n") << false;
        QTest::newRow("non-canonical one pad") << QByteArray("aGVsbG9=") << false;
        QTest::newRow("non-canonical two pads") << QByteArray("aGVsbB==") << false;
        QTest::newRow("high byte") << QByteArray("aGV\xc3") << false;
    }
    void base64Strict()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        const auto decoded = decodeBase64Strict(text);
        QCOMPARE(decoded.has_value(), ok);
        if (ok)
            QCOMPARE(decoded->toBase64(), text);
        // The same through decodeBase64StrictInto, with exactly enough room, and refused with one byte less.
        char out[64];
        const qsizetype exact = ok ? decoded->size() : qsizetype(sizeof out);
        const qsizetype n = decodeBase64StrictInto(text, out, exact);
        QCOMPARE(n >= 0, ok);
        if (ok) {
            QCOMPARE(QByteArrayView(out, n), QByteArrayView(*decoded));
            QCOMPARE(decodeBase64StrictInto(text, out, exact - 1), -1);
        }
    }

    void utf8_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("ok");
        QTest::newRow("empty") << QByteArray() << true;
        QTest::newRow("ascii, long") << QByteArray(40, 'a') << true;
        QTest::newRow("chinese after ascii") << QByteArray("abcdefghij\xe6\x94\xaf\xe4\xbb\x98\xe5\xae\x9d") << true;
        QTest::newRow("4-byte") << QByteArray("\xf0\x9f\x98\x80") << true;
        QTest::newRow("max") << QByteArray("\xf4\x8f\xbf\xbf") << true;
        QTest::newRow("lone continuation") << QByteArray("abcdefgh\x80") << false;
        QTest::newRow("overlong 2") << QByteArray("\xc1\xbf") << false;
        QTest::newRow("overlong 3") << QByteArray("\xe0\x9f\xbf") << false;
        QTest::newRow("overlong 4") << QByteArray("\xf0\x8f\xbf\xbf") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xb0\x80") << false;
        QTest::newRow("above max") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("truncated at end") << QByteArray("abcdefghijk\xe6\x94") << false;
        QTest::newRow("ff") << QByteArray("\xff") << false;
    }
    void utf8()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, ok);
        QCOMPARE(isValidUtf8(bytes), ok);
    }

    // A special byte at every offset of strings of many lengths is found exactly where it is: refused when it must
    // be, and kept in place when it is allowed.
    void specialBytesAtEveryOffset()
    {
        for (int length = 1; length < 70; ++length) {
            for (int at = 0; at < length; ++at) {
                const auto text = [&](QByteArrayView special) -> QByteArray {
                    QByteArray s(length, 'a');
                    s.replace(at, 1, special.toByteArray());
                    return QByteArray("{\"k\":\"") + s + QByteArray("\",\"z\":1}");
                };
                const auto parse = [](const QByteArray& t) {
                    return json::Document::parseObject(t, u"test");
                };
                QVERIFY2(!parse(text("\x01")), "control character");
                QVERIFY2(!parse(text("\x1f")), "control character");
                QVERIFY2(!parse(text("\x80")), "lone continuation byte");
                QVERIFY2(!parse(text("\xff")), "invalid byte");
                QVERIFY2(!parse(text("\\q")), "bad escape");
                QVERIFY2(!parse(text("\"")), "early end of string");
                auto escaped = parse(text("\\n"));
                QVERIFY(escaped);
                QCOMPARE(escaped->root().member("k"_L1).toUtf8().indexOf('\n'), at);
                auto chinese = parse(text("\xe4\xb8\xad"));
                QVERIFY(chinese);
                QCOMPARE(chinese->root().member("k"_L1).toString().size(), length);
                QCOMPARE(chinese->root().member("z"_L1).toInteger(), std::optional<qint64>(1));
                auto plain = parse(text("\x7f"));
                QVERIFY(plain);
                QCOMPARE(plain->root().member("k"_L1).toUtf8().indexOf('\x7f'), at);
            }
        }
    }

    // Every byte value at every position of a 96-character text: refused exactly when it is not in the alphabet,
    // otherwise decoded as Qt decodes it.
    void base64EveryByteEverywhere()
    {
        const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        QByteArray data;
        for (int i = 0; i < 72; ++i)
            data += char(i * 53 + 7);
        const QByteArray text = data.toBase64();
        QCOMPARE(text.size(), 96);
        for (int at = 0; at < text.size(); ++at) {
            for (int b = 0; b < 256; ++b) {
                QByteArray t = text;
                t[at] = char(b);
                const auto decoded = decodeBase64Strict(t);
                const bool ok = alphabet.contains(char(b));
                if (decoded.has_value() != ok)
                    QFAIL(qPrintable(u"byte %1 at %2"_s.arg(b).arg(at)));
                if (ok && *decoded != QByteArray::fromBase64(t))
                    QFAIL(qPrintable(u"byte %1 at %2 decoded differently"_s.arg(b).arg(at)));
            }
        }
    }

    void base64RoundTrip()
    {
        QByteArray data;
        for (int n = 0; n < 200; ++n) {
            data += char(n * 37);
            QCOMPARE(decodeBase64Strict(data.toBase64()).value_or("x"), data);
        }
    }
};

QTEST_GUILESS_MAIN(TestUtilJson)
#include "tst_util_json.moc"
