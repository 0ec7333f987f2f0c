-- bench/mix.lua: a wrk script that cycles through the request paths given after `--`.
--
--   wrk -t1 -c4 -d10s --latency -H 'Authorization: Bearer T' -s bench/mix.lua http://127.0.0.1:8042 -- /a /b
--
-- Each wrk thread cycles through the list in order; headers given with -H are kept.

local paths = {}
local next_index = 0

function init(args)
  for _, path in ipairs(args) do
    paths[#paths + 1] = path
  end
  if #paths == 0 then
    error("mix.lua: give the paths after --")
  end
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format(nil, paths[next_index])
end
