/* A stand-in for Windows's bcryptprimitives.dll, which wine 8.0 lacks: Rust's std (1.78+)
 * takes its random bytes from ProcessPrng there. This one forwards to RtlGenRandom
 * (SystemFunction036 in advapi32), which wine has. For running tests under wine only. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
