#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <QByteArray>
#include <QByteArrayView>

/// The entry point every target defines: libFuzzer calls it in the fuzz build, ReplayMain.cpp in the test build.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace paydesk::fuzz {

/// A view of exactly the input's bytes: for APIs taking views, so ASan sees a read past the end.
inline QByteArrayView view(const uint8_t* data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size));
}

/// A copy, for APIs taking a QByteArray.
inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return view(data, size).toByteArray();
}

[[noreturn]] inline void violated(const char* what, const char* file, int line)
{
    std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n", file, line, what);
    std::abort();
}

} // namespace paydesk::fuzz

/// A property every input must keep; a violation aborts, so libFuzzer records it as a crash.
#define PD_FUZZ_CHECK(cond)                                                                                            \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            ::paydesk::fuzz::violated(#cond, __FILE__, __LINE__);                                                      \
    } while (false)
