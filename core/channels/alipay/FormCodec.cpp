#include "core/channels/alipay/FormCodec.h"

#include <cstring>

#include <QStringDecoder>

#include "core/channels/alipay/GbkCodec.h"
#include "core/util/Hex.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

// Appends the decoded `part` at `w`. A decoded part is never longer than the raw one, so with `w` in a buffer as
// long as the whole body every write stays inside it.
Status unescapeInto(QByteArrayView part, char*& w)
{
    const char* r = part.data();
    const char* const end = r + part.size();
    while (r < end) {
        const char c = *r++;
        if (c == '+') {
            *w++ = ' ';
        } else if (c == '%') {
            if (end - r < 2)
                return fail(ErrorCode::MalformedInput, u"truncated %-escape in form data"_s);
            const int hi = hexDigitValue(uchar(r[0]));
            const int lo = hexDigitValue(uchar(r[1]));
            if (hi < 0 || lo < 0)
                return fail(ErrorCode::MalformedInput, u"invalid %-escape in form data"_s);
            *w++ = char((hi << 4) | lo);
            r += 2;
        } else {
            *w++ = c;
        }
    }
    return {};
}

Result<QString> toText(const QByteArray& bytes, bool gbk)
{
    if (gbk)
        return decodeGbk(bytes);
    QStringDecoder dec(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = dec.decode(bytes);
    if (dec.hasError())
        return fail(ErrorCode::MalformedInput, u"invalid UTF-8 in form data"_s);
    return text;
}

} // namespace

Status decodeFormFields(QByteArrayView body, QByteArray& buffer, std::vector<FormField>& fields)
{
    fields.clear();
    fields.reserve(32); // a notification has about 25 fields
    // Sized once, so the views handed out stay valid: decoding never makes a part longer.
    buffer.resize(body.size());
    char* w = buffer.data();
    if (body.isEmpty())
        return {};
    qsizetype start = 0;
    while (start <= body.size()) {
        const auto* amp = static_cast<const char*>(std::memchr(body.data() + start, '&', size_t(body.size() - start)));
        const qsizetype end = amp ? amp - body.data() : body.size();
        const QByteArrayView segment = body.sliced(start, end - start);
        if (segment.isEmpty())
            return fail(ErrorCode::MalformedInput, u"empty segment in form data"_s);
        const auto* equals = static_cast<const char*>(std::memchr(segment.data(), '=', size_t(segment.size())));
        const qsizetype eq = equals ? equals - segment.data() : -1;
        if (eq <= 0)
            return fail(ErrorCode::MalformedInput, u"form segment without a name or '='"_s);
        const char* name = w;
        if (auto ok = unescapeInto(segment.first(eq), w); !ok)
            return ok;
        const char* value = w;
        if (auto ok = unescapeInto(segment.sliced(eq + 1), w); !ok)
            return ok;
        if (value == name)
            return fail(ErrorCode::MalformedInput, u"empty name in form data"_s);
        fields.push_back({ QByteArrayView(name, value - name), QByteArrayView(value, w - value) });
        start = end + 1;
        if (end == body.size())
            break;
    }
    return {};
}

Result<QMap<QByteArray, QByteArray>> decodeFormBytes(QByteArrayView body)
{
    QByteArray buffer;
    std::vector<FormField> fields;
    if (auto ok = decodeFormFields(body, buffer, fields); !ok)
        return tl::unexpected(ok.error());
    QMap<QByteArray, QByteArray> out;
    for (const FormField& f : fields) {
        const QByteArray name = f.name.toByteArray();
        if (out.contains(name))
            return fail(ErrorCode::MalformedInput,
                u"duplicate form field '"_s + QString::fromLatin1(name.toPercentEncoding()) + u"'"_s);
        out.insert(name, f.value.toByteArray());
    }
    return out;
}

Result<QMap<QString, QString>> decodeForm(QByteArrayView body, QByteArrayView charset)
{
    auto raw = decodeFormBytes(body);
    if (!raw)
        return tl::unexpected(raw.error());
    return formToText(*raw, charset);
}

Result<QMap<QString, QString>> formToText(const QMap<QByteArray, QByteArray>& raw, QByteArrayView charset)
{
    const QByteArray cs = charset.toByteArray().toLower();
    bool gbk = false;
    if (cs == "gbk" || cs == "gb2312" || cs == "gb18030")
        gbk = true;
    else if (cs != "utf-8" && cs != "utf8")
        return fail(ErrorCode::MalformedInput,
            u"unsupported form charset '"_s + QString::fromLatin1(charset.toByteArray().toPercentEncoding()) + u"'"_s);
    QMap<QString, QString> out;
    for (auto it = raw.cbegin(); it != raw.cend(); ++it) {
        auto name = toText(it.key(), gbk);
        if (!name)
            return tl::unexpected(name.error());
        auto value = toText(it.value(), gbk);
        if (!value)
            return tl::unexpected(value.error());
        // Two byte-different names can decode to one text only with non-canonical input; refuse that too.
        if (out.contains(*name))
            return fail(ErrorCode::MalformedInput, u"duplicate form field after decoding"_s);
        out.insert(*name, *value);
    }
    return out;
}

QByteArray encodeForm(const QList<QPair<QString, QString>>& pairs)
{
    QByteArray out;
    for (const auto& [name, value] : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += name.toUtf8().toPercentEncoding("*", "~").replace("%20", "+");
        out += '=';
        out += value.toUtf8().toPercentEncoding("*", "~").replace("%20", "+");
    }
    return out;
}

} // namespace paydesk::alipay
