// The channel JSON reader (core/util/JsonReader). Besides not crashing: everything the strict reader accepts, Qt's
// lenient parser accepts too, and the two agree on the type of each root member and on every string's text.
#include <QJsonDocument>
#include <QJsonObject>

#include "core/util/JsonReader.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

namespace {

json::Value::Type typeOf(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return json::Value::Type::Null;
    case QJsonValue::Bool:
        return json::Value::Type::Bool;
    case QJsonValue::Double:
        return json::Value::Type::Number;
    case QJsonValue::String:
        return json::Value::Type::String;
    case QJsonValue::Array:
        return json::Value::Type::Array;
    case QJsonValue::Object:
        return json::Value::Type::Object;
    case QJsonValue::Undefined:
        break;
    }
    return json::Value::Type::Undefined;
}

bool isAscii(const QString& s)
{
    for (const QChar c : s) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

void checkValue(const json::Value& mine, const QJsonValue& qt)
{
    PD_FUZZ_CHECK(mine.type() == typeOf(qt));
    QByteArray storage;
    const QByteArrayView utf8 = mine.utf8(storage);
    PD_FUZZ_CHECK(utf8 == mine.toUtf8());
    if (qt.isString()) {
        PD_FUZZ_CHECK(mine.toString() == qt.toString());
        PD_FUZZ_CHECK(QString::fromUtf8(utf8) == qt.toString());
    }
    if (mine.toInteger())
        PD_FUZZ_CHECK(qt.isDouble());
    (void)mine.member(QLatin1StringView("id"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray text = fuzz::bytes(data, size);
    const auto doc = json::Document::parseObject(text, u"fuzz input");
    if (!doc)
        return 0;
    const json::Value root = doc->root();
    PD_FUZZ_CHECK(root.isObject());
    QJsonParseError error;
    const QJsonDocument qt = QJsonDocument::fromJson(text, &error);
    // Qt refuses numbers beyond double's range ("1e999"), which the reader keeps as text: not a disagreement.
    if (error.error == QJsonParseError::IllegalNumber)
        return 0;
    PD_FUZZ_CHECK(error.error == QJsonParseError::NoError && qt.isObject());
    const QJsonObject object = qt.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!isAscii(it.key()))
            continue;
        const QByteArray key = it.key().toLatin1();
        checkValue(root.member(QLatin1StringView(key)), it.value());
    }
    return 0;
}
