-- Shared by the wrk scripts next to it (one per request kind): options, fresh ids, status checks and
-- one JSON line of results. A kind script calls `bench.run { status = ..., path = ..., body = ... }`.
--
-- Options come after wrk's `--` as key=value pairs (accessToken=..., conversationId=..., ...).
-- Every response whose status is not the expected one is counted (and the first one kept as a
-- sample), so the TypeScript side can refuse a figure that includes failed requests.

local bench = {}

local function options(args)
  local o = {}
  for _, arg in ipairs(args) do
    local key, value = arg:match('^([%w_]+)=(.*)$')
    if key then o[key] = value end
  end
  return o
end

local function seed_from_urandom()
  local f = io.open('/dev/urandom', 'rb')
  local bytes = f and f:read(6) or tostring(os.time() + os.clock())
  if f then f:close() end
  local n = 0
  for i = 1, #bytes do n = n * 256 + bytes:byte(i) end
  math.randomseed(n)
end

local function r16() return math.random(0, 0xffff) end

-- A lower-case RFC 4122 version 4 UUID (version nibble 4, variant 8-b), as MIAW ids must be.
function bench.uuid4()
  return string.format('%04x%04x-%04x-4%03x-%04x-%04x%04x%04x',
    r16(), r16(), r16(), math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), r16(), r16(), r16())
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format('\\u%04x', c:byte()) end) .. '"'
end

-- Installs wrk's hooks for one request kind: spec.status (expected), spec.method (POST unless said),
-- spec.path(o), spec.headers(o) (besides content-type) and spec.body(o) (called per request when
-- spec.fresh, else once). A request without spec.body is sent without a body or a content type.
function bench.run(spec)
  local threads = {}

  function setup(thread) table.insert(threads, thread) end

  function init(args)
    seed_from_urandom()
    local o = options(args)
    wrk.method = spec.method or 'POST'
    wrk.path = spec.path(o)
    if spec.body then wrk.headers['Content-Type'] = 'application/json' end
    for name, value in pairs(spec.headers and spec.headers(o) or {}) do wrk.headers[name] = value end
    if not spec.body then
      wrk.body = nil
    elseif spec.fresh then
      request = function() return wrk.format(nil, nil, nil, spec.body(o)) end
    else
      wrk.body = spec.body(o)
    end
    unexpected, sample = 0, ''
  end

  function response(status, _, body)
    if status ~= spec.status then
      unexpected = unexpected + 1
      if sample == '' then sample = status .. ' ' .. (body or ''):sub(1, 300) end
    end
  end

  function done(summary, latency)
    local bad, first = 0, ''
    for _, thread in ipairs(threads) do
      bad = bad + (thread:get('unexpected') or 0)
      if first == '' then first = thread:get('sample') or '' end
    end
    local e = summary.errors
    io.write(string.format(
      'WRK_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"unexpectedStatus":%d,'
        .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"sample":%s}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad,
      e.connect, e.read, e.write, e.status, e.timeout, json_string(first)))
  end
end

return bench
