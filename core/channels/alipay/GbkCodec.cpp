#include "core/channels/alipay/GbkCodec.h"

#include <cerrno>
#include <iconv.h>

#include <QStringDecoder>
#include <QStringEncoder>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

// iconv fallback for Qt builds without ICU (where QStringDecoder knows only the UTF and Latin-1 codecs).
Result<QByteArray> iconvConvert(const char* to, const char* from, QByteArrayView in)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1))
        return fail(ErrorCode::Internal,
            u"iconv cannot convert %1 -> %2"_s.arg(QLatin1StringView(from), QLatin1StringView(to)));
    QByteArray out(in.size() * 4 + 16, Qt::Uninitialized);
    QByteArray src = in.toByteArray();
    char* inPtr = src.data();
    size_t inLeft = size_t(src.size());
    char* outPtr = out.data();
    size_t outLeft = size_t(out.size());
    const size_t rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft);
    const int err = errno;
    iconv_close(cd);
    if (rc == size_t(-1) || inLeft != 0)
        return fail(ErrorCode::MalformedInput,
            u"invalid %1 byte sequence at offset %2 (errno %3)"_s.arg(QLatin1StringView(from))
                .arg(src.size() - qsizetype(inLeft))
                .arg(err));
    out.truncate(out.size() - qsizetype(outLeft));
    return out;
}

} // namespace

Result<QString> decodeGbk(QByteArrayView bytes)
{
    QStringDecoder dec("GBK", QStringDecoder::Flag::Stateless);
    if (dec.isValid()) {
        QString text = dec.decode(bytes);
        if (dec.hasError())
            return fail(ErrorCode::MalformedInput, u"invalid GBK byte sequence"_s);
        return text;
    }
    auto utf8 = iconvConvert("UTF-8", "GBK", bytes);
    if (!utf8)
        return tl::unexpected(utf8.error());
    return QString::fromUtf8(*utf8);
}

Result<QByteArray> encodeGbk(QStringView text)
{
    QStringEncoder enc("GBK", QStringEncoder::Flag::Stateless);
    if (enc.isValid()) {
        QByteArray out = enc.encode(text);
        if (enc.hasError())
            return fail(ErrorCode::MalformedInput, u"text not representable in GBK"_s);
        return out;
    }
    return iconvConvert("GBK", "UTF-8", text.toUtf8());
}

} // namespace paydesk::alipay
