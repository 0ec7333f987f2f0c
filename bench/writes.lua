-- wrk script for bench/writes.py: one write request, its body made unique per request.
-- Arguments: METHOD PATH BODY, where BODY may hold %d (replaced by a per-thread counter).
local counter = 0
local method, path, body

function init(args)
  method, path, body = args[1], args[2], args[3] or ""
  wrk.headers["Content-Type"] = "application/json"  -- beside -H Authorization (a table given to
                                                    -- wrk.format would replace wrk.headers)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
  counter = math.random(1, 1000000000)
end

local printed = false
function response(status, headers, body)
  if status >= 300 and not printed then
    print("first refused request: " .. status .. " " .. body)
    printed = true
  end
end

function request()
  counter = counter + 1
  local text = string.gsub(body, "%%d", tostring(counter))
  return wrk.format(method, path, nil, text)
end
