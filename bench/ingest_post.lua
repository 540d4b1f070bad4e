-- ingest_post.lua - wrk script for bench/ingest.sh: every request POSTs a
-- new canonical JSON report (opening checklist) with an id of its own,
-- and the statuses are counted so the script can check that every 2xx
-- was stored.
--
-- Environment: TOKEN (an API token, sent as Bearer when set), MISSION
-- (mission code), STATIONS and OBSERVERS (how many
-- generated codes S-000001.. and O-00001.. exist), RUN (a prefix making
-- ids unique across runs), INVALID=1 to add an unknown question to every
-- report, so that each is refused (422) after parsing and validation,
-- without reaching the writer.

local mission = os.getenv("MISSION") or "bench"
local stations = tonumber(os.getenv("STATIONS") or "1000")
local observers = tonumber(os.getenv("OBSERVERS") or "500")
local run = os.getenv("RUN") or "r"
local extra = os.getenv("INVALID") == "1" and ',"QQ":1' or ''

local threads = {}
local counter = 0
-- TID0: threads of other wrk processes numbered before this one's, when
-- several share the load (bench/ingest_lib.sh).
local tid0 = tonumber(os.getenv("TID0") or "0")

function setup(thread)
   counter = counter + 1
   thread:set("tid", tid0 + counter)
   table.insert(threads, thread)
end

function init(args)
   n = 0
   statuses = {}
   wrk.method = "POST"
   wrk.path = "/api/v1/missions/" .. mission .. "/submissions"
   wrk.headers["Content-Type"] = "application/json"
   local token = os.getenv("TOKEN") or ""
   if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
end

local yes = { '"yes"', '"no"' }

function request()
   n = n + 1
   local k = tid * 100000000 + n
   local st = k % stations + 1
   local ob = k % observers + 1
   local body = string.format(
      '{"id":"%s-%d-%d","form":"OP","station":"S-%06d","observer":"O-%05d",' ..
      '"observed_at":"2023-03-19T07:%02d:00+05:00","answers":{"A":"yes","B":"07:%02d",' ..
      '"C":%s,"D":"yes","E":"yes","F":"yes","G":"yes","H":"no","I":"no","J":"yes",' ..
      '"K":"no","Z":%d%s},"comment":"bench report %d"}',
      run, tid, n, st, ob, n % 60, n % 60, yes[n % 2 + 1], n % 2 + 3, extra, n)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   local sent = 0
   for _, t in ipairs(threads) do
      sent = sent + t:get("n")
      local s = t:get("statuses")
      for code, c in pairs(s) do
         total[code] = (total[code] or 0) + c
      end
   end
   local ok = 0
   local parts = {}
   for code, c in pairs(total) do
      if code >= 200 and code < 300 then ok = ok + c end
      table.insert(parts, string.format("%d=%d", code, c))
   end
   table.sort(parts)
   io.write(string.format("statuses: %s\n", table.concat(parts, " ")))
   io.write(string.format("ok_2xx: %d\n", ok))
   io.write(string.format("sent: %d\n", sent))
   io.write("other: 0\n")
end
