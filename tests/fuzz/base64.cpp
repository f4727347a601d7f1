// Strict base64 (core/util/Base64). Its contract is checked against Qt: a text is accepted exactly when it is
// non-empty and QByteArray::toBase64() of its bytes gives the same text back, and then the bytes are Qt's. The
// in-place decoder writes the same bytes, and nothing past the capacity it is given (the buffers are exact, for ASan).
#include "core/util/Base64.h"

#include <memory>

#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView text = fuzz::view(data, size);
    const auto strict = decodeBase64Strict(text);
    const QByteArray lenient = QByteArray::fromBase64(text.toByteArray());
    const bool canonical = !text.isEmpty() && lenient.toBase64() == text;
    PD_FUZZ_CHECK(strict.has_value() == canonical);
    if (strict)
        PD_FUZZ_CHECK(*strict == lenient);

    const qsizetype capacity = base64DecodedCapacity(text.size());
    auto room = std::make_unique<char[]>(size_t(capacity));
    const qsizetype written = decodeBase64StrictInto(text, room.get(), capacity);
    PD_FUZZ_CHECK(written == (strict ? strict->size() : -1));
    if (strict && written > 0) {
        PD_FUZZ_CHECK(QByteArrayView(room.get(), written) == *strict);
        // One byte short of what the text decodes to: refused, and the exact buffer is not overrun.
        auto tight = std::make_unique<char[]>(size_t(written - 1));
        PD_FUZZ_CHECK(decodeBase64StrictInto(text, tight.get(), written - 1) == -1);
    }
    return 0;
}
