#pragma once

#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include "core/util/Result.h"

namespace paydesk::alipay {

/// Strict application/x-www-form-urlencoded decoding to raw bytes: '+' is a space, %XX a byte (hex either case).
/// MalformedInput on a bad or truncated escape, an empty segment ("a=1&&b=2", a trailing '&'), a segment without
/// '=', an empty name, or a repeated name (a signed form must be unambiguous).
[[nodiscard]] Result<QMap<QByteArray, QByteArray>> decodeFormBytes(QByteArrayView body);

/// One field of a decoded form, as views into the caller's buffer.
struct FormField
{
    QByteArrayView name;
    QByteArrayView value;
};
/// The grammar of decodeFormBytes() (same errors, except that repeated names are left to the caller), decoded
/// into one buffer in body order: no allocation per field. The views stay valid while `buffer` is untouched.
[[nodiscard]] Status decodeFormFields(QByteArrayView body, QByteArray& buffer, std::vector<FormField>& fields);

/// decodeFormBytes() and then each name and value as text in `charset` ("utf-8" or "gbk"/"gb2312"/"gb18030", any
/// case). Invalid UTF-8 / GBK is MalformedInput, and so is an unknown charset.
[[nodiscard]] Result<QMap<QString, QString>> decodeForm(QByteArrayView body, QByteArrayView charset = "utf-8");

/// The second half of decodeForm(): names and values of an already split form as text in `charset`.
[[nodiscard]] Result<QMap<QString, QString>> formToText(
    const QMap<QByteArray, QByteArray>& raw, QByteArrayView charset);

/// Encodes pairs in the given order: UTF-8, A-Z a-z 0-9 - . _ * kept, space as '+', every other byte as %XX
/// upper-case (the java.net.URLEncoder form the gateway expects).
[[nodiscard]] QByteArray encodeForm(const QList<QPair<QString, QString>>& pairs);

} // namespace paydesk::alipay
