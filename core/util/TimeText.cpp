#include "core/util/TimeText.h"

namespace paydesk {

int readDigits(QStringView text, qsizetype at, int count)
{
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[at + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + (c - u'0');
    }
    return v;
}

std::optional<QDateTime> readDateTime19(QStringView text, char16_t separator)
{
    if (text.size() < 19 || text[4] != u'-' || text[7] != u'-' || text[10] != separator || text[13] != u':'
        || text[16] != u':')
        return std::nullopt;
    const int year = readDigits(text, 0, 4), month = readDigits(text, 5, 2), day = readDigits(text, 8, 2);
    const int hour = readDigits(text, 11, 2), minute = readDigits(text, 14, 2), second = readDigits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

} // namespace paydesk
