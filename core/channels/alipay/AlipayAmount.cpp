#include "core/channels/alipay/AlipayAmount.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

constexpr int kChinaOffsetSecs = 8 * 3600;
const auto kTimeFormat = u"yyyy-MM-dd HH:mm:ss"_s;

} // namespace

Result<Money> parseYuan(QStringView text)
{
    // Money::parse is already strict about signs, spaces, exponents and leading zeros; what it allows and Alipay
    // never sends is a missing or short fraction ("7", "0.1").
    const qsizetype dot = text.indexOf(u'.');
    if (dot < 0 || text.size() - dot - 1 != 2)
        return fail(ErrorCode::InvalidAmount, u"'"_s + text.toString() + u"': Alipay amounts have exactly two decimals"_s);
    return Money::parse(text, Currency::cny());
}

Result<Money> parseYuanSigned(QStringView text)
{
    if (text.startsWith(u'-')) {
        auto m = parseYuan(text.mid(1));
        if (!m)
            return m;
        return m->negated();
    }
    return parseYuan(text);
}

QString formatYuan(const Money& amount)
{
    Q_ASSERT(amount.currency() == Currency::cny());
    return amount.toDecimalString();
}

Result<QDateTime> parseChinaTime(QStringView text)
{
    // Parsed by hand: exactly "dddd-dd-dd dd:dd:dd" with an optional ".ddd". QDateTime::fromString with a format
    // goes through local time and a format parser on every call, which made it the costliest step of verifying a
    // notification. Refund notifications carry milliseconds (gmt_refund "2021-07-14 09:51:36.631"); any other
    // fraction length is not something Alipay sends, so it is refused like any other malformed time.
    const auto bad = [&] {
        return fail(ErrorCode::MalformedInput,
                    u"not a 'yyyy-MM-dd HH:mm:ss[.SSS]' time: '"_s + text.toString() + u"'"_s);
    };
    if (text.size() != 19 && text.size() != 23)
        return bad();
    int v[7] = {};
    const int starts[7] = {0, 5, 8, 11, 14, 17, 20};
    const int lengths[7] = {4, 2, 2, 2, 2, 2, 3};
    const int fields = text.size() == 23 ? 7 : 6;
    for (int f = 0; f < fields; ++f) {
        for (int i = 0; i < lengths[f]; ++i) {
            const QChar c = text[starts[f] + i];
            if (c < u'0' || c > u'9')
                return bad();
            v[f] = v[f] * 10 + (c.unicode() - u'0');
        }
    }
    if (text[4] != u'-' || text[7] != u'-' || text[10] != u' ' || text[13] != u':' || text[16] != u':')
        return bad();
    if (fields == 7 && text[19] != u'.')
        return bad();
    const QDate date(v[0], v[1], v[2]);
    const QTime time(v[3], v[4], v[5], v[6]);
    if (!date.isValid() || !time.isValid() || date.year() < 1970)
        return bad();
    return QDateTime(date, time, Qt::UTC).addSecs(-kChinaOffsetSecs);
}

QString formatChinaTime(const QDateTime& utc)
{
    return utc.toOffsetFromUtc(kChinaOffsetSecs).toString(kTimeFormat);
}

} // namespace paydesk::alipay
