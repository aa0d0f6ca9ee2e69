#include "core/engine.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

#include "config/config_names.h"
#include "core/handle.h"
#include "core/log.h"
#include "pipeline/backoff.h"

namespace spantsp::core {
namespace {

// Calls per channel, pooled over all lines: the one holding the channel plus one TAPI has not
// closed yet. A line that keeps more IDLE calls borrows from the others; a dry pool is an error
// to the caller (LINEERR_RESOURCEUNAVAIL), never growth.
constexpr std::uint32_t kCallsPerChannel = 2;
// Upcalls in flight per line before a worker waits for the dispatcher (backpressure, never
// loss): enough for a burst of whole call cycles on every line.
constexpr std::uint32_t kUpcallsPerLine = 8;

// The dispatcher preallocates a ring of `capacity` upcalls for each worker (its producer), so
// it is sized per worker: the largest share of lines any one worker carries. A full ring makes
// that worker wait for the dispatcher, never grow (pipeline/dispatcher.h).
std::size_t upcalls_per_worker(const LineDirectory& directory, std::size_t spans,
                               const config::ProviderConfig& config) {
  const std::uint32_t workers = pipeline::worker_count(
      static_cast<std::uint32_t>(spans), static_cast<std::uint32_t>(config.engine.workers),
      std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::size_t> lines(std::max(1u, workers), 0);
  for (std::size_t i = 0; i < spans; ++i)
    lines[i % lines.size()] += directory.spans()[i].channel_count;
  return std::max<std::size_t>(256,
                               *std::max_element(lines.begin(), lines.end()) * kUpcallsPerLine);
}

// Spinning before sleeping pays only when every provider thread has a core of its own;
// otherwise a spinning thread steals the core of the thread it is waiting for (DESIGN.md §3).
std::uint32_t spin_budget_us(std::size_t spans, const config::ProviderConfig& config) {
  const std::uint32_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::uint32_t workers = pipeline::worker_count(
      static_cast<std::uint32_t>(spans), static_cast<std::uint32_t>(config.engine.workers), cores);
  return workers + 1 < cores || config.engine.spin_always ? config.engine.spin_us : 0;
}

// The codec for `count` slots of `what`, or a readable reason not to start.
HandleCodec handles_for(std::uint32_t count, const char* what,
                        const config::ProviderConfig& config) {
  const unsigned bits =
      config.engine.handle_bits != 0 ? config.engine.handle_bits : kPointerHandleBits;
  if (auto codec = HandleCodec::for_capacity(count, bits)) return *codec;
  throw std::runtime_error(std::to_string(count) + " " + what + " need more than the " +
                           std::to_string(HandleCodec::max_slots(bits)) + " a " +
                           std::to_string(bits) +
                           "-bit TSPI handle can name; configure fewer lines");
}

std::size_t ring_capacity(std::uint32_t lines) {
  // A couple of commands per line in flight at once (a request and a close), plus slack.
  return static_cast<std::size_t>(lines) * 2 + 16;
}

}  // namespace

Engine::Engine(const LineDirectory& directory, const config::ProviderConfig& config,
               ASYNC_COMPLETION completion)
    : directory_(directory),
      lines_(new Line[directory.slot_count()]),
      call_capacity_(directory.channel_count() * kCallsPerChannel),
      line_handles_(handles_for(directory.size(), "lines", config)),
      call_handles_(handles_for(call_capacity_, "call slots (two per channel)", config)),
      calls_(new Call[call_capacity_]),
      call_pool_(call_capacity_),
      dispatcher_(upcalls_per_worker(directory, directory.spans().size(), config),
                  pipeline::worker_count(static_cast<std::uint32_t>(directory.spans().size()),
                                         static_cast<std::uint32_t>(config.engine.workers),
                                         std::max(1u, std::thread::hardware_concurrency())),
                  completion, *this, spin_budget_us(directory.spans().size(), config)) {
  const auto& spans = directory.spans();
  for (std::uint32_t i = 0; i < spans.size(); ++i) {
    const auto& span = spans[i];
    const auto& board = config.boards[span.board_index];
    auto signalling = board::make_span_signalling(board, span.config, i);
    if (!signalling) {
      throw std::runtime_error("span " + std::to_string(span.config.id) + ": signalling '" +
                               config::describe_signalling(span.config) +
                               "' is not available on board '" + board.name + "' (driver '" +
                               board.driver + "')");
    }
    spans_.push_back(std::make_unique<SpanRuntime>(*this, i, span, std::move(signalling),
                                                   ring_capacity(span.channel_count)));
  }

  const std::uint32_t count = pipeline::worker_count(
      static_cast<std::uint32_t>(spans_.size()), static_cast<std::uint32_t>(config.engine.workers),
      std::thread::hardware_concurrency());
  pipeline::WorkerOptions options{config.engine.batch,
                                  spin_budget_us(directory.spans().size(), config)};
  for (std::uint32_t w = 0; w < count; ++w) {
    workers_.push_back(std::make_unique<pipeline::SpanWorker>(w, options, dispatcher_));
  }
  for (std::uint32_t i = 0; i < spans_.size(); ++i) {
    auto& worker = *workers_[i % count];
    spans_[i]->bind(worker);
    worker.add(*spans_[i]);
  }
  refused_backlog_.reserve(call_capacity_);
  SPANTSP_LOG_INFO("engine: %zu spans on %u workers, %u call slots", spans_.size(), count,
                   call_capacity_);
}

Engine::~Engine() {
  stop();
}

void Engine::start() {
  dispatcher_.start();
  for (auto& worker : workers_) worker->start();
  started_ = true;
}

void Engine::stop() {
  if (!started_) return;
  // Lines TAPI left open are closed as lineClose would (nothing is sent for them after).
  for (std::uint32_t i = 0; i < directory_.size(); ++i) {
    if (lines_[i].open.load(std::memory_order_acquire)) {
      line_close(line_handle(i, lines_[i].generation.load(std::memory_order_acquire)));
    }
  }
  for (auto& worker : workers_) worker->stop();
  dispatcher_.stop();
  started_ = false;
}

HDRVCALL Engine::call_handle(std::uint32_t index, std::uint32_t generation) const {
  return reinterpret_cast<HDRVCALL>(call_handles_.encode(index, generation));
}

HDRVLINE Engine::line_handle(std::uint32_t index, std::uint32_t generation) const {
  return reinterpret_cast<HDRVLINE>(line_handles_.encode(index, generation));
}

std::optional<std::uint32_t> Engine::allocate_call() {
  return call_pool_.acquire();
}

std::optional<std::uint32_t> Engine::allocate_call_waiting_for_closed() {
  pipeline::Backoff backoff;
  for (;;) {
    if (auto index = call_pool_.acquire()) return index;
    // Slots lineCloseCall's fast path closed are on their way back: their workers free them
    // behind what they have queued, without waiting for anyone. Full means full only when
    // none is left in flight.
    if (closed_not_freed_.load(std::memory_order_acquire) == 0) return call_pool_.acquire();
    backoff.pause();
  }
}

Line* Engine::resolve_line(HDRVLINE hd_line, std::uint32_t* index) {
  const auto parts = line_handles_.decode(reinterpret_cast<std::uintptr_t>(hd_line));
  if (!parts || parts->index >= directory_.size()) return nullptr;
  Line& line = lines_[parts->index];
  if (!line.open.load(std::memory_order_acquire) ||
      !line_handles_.same_generation(line.generation.load(std::memory_order_acquire),
                                     parts->generation)) {
    return nullptr;
  }
  *index = parts->index;
  return &line;
}

Call* Engine::resolve_call(HDRVCALL hd_call, std::uint32_t* index, std::uint32_t* generation) {
  const auto parts = call_handles_.decode(reinterpret_cast<std::uintptr_t>(hd_call));
  if (!parts || parts->index >= call_capacity_) return nullptr;
  Call& call = calls_[parts->index];
  const std::uint32_t current = call.generation.load(std::memory_order_acquire);
  if (!call_handles_.same_generation(current, parts->generation)) return nullptr;
  *index = parts->index;
  *generation = current;
  return &call;
}

Line* Engine::enter_line(HDRVLINE hd_line, std::uint32_t* index, pipeline::GateEntry& entry) {
  const auto parts = line_handles_.decode(reinterpret_cast<std::uintptr_t>(hd_line));
  if (!parts || parts->index >= directory_.size()) return nullptr;
  if (!entry.enter(lines_[parts->index].gate)) return nullptr;  // lineClose has begun
  return resolve_line(hd_line, index);
}

Call* Engine::enter_call(HDRVCALL hd_call, std::uint32_t* index, std::uint32_t* generation,
                         CallSnapshot* snapshot, pipeline::GateEntry& call_entry,
                         pipeline::GateEntry& line_entry) {
  const auto parts = call_handles_.decode(reinterpret_cast<std::uintptr_t>(hd_call));
  if (!parts || parts->index >= call_capacity_) return nullptr;
  Call& call = calls_[parts->index];
  if (!call_entry.enter(call.gate)) return nullptr;  // lineCloseCall has begun
  if (resolve_call(hd_call, index, generation) == nullptr) return nullptr;
  *snapshot = call.snapshot.load();
  if (snapshot->generation != *generation || snapshot->line_index == kNoIndex) return nullptr;
  if (!line_entry.enter(lines_[snapshot->line_index].gate)) return nullptr;  // lineClose
  // A lineClose that completed between the two entries has freed the call: stale now.
  if (call.generation.load(std::memory_order_acquire) != *generation) return nullptr;
  return &call;
}

SpanRuntime& Engine::span_of_line(std::uint32_t line_index) {
  return *spans_[directory_.lines()[line_index].span_index];
}

LONG Engine::post(std::uint32_t line_index, const Command& command) {
  return span_of_line(line_index).post(command) ? 0 : LINEERR_RESOURCEUNAVAIL;
}

void Engine::post_to_parts(std::uint32_t line_index, Command command) {
  for (std::uint32_t part : directory_.lines()[line_index].parts) {
    command.line_index = part;
    post_waiting(part, command);
  }
}

LONG Engine::post_for_call(Call& call, std::uint32_t line_index, const Command& command) {
  call.posted.fetch_add(1, std::memory_order_acq_rel);
  const LONG error = post(line_index, command);
  if (error != 0) call.posted.fetch_sub(1, std::memory_order_acq_rel);  // never reached it
  return error;
}

void Engine::post_waiting(std::uint32_t line_index, const Command& command) {
  SpanRuntime& span = span_of_line(line_index);
  pipeline::Backoff backoff;
  while (!span.post(command)) backoff.pause();
}

void Engine::post_and_wait(std::uint32_t line_index, Command command) {
  // The fence passes on the dispatcher thread: waiting for it there would never return.
  // TAPI never calls in from inside our callback (tspi-contract §8); fail loudly if one does.
  if (dispatcher_.on_dispatcher_thread()) {
    throw std::logic_error("lineClose/lineCloseCall called from inside a provider callback");
  }
  pipeline::Fence fence;
  command.fence = &fence;
  post_waiting(line_index, command);  // closing cannot fail: wait for room
  fence.wait();
}

HTAPICALL* Engine::ht_call_slot(std::uint32_t index, std::uint32_t generation) {
  if (index >= call_capacity_) return nullptr;
  Call& call = calls_[index];
  if (call.generation.load(std::memory_order_acquire) != generation) return nullptr;
  return &call.ht_call;
}

void Engine::new_call_refused(std::uint32_t index, std::uint32_t generation) {
  const std::uint32_t line_index = calls_[index].snapshot.load().line_index;
  if (line_index == kNoIndex) return;
  Command command;
  command.op = Command::Op::kNewCallRefused;
  command.line_index = line_index;
  command.call_index = index;
  command.call_generation = generation;
  // Never wait here: the worker may be waiting for the dispatcher (backpressure).
  if (!span_of_line(line_index).post(command)) refused_backlog_.push_back(command);
}

bool Engine::retry_deferred() {
  std::erase_if(refused_backlog_, [this](const Command& command) {
    return span_of_line(command.line_index).post(command);
  });
  return refused_backlog_.empty();
}

void Engine::call_settled(std::uint32_t index, std::uint32_t generation, std::uint32_t handled) {
  // Release: the upcalls made before this record happen-before a closer that reads it.
  calls_[index].settled.store(settled_word(generation, handled), std::memory_order_release);
}

void Engine::free_call(std::uint32_t index, std::uint32_t generation, bool closed_by_tapi) {
  if (index != kNoCall) {
    Call& call = calls_[index];
    // Only the thread that moves the generation on frees the slot: a lineCloseCall and a
    // lineClose racing for it free it once.
    if (call.generation.compare_exchange_strong(generation, generation + 1,
                                                std::memory_order_acq_rel)) {
      call.ht_call = nullptr;
      call.gate.reopen();  // a closer's gate opens for the slot's next call
      call_pool_.release(index);
    }
  }
  // After the release: a lineMakeCall that finds the pool empty and nothing in flight may
  // trust that (allocate_call_waiting_for_closed).
  if (closed_by_tapi) closed_not_freed_.fetch_sub(1, std::memory_order_acq_rel);
}

std::uint32_t Engine::calls_in_use() const {
  const std::uint32_t allocated = call_pool_.in_use();
  const std::uint32_t closed = closed_not_freed_.load(std::memory_order_acquire);
  return allocated > closed ? allocated - closed : 0;
}

}  // namespace spantsp::core
