#include "core/channels/alipay/AlipayAmount.h"

#include "core/util/TimeText.h"

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
        return fail(
            ErrorCode::InvalidAmount, u"'"_s + text.toString() + u"': Alipay amounts have exactly two decimals"_s);
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
    // Exactly "dddd-dd-dd dd:dd:dd" with an optional ".ddd" (readDigits, readDateTime19). Refund notifications carry
    // milliseconds (gmt_refund "2021-07-14 09:51:36.631"); any other fraction length is not something Alipay sends,
    // so it is refused like any other malformed time.
    const auto bad = [&] {
        return fail(
            ErrorCode::MalformedInput, u"not a 'yyyy-MM-dd HH:mm:ss[.SSS]' time: '"_s + text.toString() + u"'"_s);
    };
    if (text.size() != 19 && text.size() != 23)
        return bad();
    const std::optional<QDateTime> fields = readDateTime19(text, u' ');
    const int msecs = text.size() == 23 ? (text[19] == u'.' ? readDigits(text, 20, 3) : -1) : 0;
    if (!fields || msecs < 0 || fields->date().year() < 1970)
        return bad();
    return fields->addMSecs(msecs).addSecs(-kChinaOffsetSecs);
}

QString formatChinaTime(const QDateTime& utc)
{
    return utc.toOffsetFromUtc(kChinaOffsetSecs).toString(kTimeFormat);
}

} // namespace paydesk::alipay
