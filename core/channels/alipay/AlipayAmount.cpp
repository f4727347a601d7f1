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
    const QString s = text.toString();
    const QDateTime local = QDateTime::fromString(s, kTimeFormat);
    if (!local.isValid())
        return fail(ErrorCode::MalformedInput, u"not a 'yyyy-MM-dd HH:mm:ss' time: '"_s + s + u"'"_s);
    // fromString is lenient about some things (e.g. single-digit fields); only an exact round-trip is accepted.
    if (local.toString(kTimeFormat) != s)
        return fail(ErrorCode::MalformedInput, u"not a canonical 'yyyy-MM-dd HH:mm:ss' time: '"_s + s + u"'"_s);
    const QDateTime china(local.date(), local.time(), Qt::OffsetFromUTC, kChinaOffsetSecs);
    return china.toUTC();
}

QString formatChinaTime(const QDateTime& utc)
{
    return utc.toOffsetFromUtc(kChinaOffsetSecs).toString(kTimeFormat);
}

} // namespace paydesk::alipay
