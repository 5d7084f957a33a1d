// A small, allocation-free callable for the simulation hot path: up to 16 bytes of trivially
// copyable captures (typically `this` and an index). std::function would allocate for larger
// captures; this one is stored inline in the Scheduler's calendar, which is what keeps events fast.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace satflow::simcore {

class Callback {
public:
  Callback() = default;

  /// Wraps f. REQUIRES: f is trivially copyable and at most 16 bytes (checked at compile time).
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Callback>>>
  Callback(F f) // NOLINT(google-explicit-constructor): lambdas convert implicitly, like std::function
  {
    static_assert(sizeof(F) <= sizeof(storage_), "Callback captures at most 16 bytes");
    static_assert(std::is_trivially_copyable_v<F>, "Callback captures must be trivially copyable");
    ::new (static_cast<void*>(storage_)) F(std::move(f));
    call_ = [](void* p) { (*static_cast<F*>(p))(); };
  }

  /// Calls the wrapped function. REQUIRES: not empty.
  void operator()() { call_(storage_); }
  explicit operator bool() const { return call_ != nullptr; }

private:
  alignas(std::max_align_t) unsigned char storage_[16] = {};
  void (*call_)(void*) = nullptr;
};

} // namespace satflow::simcore
