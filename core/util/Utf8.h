#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace paydesk {

/// Well-formed UTF-8 (RFC 3629): shortest forms only, no surrogates, nothing above U+10FFFF. The same bytes
/// QStringDecoder decodes without an error.
[[nodiscard]] bool isValidUtf8(QByteArrayView bytes);

/// The length (2 to 4) of the well-formed multi-byte UTF-8 sequence starting at `p` (a byte of 0x80 or above),
/// reading no further than `end`; 0 when it is not one (a stray continuation byte, an overlong form, a surrogate,
/// a value above U+10FFFF, or a sequence cut short).
[[nodiscard]] int utf8SequenceLength(const unsigned char* p, const unsigned char* end);

/// The text of UTF-8 bytes that are only read (compared, parsed) without making a QString when they are short and
/// ASCII, as almost every channel field is: those are widened into the object itself. Anything else goes through
/// QString::fromUtf8.
class Utf8Text final
{
public:
    explicit Utf8Text(QByteArrayView utf8);
    Utf8Text(const Utf8Text&) = delete;
    Utf8Text& operator=(const Utf8Text&) = delete;
    operator QStringView() const { return m_view; } // NOLINT(google-explicit-constructor): reads like a QString

private:
    char16_t m_inline[64];
    QString m_heap;
    QStringView m_view;
};

} // namespace paydesk
