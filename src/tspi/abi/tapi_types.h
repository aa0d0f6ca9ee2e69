#pragma once
// The Windows base types TAPI and TSPI are written in, spelled with fixed-width types so that
// on any given target each one has the size and signedness the Windows SDK gives it there
// (DESIGN.md §2). On Linux the provider therefore exchanges structures with the host in the
// Windows x64 layout; on mingw targets the layout test compares every type with mingw-w64's.
//
// Not for use beside <windows.h>: a Windows build that wants the SDK's own declarations goes
// through tspi_abi.h with SPANTSP_USE_SDK_HEADERS instead.

#include <cstdint>

// Hook for the layout test: it places every declaration of the ABI headers in a namespace so
// that they can sit in one translation unit with mingw-w64's identically named ones. Empty in
// the provider build.
#ifndef SPANTSP_ABI_NAMESPACE_BEGIN
#define SPANTSP_ABI_NAMESPACE_BEGIN
#define SPANTSP_ABI_NAMESPACE_END
#endif

// Calling conventions: only 32-bit x86 Windows has a distinct __stdcall; TAPISRV calls every
// TSPI_* export and we call every TAPI callback with it there. Everywhere else (Win64, Linux)
// there is a single convention and the macros are empty.
#if defined(_WIN32) && !defined(_WIN64)
#define WINAPI __stdcall
#define CALLBACK __stdcall
#else
#define WINAPI
#define CALLBACK
#endif
#define TSPIAPI WINAPI

// Exports: the .so exports only the TSPI_*/TUISPI_* entry points (everything else is built with
// hidden visibility); on Windows the .def file lists the exports by name (tspi-contract §8).
#if defined(_WIN32)
#define SPANTSP_TSPI_EXPORT
#else
#define SPANTSP_TSPI_EXPORT __attribute__((visibility("default")))
#endif

SPANTSP_ABI_NAMESPACE_BEGIN

// Integers. LONG and ULONG are 32 bits on every Windows target; Linux is LP64, so `long` would
// be 64 bits here and shift every structure and every LINEERR_* value.
typedef std::uint8_t BYTE;
typedef std::uint16_t WORD;
typedef std::uint32_t DWORD;
typedef std::int32_t LONG;
typedef std::uint32_t ULONG;
typedef std::int32_t INT;
typedef std::uint32_t UINT;
typedef std::int32_t BOOL;  // Windows BOOL is a 4-byte int, not bool.
typedef char CHAR;
// Windows wide strings are UTF-16; wchar_t is 4 bytes on Linux, so WCHAR is char16_t.
typedef char16_t WCHAR;

// Pointer-sized integers: TAPI passes pointers and handles through these (LINEEVENT params,
// TSPI_providerInit's line count), so they follow the target's pointer width.
typedef std::uintptr_t ULONG_PTR;
typedef std::uintptr_t DWORD_PTR;
typedef std::intptr_t LONG_PTR;

typedef BYTE* LPBYTE;
typedef WORD* LPWORD;
typedef DWORD* LPDWORD;
typedef LONG* LPLONG;
typedef BOOL* LPBOOL;
typedef void* LPVOID;
typedef const void* LPCVOID;
typedef CHAR* LPSTR;
typedef const CHAR* LPCSTR;
typedef WCHAR* LPWSTR;
typedef const WCHAR* LPCWSTR;

// Kernel and window handles only pass through the provider; their pointees are never used.
typedef void* HANDLE;
typedef HANDLE* LPHANDLE;
struct HWND_opaque;
typedef HWND_opaque* HWND;
struct HICON_opaque;
typedef HICON_opaque* HICON;
typedef HICON* LPHICON;

typedef struct guid_tag {
  DWORD Data1;  // `unsigned long` on Windows: 32 bits.
  WORD Data2;
  WORD Data3;
  BYTE Data4[8];
} GUID;
typedef GUID CLSID;
typedef GUID* LPGUID;
typedef CLSID* LPCLSID;

