#pragma once

#include <array>

namespace paydesk {

namespace detail {
constexpr std::array<signed char, 256> makeHexDigitValues()
{
    std::array<signed char, 256> t {};
    for (auto& v : t)
        v = -1;
    for (int c = 0; c < 10; ++c)
        t[size_t('0' + c)] = static_cast<signed char>(c);
    for (int c = 0; c < 6; ++c) {
        t[size_t('a' + c)] = static_cast<signed char>(10 + c);
        t[size_t('A' + c)] = static_cast<signed char>(10 + c);
    }
    return t;
}
inline constexpr std::array<signed char, 256> kHexDigitValues = makeHexDigitValues();
} // namespace detail

/// The value of one hexadecimal digit, either case; -1 for any other byte.
[[nodiscard]] constexpr int hexDigitValue(unsigned char c)
{
    return detail::kHexDigitValues[c];
}

} // namespace paydesk
