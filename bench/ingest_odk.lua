-- ingest_odk.lua - wrk script for bench/ingest.sh: every request POSTs a
-- new opening checklist as ODK Collect sends it, an OpenRosa multipart
-- body with the instance's XML, to /openrosa/TOKEN/submission, the
-- observer's own token in the path and a new instanceID each time.
--
-- Environment: TOKENS (a file with one "OBSERVER TOKEN" line for each
-- observer with credentials), FORM_ID and FORM_VERSION (the XForm's id
-- and version as the formList gives them), STATIONS, RUN (a prefix
-- making instanceIDs unique across runs).

local stations = tonumber(os.getenv("STATIONS") or "1000")
local run = os.getenv("RUN") or "r"
local form_id = os.getenv("FORM_ID") or "bench_OP"
local form_version = os.getenv("FORM_VERSION") or "1"
local boundary = "----observa-bench-boundary"

local creds = {}
for line in io.lines(os.getenv("TOKENS")) do
   local observer, token = line:match("^(%S+) (%S+)$")
   if observer then table.insert(creds, { observer = observer, token = token }) end
end

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
end

local headers = {
   ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
   ["X-OpenRosa-Version"] = "1.0",
}

function request()
   n = n + 1
   local k = tid * 100000000 + n
   local c = creds[k % #creds + 1]
   local xml = string.format(
      '<?xml version="1.0"?>\n<data xmlns="http://www.w3.org/2002/xforms"' ..
      ' xmlns:odk="http://www.opendatakit.org/xforms" xmlns:orx="http://openrosa.org/xforms"' ..
      ' id="%s" version="%s" odk:prefix="OP"><station>S-%06d</station>' ..
      '<observer>%s</observer><A>1</A><B>07:%02d:00.000+05:00</B><C>%d</C><D>1</D>' ..
      '<E>1</E><F>1</F><G>1</G><H>0</H><I>0</I><J>1</J><K>0</K><Z>%d</Z><comment/>' ..
      '<orx:meta><orx:instanceID>uuid:%s-%d-%d</orx:instanceID></orx:meta></data>\n',
      form_id, form_version, k % stations + 1, c.observer, n % 60, n % 2, n % 2 + 3,
      run, tid, n)
   local body = "--" .. boundary .. "\r\n" ..
      'Content-Disposition: form-data; name="xml_submission_file"; filename="instance.xml"\r\n' ..
      "Content-Type: text/xml\r\n\r\n" .. xml .. "\r\n--" .. boundary .. "--\r\n"
   return wrk.format("POST", "/openrosa/" .. c.token .. "/submission", headers, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total, sent, ok, parts = {}, 0, 0, {}
   for _, t in ipairs(threads) do
      sent = sent + t:get("n")
      for code, c in pairs(t:get("statuses")) do
         total[code] = (total[code] or 0) + c
      end
   end
   for code, c in pairs(total) do
      if code >= 200 and code < 300 then ok = ok + c end
      table.insert(parts, string.format("%d=%d", code, c))
   end
   table.sort(parts)
   io.write(string.format("statuses: %s\nok_2xx: %d\nsent: %d\nother: %d\n",
      table.concat(parts, " "), ok, sent, 0))
end