// LINECALLSTATUS.tStateEntryTime.
typedef struct systemtime_tag {
  WORD wYear;
  WORD wMonth;
  WORD wDayOfWeek;
  WORD wDay;
  WORD wHour;
  WORD wMinute;
  WORD wSecond;
  WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

// TAPI's 32-bit application-side handles (tapi.h DECLARE_OPAQUE32); LINECALLINFO.hLine is one.
typedef DWORD HCALL;
typedef DWORD HCALLHUB;
typedef DWORD HLINE;
typedef DWORD HPHONE;
typedef DWORD HLINEAPP;
typedef DWORD HPHONEAPP;
typedef HCALL* LPHCALL;
typedef HCALLHUB* LPHCALLHUB;
typedef HLINE* LPHLINE;
typedef HPHONE* LPHPHONE;
typedef HLINEAPP* LPHLINEAPP;
typedef HPHONEAPP* LPHPHONEAPP;

// tspi.h handles. HDRV* are ours (we choose the value, never 0: tspi-contract §8 rule 6);
// HTAPI* and HPROVIDER are TAPI's and are only stored and passed back (rule 7). Each points to
// its own never-defined struct, so the compiler keeps them apart and nobody can dereference one.
#define SPANTSP_DECLARE_OPAQUE(name) \
  struct name##_opaque;              \
  typedef const struct name##_opaque* name

SPANTSP_DECLARE_OPAQUE(HDRVCALL);
SPANTSP_DECLARE_OPAQUE(HDRVLINE);
SPANTSP_DECLARE_OPAQUE(HDRVPHONE);
SPANTSP_DECLARE_OPAQUE(HDRVMSPLINE);
SPANTSP_DECLARE_OPAQUE(HDRVDIALOGINSTANCE);
SPANTSP_DECLARE_OPAQUE(HTAPICALL);
SPANTSP_DECLARE_OPAQUE(HTAPILINE);
SPANTSP_DECLARE_OPAQUE(HTAPIPHONE);
SPANTSP_DECLARE_OPAQUE(HPROVIDER);

#undef SPANTSP_DECLARE_OPAQUE

// These two are 32-bit values in tspi.h (DECLARE_OPAQUE32), not pointers.
typedef DWORD HTAPIDIALOGINSTANCE;
typedef DWORD HTAPIMSPLINE;

typedef HDRVCALL* LPHDRVCALL;
typedef HDRVLINE* LPHDRVLINE;
typedef HDRVPHONE* LPHDRVPHONE;
typedef HDRVMSPLINE* LPHDRVMSPLINE;
typedef HDRVDIALOGINSTANCE* LPHDRVDIALOGINSTANCE;
typedef HTAPICALL* LPHTAPICALL;
typedef HTAPILINE* LPHTAPILINE;
typedef HTAPIPHONE* LPHTAPIPHONE;
typedef HTAPIDIALOGINSTANCE* LPHTAPIDIALOGINSTANCE;
typedef HTAPIMSPLINE* LPHTAPIMSPLINE;
typedef HPROVIDER* LPHPROVIDER;

// 1..0x7FFFFFFF; an async TSPI function returns exactly this on success (tspi-contract §2).
typedef DWORD DRV_REQUESTID;

// Upcalls into TAPISRV (tspi-contract §2, §3, §8) and the UI DLL's channel back to the provider
// (tspi-contract §7).
typedef void(CALLBACK* ASYNC_COMPLETION)(DRV_REQUESTID dwRequestID, LONG lResult);
typedef void(CALLBACK* LINEEVENT)(HTAPILINE htLine, HTAPICALL htCall, DWORD dwMsg,
                                  DWORD_PTR dwParam1, DWORD_PTR dwParam2, DWORD_PTR dwParam3);
typedef void(CALLBACK* PHONEEVENT)(HTAPIPHONE htPhone, DWORD dwMsg, DWORD_PTR dwParam1,
                                   DWORD_PTR dwParam2, DWORD_PTR dwParam3);
typedef LONG(CALLBACK* TUISPIDLLCALLBACK)(DWORD_PTR dwObjectID, DWORD dwObjectType, LPVOID lpParams,
                                          DWORD dwSize);

SPANTSP_ABI_NAMESPACE_END
