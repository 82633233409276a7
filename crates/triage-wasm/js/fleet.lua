-- claude-triage fleet pacing, as one Redis script: every process (or tab) sending with one API key EVALs this to
-- apply one event to the key's shared state atomically.
--
-- It is a port of `triage_core::retry::fleet::step` (crates/triage-core/src/retry/fleet.rs), which is the
-- reference: every function below carries its Rust name and does what it does, in the same order. The npm tests'
-- fleet-conformance.test.mjs runs the Rust (compiled to wasm, `fleetStep`) and this script on a real redis-server
-- over thousands of random events and requires the same verdict and the same state, byte for byte, after each;
-- a change to one that is not made to the other fails there.
--
-- Why doubles are exact here: Redis's Lua 5.1 has only doubles, which hold every integer below 2^53 exactly, and
-- the Rust keeps every intermediate below 2^53 (limits and costs are clamped to 100,000,000 units of 60,000
-- ticks, bursts to an hour, windows to 100,000,000 thousandths), so +, -, * and comparisons give the Rust's
-- integers. Only division rounds: `idiv` and `div_ceil` correct the floor of the quotient by one step. The one
-- input that is not bounded is time: `now_ms` is clamped to ±2^52 (142,000 years either side of 1970), so that
-- `now + an hour` and `at_ms + a refill` stay exact; the Rust's i64 saturation at ±2^63 is never reached.
--
-- KEYS[1]  the key holding the state (the FleetState as serde_json writes it).
-- ARGV[1]  the event as JSON (the core's Event: {"reserve":{...}}, {"observe_limits":{...}}, ...).
-- ARGV[2]  the FleetConfig as JSON; every field is optional, with the Rust defaults.
-- ARGV[3]  now in epoch ms as a decimal integer, or "" for Redis's own clock (TIME): a fleet's clocks disagree,
--          Redis's is the one they share.
-- ARGV[4]  the key's expiry in ms, set again at every write: a key nothing has touched for that long is dropped
--          and starts fresh, as does a key Redis lost.
-- Returns { verdict as JSON, now_ms used as a decimal string }. A malformed event, config, time or expiry is an
-- error reply starting "claude-triage fleet: ".
--
-- Where the script is more lenient than serde (malformed input only; a valid event always gives the same answer):
-- cjson reads 1e3, 1000.0 and 0x10 as integers where serde_json refuses a float or hex for an integer field, and
-- a number at or just above 2^64 (or 2^63) rounds to it, so u64::MAX and u64::MAX + 1 are not told apart. The
-- sequence forms serde also accepts for a struct (`{"reserve":[cost, null, 600000]}`) are refused here.

local TICKS_PER_UNIT = 60000
local MAX_UNITS = 100000000
local MAX_PAUSE_MS = 3600000
local MAX_LEASE_MS = 3600000
local DEFAULT_LEASE_MS = 600000
local MILLI = 1000
-- now_ms is clamped to ±TIME_BOUND (see the header).
local TIME_BOUND = 4503599627370496 -- 2^52
local TWO_63 = 9223372036854775808
local TWO_64 = 18446744073709551616
local U32_MAX = 4294967295

local DIMENSIONS = { 'requests', 'input_tokens', 'output_tokens' }

local function fail(message)
  error({ fleet = message }, 0)
end

-- Integer helpers: every argument is an integer below 2^53, `b` > 0.

-- floor(a / b) for a >= 0. The correction never fires for a, b < 2^53 (a quotient that is not an integer is at
-- least 1/b from one, more than its rounding error), which is every call here; it makes the helper right by
-- construction instead of by that argument, should a bound ever be raised.
local function idiv(a, b)
  local q = math.floor(a / b)
  if q * b > a then
    q = q - 1
  elseif (q + 1) * b <= a then
    q = q + 1
  end
  return q
end

-- u64::div_ceil.
local function div_ceil(a, b)
  local q = idiv(a, b)
  if q * b < a then
    q = q + 1
  end
  return q
end

local function min(a, b)
  if a < b then return a end
  return b
end

local function max(a, b)
  if a > b then return a end
  return b
end

-- Ord::clamp (lo <= hi everywhere it is used, as the Rust requires).
local function clamp(v, lo, hi)
  return max(lo, min(v, hi))
end

-- u64::saturating_sub.
local function saturating_sub(a, b)
  if a > b then return a - b end
  return 0
end

-- Reading JSON (cjson, whose numbers are strtod's doubles: exact for every integer below 2^53).

local null = cjson.null

local function is_int(v)
  return type(v) == 'number' and v == v and v ~= math.huge and v ~= -math.huge and math.floor(v) == v
end

local function is_object(v)
  -- cjson gives arrays and objects both as tables; an array has [1] (an empty one is read as an empty object).
  return type(v) == 'table' and v[1] == nil
end

local function u64(v, what)
  if not (is_int(v) and v >= 0 and v <= TWO_64) then
    fail(what .. ' is not an unsigned integer')
  end
  return v
end

local function u32(v, what)
  if not (is_int(v) and v >= 0 and v <= U32_MAX) then
    fail(what .. ' is not an integer from 0 to 4294967295')
  end
  return v
end

local function i64(v, what)
  if not (is_int(v) and v >= -TWO_63 and v <= TWO_63) then
    fail(what .. ' is not an integer')
  end
  return v
end

-- An `Option<T>` field: absent or null is nil.
local function optional(v, read, what)
  if v == nil or v == null then return nil end
  return read(v, what)
end

-- A required field: serde refuses a missing one, and null for a non-Option.
local function required(object, field, read, what)
  local v = object[field]
  if v == nil then fail(what .. ' has no field ' .. field) end
  return read(v, what .. '.' .. field)
end

local function object(v, what)
  if not is_object(v) then fail(what .. ' is not an object') end
  return v
end

-- An externally tagged enum: a string for a unit variant, else an object with one key (serde also reads a unit
-- variant as {"name": null}).
local function variant(v, what)
  if type(v) == 'string' then return v, nil end
  if is_object(v) then
    local name, body
    for k, b in pairs(v) do
      if name ~= nil then fail(what .. ' has more than one variant') end
      name, body = k, b
    end
    if name ~= nil then return name, body end
  end
  fail(what .. ' is not a variant')
end

local function decode(text, what)
  local ok, value = pcall(cjson.decode, text)
  if not ok then fail(what .. ' is not JSON') end
  return value
end

-- FleetConfig::default() with #[serde(default)] (the window numbers are AdmissionConfig::default()'s).
local function read_config(text)
  local c = object(decode(text, 'config'), 'config')
  local function field(name, read, default)
    local v = c[name]
    if v == nil then return default end
    return read(v, 'config.' .. name)
  end
  local function per_minute(name)
    return optional(c[name], u64, 'config.' .. name)
  end
  return {
    requests_per_minute = per_minute('requests_per_minute'),
    input_tokens_per_minute = per_minute('input_tokens_per_minute'),
    output_tokens_per_minute = per_minute('output_tokens_per_minute'),
    burst_ms = field('burst_ms', u64, 6000),
    token_burst_ms = field('token_burst_ms', u64, 60000),
    initial_window = field('initial_window', u32, 4),
    min_window = field('min_window', u32, 1),
    max_window = field('max_window', u32, 256),
    decrease_permille = field('decrease_permille', u32, 700),
  }
end

-- fleet::sane.
local function sane(config)
  local min_window = clamp(config.min_window, 1, 100000)
  local max_window = clamp(config.max_window, min_window, 100000)
  local permille = config.decrease_permille
  if not (permille >= 1 and permille < 1000) then
    permille = 700
  end
  return {
    requests_per_minute = config.requests_per_minute,
    input_tokens_per_minute = config.input_tokens_per_minute,
    output_tokens_per_minute = config.output_tokens_per_minute,
    burst_ms = clamp(config.burst_ms, 1, 3600000),
    token_burst_ms = clamp(config.token_burst_ms, 1, 3600000),
    min_window = min_window,
    max_window = max_window,
    initial_window = clamp(config.initial_window, min_window, max_window),
    decrease_permille = permille,
  }
end

local function read_cost(v, what)
  object(v, what)
  return {
    requests = required(v, 'requests', u64, what),
    input_tokens = required(v, 'input_tokens', u64, what),
    output_tokens = required(v, 'output_tokens', u64, what),
  }
end

local function read_seen(v, what)
  object(v, what)
  return {
    limit = optional(v.limit, u64, what .. '.limit'),
    remaining = optional(v.remaining, u64, what .. '.remaining'),
  }
end

local function read_outcome(v, what)
  local name, body = variant(v, what)
  if name == 'success' then
    if body ~= nil and body ~= null then fail(what .. '.success takes no fields') end
    return { kind = 'success' }
  elseif name == 'overloaded' then
    object(body, what .. '.overloaded')
    return { kind = 'overloaded', backoff_ms = required(body, 'backoff_ms', u64, what .. '.overloaded') }
  elseif name == 'rate_limited' then
    object(body, what .. '.rate_limited')
    return {
      kind = 'rate_limited',
      retry_after_ms = optional(body.retry_after_ms, u64, what .. '.rate_limited.retry_after_ms'),
    }
  end
  fail(what .. ' is not success, overloaded or rate_limited')
end

local function read_event(text)
  local name, body = variant(decode(text, 'event'), 'event')
  local what = 'event.' .. tostring(name)
  if name == 'reserve' then
    object(body, what)
    local lease_ms = DEFAULT_LEASE_MS
    if body.lease_ms ~= nil then lease_ms = u64(body.lease_ms, what .. '.lease_ms') end
    return {
      kind = 'reserve',
      cost = required(body, 'cost', read_cost, what),
      deadline_ms = optional(body.deadline_ms, i64, what .. '.deadline_ms'),
      lease_ms = lease_ms,
    }
  elseif name == 'observe_limits' then
    object(body, what)
    local limits = required(body, 'limits', object, what)
    local observed = {}
    for _, d in ipairs(DIMENSIONS) do
      observed[d] = optional(limits[d], read_seen, what .. '.limits.' .. d)
    end
    return { kind = 'observe_limits', limits = observed }
  elseif name == 'observe_outcome' then
    object(body, what)
    return {
      kind = 'observe_outcome',
      seq = required(body, 'seq', u64, what),
      outcome = required(body, 'outcome', read_outcome, what),
    }
  elseif name == 'release' then
    object(body, what)
    return { kind = 'release', seq = required(body, 'seq', u64, what) }
  end
  fail('event is not reserve, observe_limits, observe_outcome or release')
end

-- FleetState::new.
local function new_state(config)
  local function bucket() return { debt = 0, at_ms = 0, learned_limit = 0 } end
  return {
    requests = bucket(),
    input_tokens = bucket(),
    output_tokens = bucket(),
    window_milli = config.initial_window * MILLI,
    slow_start_until_milli = config.max_window * MILLI,
    leases = {},
    next_seq = 0,
    recovery_seq = 0,
    paused_until_ms = 0,
  }
end

-- The stored state, or nil when the text is not one (the caller starts fresh: the store heals rather than refusing
-- every send of the key forever). Unknown fields are dropped, as serde ignores them.
local function read_state(text)
  local ok, state = pcall(function()
    local s = object(decode(text, 'state'), 'state')
    local function bucket(name)
      local b = required(s, name, object, 'state')
      return {
        debt = required(b, 'debt', u64, name),
        at_ms = required(b, 'at_ms', i64, name),
        learned_limit = required(b, 'learned_limit', u64, name),
      }
    end
    local leases = s.leases
    if type(leases) ~= 'table' then fail('state.leases is not an array') end
    local list, entries = {}, 0
    for _ in pairs(leases) do
      entries = entries + 1
    end
    for i, l in ipairs(leases) do
      object(l, 'lease')
      list[i] = { seq = required(l, 'seq', u64, 'lease'), until_ms = required(l, 'until_ms', i64, 'lease') }
    end
    -- An object with fields is not an array (an empty one reads as [], which cjson cannot tell apart).
    if entries ~= #list then fail('state.leases is not an array') end
    return {
      requests = bucket('requests'),
      input_tokens = bucket('input_tokens'),
      output_tokens = bucket('output_tokens'),
      window_milli = required(s, 'window_milli', u64, 'state'),
      slow_start_until_milli = required(s, 'slow_start_until_milli', u64, 'state'),
      leases = list,
      next_seq = required(s, 'next_seq', u64, 'state'),
      recovery_seq = required(s, 'recovery_seq', u64, 'state'),
      paused_until_ms = required(s, 'paused_until_ms', i64, 'state'),
    }
  end)
  if ok then return state end
  return nil
end

-- Writing JSON, by hand: cjson writes numbers with 14 significant digits and an empty array as {}.

-- An integer below 2^53 in full, without exponent or ".0" (and 0 for -0).
local function int(n)
  return string.format('%.0f', n + 0)
end

local function encode_bucket(b)
  return '{"debt":' .. int(b.debt) .. ',"at_ms":' .. int(b.at_ms) .. ',"learned_limit":' .. int(b.learned_limit) .. '}'
end

-- Field order as serde_json writes FleetState, so the stored text is the Rust's byte for byte.
local function encode_state(s)
  local leases = {}
  for i, l in ipairs(s.leases) do
    leases[i] = '{"seq":' .. int(l.seq) .. ',"until_ms":' .. int(l.until_ms) .. '}'
  end
  return '{"requests":' .. encode_bucket(s.requests)
    .. ',"input_tokens":' .. encode_bucket(s.input_tokens)
    .. ',"output_tokens":' .. encode_bucket(s.output_tokens)
    .. ',"window_milli":' .. int(s.window_milli)
    .. ',"slow_start_until_milli":' .. int(s.slow_start_until_milli)
    .. ',"leases":[' .. table.concat(leases, ',') .. ']'
    .. ',"next_seq":' .. int(s.next_seq)
    .. ',"recovery_seq":' .. int(s.recovery_seq)
    .. ',"paused_until_ms":' .. int(s.paused_until_ms)
    .. '}'
end

-- Verdicts, as the Rust's Verdict serialises.
local function admit(seq)
  return '{"admit":{"seq":' .. int(seq) .. '}}'
end

local function wait_until(at_ms, dimension)
  local reason = '"paused"'
  if dimension then reason = '{"bucket":{"dimension":"' .. dimension .. '"}}' end
  return '{"wait_until":{"at_ms":' .. int(at_ms) .. ',"reason":' .. reason .. '}}'
end

local WAIT_FOR_RELEASE = '"wait_for_release"'
local NOTED = '"noted"'

local function cost_over_limit(dimension, limit)
  return '{"refuse":{"refusal":{"cost_over_limit":{"dimension":"' .. dimension .. '","limit":' .. int(limit) .. '}}}}'
end

local function past_deadline(until_ms)
  return '{"refuse":{"refusal":{"past_deadline":{"until_ms":' .. int(until_ms) .. '}}}}'
end

-- The step, function by function as in fleet.rs. `dimension` is the bucket's field name, as in the JSON.

local function units(cost, dimension)
  return min(cost[dimension], MAX_UNITS)
end

-- fleet::limit (0: unknown, so unlimited).
local function limit(state, dimension, config)
  local configured = min(config[dimension .. '_per_minute'] or 0, MAX_UNITS)
  local learned = min(state[dimension].learned_limit, MAX_UNITS)
  if configured == 0 then return learned end
  if learned == 0 then return configured end
  return min(configured, learned)
end

-- fleet::capacity. limit * burst_ms <= 10^8 * 3.6 * 10^6 < 2^53.
local function capacity(dimension, lim, config)
  local burst_ms = config.token_burst_ms
  if dimension == 'requests' then burst_ms = config.burst_ms end
  return clamp(idiv(lim * burst_ms, TICKS_PER_UNIT), 1, max(lim, 1))
end

-- fleet::debt_at (no refill for an instant before the bucket's).
local function debt_at(b, lim, now_ms)
  local elapsed = max(now_ms - b.at_ms, 0)
  if elapsed >= div_ceil(b.debt, lim) then
    return 0
  end
  return b.debt - elapsed * lim
end

-- fleet::ready_at (nil: now).
local function ready_at(dimension, b, n, lim, config, now_ms)
  local capacity_ticks = capacity(dimension, lim, config) * TICKS_PER_UNIT
  local target = capacity_ticks - min(n * TICKS_PER_UNIT, capacity_ticks)
  if debt_at(b, lim, now_ms) <= target then
    return nil
  end
  return b.at_ms + div_ceil(b.debt - target, lim)
end

-- fleet::in_flight.
local function in_flight(state, now_ms)
  local n = 0
  for _, l in ipairs(state.leases) do
    if l.until_ms > now_ms then n = n + 1 end
  end
  return n
end

-- fleet::allowed.
local function allowed(state)
  return max(idiv(state.window_milli, MILLI), 1)
end

-- Vec::retain on the leases.
local function retain_leases(state, keep)
  local kept = {}
  for _, l in ipairs(state.leases) do
    if keep(l) then kept[#kept + 1] = l end
  end
  state.leases = kept
end

-- fleet::reserve.
local function reserve(state, cost, deadline_ms, lease_ms, now_ms, config)
  local wait_at, wait_dimension = nil, nil
  if state.paused_until_ms > now_ms then
    wait_at = state.paused_until_ms
  end
  for _, dimension in ipairs(DIMENSIONS) do
    local lim = limit(state, dimension, config)
    local n = units(cost, dimension)
    if lim ~= 0 and n ~= 0 then
      if n > lim then
        return cost_over_limit(dimension, lim)
      end
      local at = ready_at(dimension, state[dimension], n, lim, config, now_ms)
      if at ~= nil and (wait_at == nil or at > wait_at) then
        wait_at, wait_dimension = at, dimension
      end
    end
  end
  if wait_at ~= nil then
    if deadline_ms ~= nil and wait_at > deadline_ms then
      return past_deadline(wait_at)
    end
    return wait_until(wait_at, wait_dimension)
  end
  if in_flight(state, now_ms) >= allowed(state) then
    return WAIT_FOR_RELEASE
  end
  for _, dimension in ipairs(DIMENSIONS) do
    local lim = limit(state, dimension, config)
    local n = units(cost, dimension)
    if n ~= 0 then
      local b = state[dimension]
      -- With the limit still unknown nothing drains, but what was sent is counted, so the first `-limit` header
      -- finds the burst already spent (see observe_limits).
      local debt = b.debt
      if lim ~= 0 then debt = debt_at(b, lim, now_ms) end
      b.debt = min(debt + n * TICKS_PER_UNIT, MAX_UNITS * TICKS_PER_UNIT)
      b.at_ms = max(b.at_ms, now_ms)
    end
  end
  local seq = state.next_seq
  state.next_seq = seq + 1
  -- Ended leases go only when a send is admitted, so a reservation that waits leaves the state as it was.
  retain_leases(state, function(l) return l.until_ms > now_ms end)
  state.leases[#state.leases + 1] = { seq = seq, until_ms = now_ms + clamp(lease_ms, 1, MAX_LEASE_MS) }
  return admit(seq)
end

-- fleet::observe_limits.
local function observe_limits(state, limits, now_ms, config)
  for _, dimension in ipairs(DIMENSIONS) do
    local window = limits[dimension]
    if window ~= nil then
      local before = limit(state, dimension, config)
      if window.limit ~= nil and window.limit > 0 then
        state[dimension].learned_limit = min(window.limit, MAX_UNITS)
      end
      local lim = limit(state, dimension, config)
      if before == 0 and lim > 0 then
        -- What was sent before any limit was known owes at most an empty bucket.
        local b = state[dimension]
        b.debt = min(b.debt, capacity(dimension, lim, config) * TICKS_PER_UNIT)
      end
      if window.remaining ~= nil and lim ~= 0 then
        local cap = capacity(dimension, lim, config)
        local floor = (cap - min(window.remaining, cap)) * TICKS_PER_UNIT
        local b = state[dimension]
        local debt = debt_at(b, lim, now_ms)
        if floor > debt then
          b.debt = floor
          b.at_ms = max(b.at_ms, now_ms)
        end
      end
    end
  end
end

-- fleet::end_lease.
local function end_lease(state, seq)
  retain_leases(state, function(l) return l.seq ~= seq end)
end

-- fleet::pause.
local function pause(state, now_ms, ms)
  state.paused_until_ms = max(state.paused_until_ms, now_ms + min(ms, MAX_PAUSE_MS))
end

-- fleet::grow.
local function grow(state, config)
  local step = MILLI
  if state.window_milli >= state.slow_start_until_milli then
    step = max(idiv(MILLI * MILLI, state.window_milli), 1)
  end
  state.window_milli = min(state.window_milli + step, config.max_window * MILLI)
end

-- fleet::shrink.
local function shrink(state, seq, backoff_ms, now_ms, config)
  local floor = config.min_window * MILLI
  if seq >= state.recovery_seq and state.window_milli > floor then
    local permille = config.decrease_permille
    if state.window_milli < state.slow_start_until_milli then
      permille = 500
    end
    state.window_milli = max(idiv(state.window_milli * permille, MILLI), floor)
    state.slow_start_until_milli = state.window_milli
    state.recovery_seq = state.next_seq
  end
  if in_flight(state, now_ms) < allowed(state) then
    -- The window does not hold this retry back: the server is full even so, so every send waits.
    pause(state, now_ms, backoff_ms)
  end
end

-- fleet::step: the state is changed in place; returns the verdict's JSON.
local function step(state, event, now_ms, config)
  if event.kind == 'reserve' then
    return reserve(state, event.cost, event.deadline_ms, event.lease_ms, now_ms, config)
  elseif event.kind == 'observe_limits' then
    observe_limits(state, event.limits, now_ms, config)
    return NOTED
  elseif event.kind == 'observe_outcome' then
    end_lease(state, event.seq)
    local outcome = event.outcome
    if outcome.kind == 'success' then
      grow(state, config)
    elseif outcome.kind == 'overloaded' then
      shrink(state, event.seq, outcome.backoff_ms, now_ms, config)
    else
      -- Without a hint, one request's refill (or a second when the limit is unknown).
      local interval = 1000
      local lim = limit(state, 'requests', config)
      if lim ~= 0 then interval = div_ceil(TICKS_PER_UNIT, lim) end
      pause(state, now_ms, outcome.retry_after_ms or interval)
    end
    return NOTED
  end
  end_lease(state, event.seq)
  return NOTED
end

local function read_now(text)
  if text == nil or text == '' then
    local time = redis.call('TIME')
    return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  end
  if not string.match(text, '^%-?%d+$') then
    fail('now_ms is not a decimal integer or ""')
  end
  return clamp(tonumber(text), -TIME_BOUND, TIME_BOUND)
end

local function main()
  local key = KEYS[1]
  if key == nil then fail('no key (KEYS[1])') end
  local event = read_event(ARGV[1] or '')
  local config = sane(read_config(ARGV[2] or ''))
  local now_ms = read_now(ARGV[3])
  local ttl = ARGV[4]
  if ttl == nil or not string.match(ttl, '^%d+$') or tonumber(ttl) < 1 then
    fail('expiry (ARGV[4]) is not a positive number of ms')
  end
  -- A value of another type (WRONGTYPE) is healed like a value that is not a state.
  local stored = redis.pcall('GET', key)
  local state = nil
  if type(stored) == 'string' then
    state = read_state(stored)
  end
  if state == nil then
    -- Missing (never used, expired, lost in a restart) or not a state: a fresh one, as FleetState::new.
    state = new_state(config)
  end
  local verdict = step(state, event, now_ms, config)
  redis.call('SET', key, encode_state(state), 'PX', ttl)
  return { verdict, int(now_ms) }
end

local ok, result = pcall(main)
if ok then
  return result
end
if type(result) == 'table' and result.fleet then
  return redis.error_reply('claude-triage fleet: ' .. result.fleet)
end
error(result, 0)
