#include "core/money/Money.h"

#include <array>
#include <limits>

namespace paydesk {

namespace {

struct KnownCurrency
{
    const char* code;
    int digits;
};

// The currencies a Chinese merchant console meets: both channels settle in CNY; cross-border wallets may show
// the others. Unknown codes are refused rather than guessed.
constexpr std::array<KnownCurrency, 9> kKnown { { { "CNY", 2 },
    { "HKD", 2 },
    { "MOP", 2 },
    { "TWD", 2 },
    { "USD", 2 },
    { "EUR", 2 },
    { "GBP", 2 },
    { "JPY", 0 },
    { "KRW", 0 } } };

qint64 pow10(int n)
{
    qint64 v = 1;
    for (int i = 0; i < n; ++i)
        v *= 10;
    return v;
}

} // namespace

Currency::Currency()
    : Currency("CNY", 2)
{
}

Currency::Currency(const char* code, int digits)
    : m_code { code[0], code[1], code[2] }
    , m_digits(digits)
{
}

Result<Currency> Currency::fromCode(QStringView code)
{
    if (code.size() == 3) {
        for (const auto& k : kKnown) {
            if (code == QLatin1StringView(k.code, 3))
                return Currency(k.code, k.digits);
        }
    }
    return fail(ErrorCode::InvalidArgument, u"unknown currency code '" + code.toString() + u"'");
}

Result<Money> Money::parse(QStringView text, Currency currency)
{
    const auto bad = [&](QStringView why) {
        return fail(ErrorCode::InvalidAmount, u"'" + text.toString() + u"': " + why.toString());
    };
    if (text.isEmpty())
        return bad(u"empty");
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.left(dot);
    const QStringView frac = dot < 0 ? QStringView() : text.mid(dot + 1);
    if (whole.isEmpty())
        return bad(u"no digits before the decimal point");
    if (dot >= 0 && frac.isEmpty())
        return bad(u"no digits after the decimal point");
    if (frac.size() > currency.minorDigits())
        return bad(u"more fraction digits than the currency has");
    if (whole.size() > 1 && whole.front() == u'0')
        return bad(u"leading zero");
    qint64 units = 0;
    for (const QChar c : whole) {
        if (c < u'0' || c > u'9')
            return bad(u"not a plain decimal number");
        if (__builtin_mul_overflow(units, qint64(10), &units)
            || __builtin_add_overflow(units, qint64(c.unicode() - u'0'), &units))
            return fail(ErrorCode::Overflow, u"'" + text.toString() + u"' is too large");
    }
    qint64 minor = 0;
    for (int i = 0; i < currency.minorDigits(); ++i) {
        const QChar c = i < frac.size() ? frac[i] : QChar(u'0');
        if (c < u'0' || c > u'9')
            return bad(u"not a plain decimal number");
        minor = minor * 10 + (c.unicode() - u'0');
    }
    qint64 total = 0;
    if (__builtin_mul_overflow(units, pow10(currency.minorDigits()), &total)
        || __builtin_add_overflow(total, minor, &total))
        return fail(ErrorCode::Overflow, u"'" + text.toString() + u"' is too large");
    return Money(total, currency);
}

Result<Money> Money::parseSigned(QStringView text, Currency currency)
{
    if (text.startsWith(u'-')) {
        auto m = parse(text.mid(1), currency);
        if (!m)
            return m;
        return m->negated();
    }
    return parse(text, currency);
}

QString Money::toDecimalString() const
{
    const int digits = m_currency.minorDigits();
    // Work in unsigned so that INT64_MIN formats without overflow.
    const bool negative = m_minor < 0;
    const quint64 mag = negative ? quint64(0) - quint64(m_minor) : quint64(m_minor);
    const quint64 scale = quint64(pow10(digits));
    QString out = QString::number(mag / scale);
    if (digits > 0)
        out += u'.' + QString::number(mag % scale).rightJustified(digits, u'0');
    return negative ? u'-' + out : out;
}

Result<Money> Money::plus(const Money& other) const
{
    if (!(other.m_currency == m_currency))
        return fail(ErrorCode::CurrencyMismatch, m_currency.code() + u" vs " + other.m_currency.code());
    qint64 sum = 0;
    if (__builtin_add_overflow(m_minor, other.m_minor, &sum))
        return fail(ErrorCode::Overflow, QStringLiteral("sum overflows"));
    return Money(sum, m_currency);
}

Result<Money> Money::minus(const Money& other) const
{
    if (!(other.m_currency == m_currency))
        return fail(ErrorCode::CurrencyMismatch, m_currency.code() + u" vs " + other.m_currency.code());
    qint64 diff = 0;
    if (__builtin_sub_overflow(m_minor, other.m_minor, &diff))
        return fail(ErrorCode::Overflow, QStringLiteral("difference overflows"));
    return Money(diff, m_currency);
}

Result<Money> Money::times(qint64 factor) const
{
    qint64 product = 0;
    if (__builtin_mul_overflow(m_minor, factor, &product))
        return fail(ErrorCode::Overflow, QStringLiteral("product overflows"));
    return Money(product, m_currency);
}

Result<Money> Money::negated() const
{
    if (m_minor == std::numeric_limits<qint64>::min())
        return fail(ErrorCode::Overflow, QStringLiteral("negation overflows"));
    return Money(-m_minor, m_currency);
}

} // namespace paydesk
