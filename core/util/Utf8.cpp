#include "core/util/Utf8.h"

#include <algorithm>
#include <iterator>

namespace paydesk {

int utf8SequenceLength(const unsigned char* p, const unsigned char* end)
{
    const unsigned char c = *p;
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xbf; // allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
        extra = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        extra = 2;
        if (c == 0xe0)
            lo = 0xa0; // overlong
        else if (c == 0xed)
            hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
        extra = 3;
        if (c == 0xf0)
            lo = 0x90; // overlong
        else if (c == 0xf4)
            hi = 0x8f; // above U+10FFFF
    } else {
        return 0;
    }
    if (end - p <= extra || p[1] < lo || p[1] > hi)
        return 0;
    for (int i = 2; i <= extra; ++i) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    }
    return extra + 1;
}

bool isValidUtf8(QByteArrayView bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* const end = p + bytes.size();
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const int n = utf8SequenceLength(p, end);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

Utf8Text::Utf8Text(QByteArrayView utf8)
{
    const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) {
        return uchar(c) < 0x80;
    });
    if (utf8.size() <= qsizetype(std::size(m_inline)) && ascii) {
        for (qsizetype i = 0; i < utf8.size(); ++i)
            m_inline[i] = char16_t(uchar(utf8[i]));
        m_view = QStringView(m_inline, utf8.size());
    } else {
        m_heap = QString::fromUtf8(utf8);
        m_view = m_heap;
    }
}

} // namespace paydesk
