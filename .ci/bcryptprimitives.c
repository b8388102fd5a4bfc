/* Wine 8 lacks ProcessPrng in bcryptprimitives.dll, which Rust's std (>= 1.78) imports: every
 * Rust .exe then fails to start under Wine. This stand-in, placed beside the test executables,
 * answers it with RtlGenRandom. A test aid for Wine only: real Windows has the DLL. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG); /* RtlGenRandom */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
