#pragma once

#include <optional>

#include <QDateTime>
#include <QStringView>

namespace paydesk {

/// Exactly `count` ASCII digits of `text` at `at` (the caller checked they are there), as a number; -1 otherwise.
[[nodiscard]] int readDigits(QStringView text, qsizetype at, int count);

/// The "yyyy-MM-dd?HH:mm:ss" that `text` starts with (19 characters, `separator` between date and time), read by
/// hand: the channels' times are parsed on every notification, and QDateTime::fromString is both costly there and
/// laxer. The fields as a UTC date-time with whole seconds, for the caller to add a fraction and an offset; nullopt
/// when a digit or a separator is wrong or the date or time does not exist.
[[nodiscard]] std::optional<QDateTime> readDateTime19(QStringView text, char16_t separator);

} // namespace paydesk
