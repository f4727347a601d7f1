// Alipay's form decoder (core/channels/alipay/FormCodec). Its two decoders share one grammar: the field list
// succeeds whenever the map does and holds the same pairs, and fails over the map's verdict only for a repeated
// name. A decoded UTF-8 form survives encodeForm() and decoding again unchanged.
#include <QSet>

#include "core/channels/alipay/FormCodec.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

namespace {

bool hasRepeatedName(const std::vector<alipay::FormField>& fields)
{
    QSet<QByteArray> seen;
    for (const alipay::FormField& f : fields) {
        const QByteArray name = f.name.toByteArray();
        if (seen.contains(name))
            return true;
        seen.insert(name);
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView body = fuzz::view(data, size);
    const auto map = alipay::decodeFormBytes(body);
    QByteArray buffer;
    std::vector<alipay::FormField> fields;
    const auto listed = alipay::decodeFormFields(body, buffer, fields);
    if (map) {
        PD_FUZZ_CHECK(listed.has_value());
        PD_FUZZ_CHECK(size_t(map->size()) == fields.size());
        for (const alipay::FormField& f : fields)
            PD_FUZZ_CHECK(map->value(f.name.toByteArray()) == f.value);
    } else if (listed) {
        PD_FUZZ_CHECK(hasRepeatedName(fields));
    }

    if (const auto text = alipay::decodeForm(body)) {
        QList<QPair<QString, QString>> pairs;
        for (auto it = text->begin(); it != text->end(); ++it)
            pairs.append({ it.key(), it.value() });
        const auto again = alipay::decodeForm(alipay::encodeForm(pairs));
        PD_FUZZ_CHECK(again.has_value() && *again == *text);
    }
    (void)alipay::decodeForm(body, "gbk");
    return 0;
}
