-- ingest_sms.lua - wrk script for bench/ingest.sh: every request is an
-- SMS gateway's webhook (POST /sms/generic/MISSION, a form) carrying a
-- coded opening checklist from an observer's phone, with a gateway id of
-- its own, so each is a new message and a new report.
--
-- Environment: MISSION, SECRET (the mission's webhook secret), STATIONS,
-- OBSERVERS (observer i's phone is +7701 and i in seven digits), RUN (a
-- prefix making gateway ids unique across runs).

local mission = os.getenv("MISSION") or "bench"
local secret = os.getenv("SECRET") or ""
local stations = tonumber(os.getenv("STATIONS") or "1000")
local observers = tonumber(os.getenv("OBSERVERS") or "500")
local run = os.getenv("RUN") or "r"

local threads = {}
local counter = 0
-- TID0: threads of other wrk processes numbered before this one's, when
-- several share the load (bench/ingest_lib.sh); NTHREADS: all of them.
local tid0 = tonumber(os.getenv("TID0") or "0")
local nthreads_all = tonumber(os.getenv("NTHREADS") or "0")

function setup(thread)
   counter = counter + 1
   thread:set("tid", tid0 + counter)
   table.insert(threads, thread)
   for _, t in ipairs(threads) do
      t:set("nthreads", nthreads_all > 0 and nthreads_all or counter)
   end
end

function init(args)
   n = 0
   statuses = {}
   accepted = 0
   other = 0
   wrk.method = "POST"
   wrk.path = "/sms/generic/" .. mission
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
   n = n + 1
   -- Request n of thread tid is the k-th of the run: each station and
   -- observer comes round again only after every other has.
   local k = (n - 1) * nthreads + tid
   -- "OP S-000123 A1 B0745 C1 ... Z4 # bench RUN-k", spaces as +: the
   -- comment makes each message a report of its own, never a repeat.
   local text = string.format(
      "OP+S-%06d+A1+B07%02d+C%d+D1+E1+F1+G1+H0+I0+J1+K0+Z%d+%%23+bench+%s-%d",
      k % stations + 1, k % 60, k % 2, k % 3 + 2, run, k)
   local body = string.format(
      "from=%%2B7701%07d&text=%s&id=gw-%s-%d&secret=%s",
      k % observers + 1, text, run, k, secret)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 200 and body:find('"status":"accepted"', 1, true) then
      accepted = accepted + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local total, sent, ok, parts = {}, 0, 0, {}
   local acc, oth = 0, 0
   for _, t in ipairs(threads) do
      sent = sent + t:get("n")
      acc = acc + t:get("accepted")
      oth = oth + t:get("other")
      for code, c in pairs(t:get("statuses")) do
         total[code] = (total[code] or 0) + c
      end
   end
   for code, c in pairs(total) do
      if code >= 200 and code < 300 then ok = ok + c end
      table.insert(parts, string.format("%d=%d", code, c))
   end
   table.sort(parts)
   io.write(string.format("statuses: %s\nok_2xx: %d\nsent: %d\naccepted: %d\nother: %d\n",
      table.concat(parts, " "), ok, sent, acc, oth))
end
