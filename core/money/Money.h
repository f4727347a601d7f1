#pragma once

#include <compare>

#include <QString>
#include <QStringView>

#include "core/util/Result.h"

namespace paydesk {

/// An ISO 4217 currency PayDesk knows, with the number of minor-unit digits it uses.
class Currency final
{
public:
    /// CNY, the currency of both channels.
    Currency();
    /// Known codes only (CNY, HKD, USD, EUR, JPY, ...); anything else is InvalidArgument.
    [[nodiscard]] static Result<Currency> fromCode(QStringView code);
    [[nodiscard]] static Currency cny() { return Currency(); }

    [[nodiscard]] QString code() const { return QString::fromLatin1(m_code, 3); }
    [[nodiscard]] int minorDigits() const { return m_digits; }
    friend bool operator==(const Currency& a, const Currency& b)
    {
        return a.m_code[0] == b.m_code[0] && a.m_code[1] == b.m_code[1] && a.m_code[2] == b.m_code[2];
    }

private:
    Currency(const char* code, int digits);
    char m_code[3];
    int m_digits;
};

/// An exact amount of money: int64 minor units (fen for CNY) and a currency. Never a floating point number.
class Money final
{
public:
    Money() = default;
    Money(qint64 minor, Currency currency)
        : m_minor(minor)
        , m_currency(currency)
    {
    }
    [[nodiscard]] static Money fen(qint64 minor) { return Money(minor, Currency::cny()); }

    /// Strict decimal parsing of a non-negative amount: "12.34", "0.01", "7", "7.5". Refuses a sign, spaces,
    /// exponents, symbols, grouping, more fraction digits than the currency has, leading zeros ("012") and overflow.
    [[nodiscard]] static Result<Money> parse(QStringView text, Currency currency = Currency::cny());
    /// As parse(), but a leading '-' is allowed: bill files carry refunds as negative amounts.
    [[nodiscard]] static Result<Money> parseSigned(QStringView text, Currency currency = Currency::cny());

    [[nodiscard]] qint64 minorUnits() const { return m_minor; }
    [[nodiscard]] Currency currency() const { return m_currency; }
    [[nodiscard]] bool isPositive() const { return m_minor > 0; }
    [[nodiscard]] bool isZero() const { return m_minor == 0; }
    [[nodiscard]] bool isNegative() const { return m_minor < 0; }

    /// "12.34", "-0.04", "7.00": always all minor digits, no currency symbol (the form Alipay and bills use).
    [[nodiscard]] QString toDecimalString() const;

    [[nodiscard]] Result<Money> plus(const Money& other) const;
    [[nodiscard]] Result<Money> minus(const Money& other) const;
    [[nodiscard]] Result<Money> times(qint64 factor) const;
    [[nodiscard]] Result<Money> negated() const;

    friend bool operator==(const Money& a, const Money& b)
    {
        return a.m_minor == b.m_minor && a.m_currency == b.m_currency;
    }

private:
    qint64 m_minor = 0;
    Currency m_currency;
};

} // namespace paydesk
