#include "core/util/Base64.h"

#include <array>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace paydesk {

namespace {

constexpr unsigned char kBad = 0xff;

constexpr std::array<unsigned char, 256> makeTable()
{
    std::array<unsigned char, 256> t{};
    for (auto& v : t)
        v = kBad;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (unsigned char i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(alphabet[i])] = i;
    return t;
}

constexpr std::array<unsigned char, 256> kTable = makeTable();

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PD_BASE64_AVX2 1

// Decodes whole blocks of 32 characters (no padding in them) into 24 bytes each with AVX2 (W. Muła and D. Lemire,
// "Faster Base64 Encoding and Decoding Using AVX2 Instructions", 2018: the pshufb bit-mask validation). Returns
// how many characters it consumed; it stops before a block holding any byte outside the alphabet, which the
// scalar loop then refuses. Writes exactly 24 bytes per block consumed.
__attribute__((target("avx2"))) qsizetype decodeBlocksAvx2(const unsigned char* in, qsizetype n, unsigned char* w)
{
    // Per low nibble: bit h set when the byte (h << 4 | nibble) is in the alphabet.
    const __m256i maskLut = _mm256_setr_epi8(char(0xa8), char(0xf8), char(0xf8), char(0xf8), char(0xf8), char(0xf8),
                                             char(0xf8), char(0xf8), char(0xf8), char(0xf8), char(0xf0), 0x54, 0x50,
                                             0x50, 0x50, 0x54, char(0xa8), char(0xf8), char(0xf8), char(0xf8),
                                             char(0xf8), char(0xf8), char(0xf8), char(0xf8), char(0xf8), char(0xf8),
                                             char(0xf0), 0x54, 0x50, 0x50, 0x50, 0x54);
    // Per high nibble: its bit in the mask above; none for 8..15 (bytes above 0x7f).
    const __m256i bitLut = _mm256_setr_epi8(0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, char(0x80), 0, 0, 0, 0, 0, 0,
                                            0, 0, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, char(0x80), 0, 0, 0, 0, 0,
                                            0, 0, 0);
    // Per high nibble: what to add to a character for its sextet ('/' is set apart below).
    const __m256i shiftLut = _mm256_setr_epi8(0, 0, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 19, 4,
                                              -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    const __m256i slash = _mm256_set1_epi8('/');
    const __m256i order = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1, 2, 1, 0, 6, 5, 4,
                                           10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    qsizetype i = 0;
    for (; n - i >= 32; i += 32, w += 24) {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i));
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi32(x, 4), nibble);
        const __m256i lo = _mm256_and_si256(x, nibble);
        const __m256i valid = _mm256_and_si256(_mm256_shuffle_epi8(maskLut, lo), _mm256_shuffle_epi8(bitLut, hi));
        if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(valid, _mm256_setzero_si256())) != 0)
            break;
        const __m256i shift = _mm256_blendv_epi8(_mm256_shuffle_epi8(shiftLut, hi), _mm256_set1_epi8(16),
                                                 _mm256_cmpeq_epi8(x, slash));
        const __m256i sextets = _mm256_add_epi8(x, shift);
        // Four sextets to 24 bits per 32-bit lane, then the three bytes of each lane in order, lanes packed.
        const __m256i pairs = _mm256_maddubs_epi16(sextets, _mm256_set1_epi32(0x01400140));
        const __m256i words = _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
        const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(words, order),
                                                          _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm256_castsi256_si128(bytes));
        _mm_storel_epi64(reinterpret_cast<__m128i*>(w + 16), _mm256_extracti128_si256(bytes, 1));
    }
    return i;
}

bool hasAvx2()
{
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
}
#endif

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
    qsizetype i = 0;
#ifdef PD_BASE64_AVX2
    if (full >= 32 && hasAvx2()) {
        i = decodeBlocksAvx2(in, full, w);
        w += i / 4 * 3;
    }
#endif
    for (; i < full; i += 4) {
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
