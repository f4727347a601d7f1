// The database URL parser (core/store/DatabaseUrl), and the printing of what it accepted (logs and the UI show
// redacted(), which must not show a password).
#include "core/store/DatabaseUrl.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto url = DatabaseUrl::parse(QString::fromUtf8(fuzz::view(data, size)));
    if (!url)
        return 0;
    (void)url->toString();
    const QString redacted = url->redacted();
    // Read back, the redacted URL carries the placeholder where the password was.
    if (url->engine == DbEngine::Postgres && !url->password.isEmpty()) {
        const auto back = DatabaseUrl::parse(redacted);
        if (back)
            PD_FUZZ_CHECK(back->password == QStringLiteral("***"));
    }
    return 0;
}
