#include "core/util/Base64.h"

#include <array>

namespace paydesk {

namespace {

constexpr unsigned char kBad = 0xff;

constexpr std::array<unsigned char, 256> makeTable()
{
    std::array<unsigned char, 256> t {};
    for (auto& v : t)
        v = kBad;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (unsigned char i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(alphabet[i])] = i;
    return t;
}

constexpr std::array<unsigned char, 256> kTable = makeTable();

} // namespace

qsizetype decodeBase64StrictInto(QByteArrayView text, char* out, qsizetype capacity)
{
    const qsizetype n = text.size();
    if (n == 0 || n % 4 != 0)
        return -1;
    const auto* in = reinterpret_cast<const unsigned char*>(text.data());
    const int pad = in[n - 1] != '=' ? 0 : in[n - 2] != '=' ? 1 : 2;
    const qsizetype size = n / 4 * 3 - pad;
    if (size > capacity)
        return -1;
    auto* w = reinterpret_cast<unsigned char*>(out);
    const qsizetype full = pad ? n - 4 : n;
    for (qsizetype i = 0; i < full; i += 4) {
        const unsigned a = kTable[in[i]], b = kTable[in[i + 1]], c = kTable[in[i + 2]], d = kTable[in[i + 3]];
        if ((a | b | c | d) & 0xc0) // kBad has those bits set; a real sextet never
            return -1;
        const unsigned v = (a << 18) | (b << 12) | (c << 6) | d;
        *w++ = static_cast<unsigned char>(v >> 16);
        *w++ = static_cast<unsigned char>(v >> 8);
        *w++ = static_cast<unsigned char>(v);
    }
    if (pad) {
        const unsigned char* q = in + n - 4;
        const unsigned a = kTable[q[0]], b = kTable[q[1]];
        const unsigned c = pad == 1 ? kTable[q[2]] : 0;
        if (a == kBad || b == kBad || c == kBad)
            return -1;
        // Canonical only: the bits beyond the last whole byte must be zero.
        if (pad == 2 ? (b & 0x0f) != 0 : (c & 0x03) != 0)
            return -1;
        *w++ = static_cast<unsigned char>((a << 2) | (b >> 4));
        if (pad == 1)
            *w++ = static_cast<unsigned char>((b << 4) | (c >> 2));
    }
    return size;
}

std::optional<QByteArray> decodeBase64Strict(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    QByteArray out(base64DecodedCapacity(text.size()), Qt::Uninitialized);
    const qsizetype size = decodeBase64StrictInto(text, out.data(), out.size());
    if (size < 0)
        return std::nullopt;
    out.truncate(size);
    return out;
}

} // namespace paydesk
