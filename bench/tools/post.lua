-- wrk script used by bench/run.sh: POST {} with a JSON content type and a Bearer key, cycling through the request
-- paths listed one per line in the file named by BENCH_PATHS (the token API's and the bare endpoint's lists have the
-- same length and shape, so both are driven identically). Environment: BENCH_PATHS, BENCH_KEY.

local paths_file = os.getenv("BENCH_PATHS")
local key = os.getenv("BENCH_KEY") or ""
local requests = {}
local n = 0

function init(args)
   local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
   if key ~= "" then
      headers["Authorization"] = "Bearer " .. key
   end
   for line in io.lines(paths_file) do
      if line ~= "" then
         requests[#requests + 1] = wrk.format("POST", line, headers, "{}")
      end
   end
   if #requests == 0 then
      error("no paths in " .. tostring(paths_file))
   end
   n = math.random(#requests) - 1
end

function request()
   n = n + 1
   if n > #requests then
      n = 1
   end
   return requests[n]
end
