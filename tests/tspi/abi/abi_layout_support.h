#pragma once
// Compile-time "shape" measurements used by the generated ABI layout checks
// (gen_abi_layout_test.py). Each one reduces a type, constant or function to integers that must
// be equal between our declarations and mingw-w64's, even though the two use different C++ types
// (DWORD is uint32_t here, `unsigned long` there; our handles are incomplete structs, mingw's
// are `struct X__ { int unused; }`). Compiled by the host g++ and both mingw-w64 compilers.

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace spantsp_abi_test {

// The 32-bit pattern of a TAPI constant: LINEERR_* are LONG here and unsigned literals in
// mingw-w64, yet must be the same bits.
template <class T>
constexpr unsigned long long bits32(T value) {
  return static_cast<unsigned long long>(static_cast<std::uint32_t>(value));
}

template <class T, class = void>
struct is_complete : std::false_type {};
template <class T>
struct is_complete<T, std::void_t<decltype(sizeof(T))>> : std::true_type {};

// What a type is, as far as the ABI cares.
enum Kind : unsigned long long {
  kSignedIntegral = 1,
  kUnsignedIntegral = 2,
  kObjectPointer = 3,
  kFunctionPointer = 4,
  kClass = 5,
  kArray = 6,
  kOther = 7,
};

template <class T>
constexpr unsigned long long kind_code() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_integral_v<U>) {
    return std::is_signed_v<U> ? kSignedIntegral : kUnsignedIntegral;
  } else if constexpr (std::is_pointer_v<U>) {
    return std::is_function_v<std::remove_pointer_t<U>> ? kFunctionPointer : kObjectPointer;
  } else if constexpr (std::is_class_v<U> || std::is_union_v<U>) {
    return kClass;
  } else if constexpr (std::is_array_v<U>) {
    return kArray;
  } else {
    return kOther;
  }
}

// What an object pointer points to, packed into one integer: the pointee's size, plus flags for
// "class type" and "incomplete". Opaque handles are pointers to a never-defined struct here and
// to a dummy one-int struct in mingw-w64; pointee_match() treats those as equal.
inline constexpr unsigned long long kPointeeIsClass = 1ull << 62;
inline constexpr unsigned long long kPointeeIncomplete = 1ull << 61;
inline constexpr unsigned long long kPointeeVoid = 1ull << 60;

template <class T>
constexpr unsigned long long pointee_code() {
  using U = std::remove_cv_t<T>;
  if constexpr (!std::is_pointer_v<U>) {
    return 0;
  } else {
    using P = std::remove_cv_t<std::remove_pointer_t<U>>;
    if constexpr (std::is_void_v<P>) {
      return kPointeeVoid;
    } else if constexpr (std::is_function_v<P>) {
      return 0;
    } else if constexpr (!is_complete<P>::value) {
      return kPointeeIncomplete | (std::is_class_v<P> ? kPointeeIsClass : 0);
    } else {
      return sizeof(P) | ((std::is_class_v<P> || std::is_union_v<P>) ? kPointeeIsClass : 0);
    }
  }
}

constexpr bool pointee_match(unsigned long long ours, unsigned long long theirs) {
  if (ours == theirs) return true;
  const bool both_classes = (ours & kPointeeIsClass) != 0 && (theirs & kPointeeIsClass) != 0;
  const bool one_opaque = (ours & kPointeeIncomplete) != 0 || (theirs & kPointeeIncomplete) != 0;
  return both_classes && one_opaque;
}

// Function signatures. On 32-bit Windows __stdcall is part of the function type, so it needs its
// own specialisation; that also tells us which convention a declaration has.
template <class F>
struct fn;
template <class R, class... P>
struct fn<R (*)(P...)> {
  using ret = R;
  using params = std::tuple<P...>;
  static constexpr unsigned long long arity = sizeof...(P);
  static constexpr unsigned long long is_stdcall = 0;
};
#if defined(_WIN32) && !defined(_WIN64)
template <class R, class... P>
struct fn<R(__stdcall*)(P...)> {
  using ret = R;
  using params = std::tuple<P...>;
  static constexpr unsigned long long arity = sizeof...(P);
  static constexpr unsigned long long is_stdcall = 1;
};
#endif

template <class F, std::size_t I>
using param_t = std::tuple_element_t<I, typename fn<F>::params>;

template <class T>
constexpr unsigned long long size_of() {
  if constexpr (std::is_void_v<T>) {
    return 0;
  } else {
    return sizeof(T);
  }
}

}  // namespace spantsp_abi_test
